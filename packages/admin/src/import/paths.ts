/** The import page of a resource (a custom route, not one of the resource's own). */
export const IMPORT_PATH = '/import';
export const importPath = (resource: string) => `${IMPORT_PATH}/${encodeURIComponent(resource)}`;
