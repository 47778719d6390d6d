import type { ResourceSpec } from '../resource/spec';

/** Where a resource's printed form is downloaded (served by http/forms.ts, and as a page at the same path with .html); `{id}` is the record's id. */
export const printFormPath = (res: ResourceSpec) => `/forms/${res.name}/{id}.xlsx`;
