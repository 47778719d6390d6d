import type { SchemaIndex } from '../auto/introspection';
import { selectionOf } from '../auto/session';
import { useSchema } from '../auto/useAdminModel';
import { graphqlFetch } from '../graphqlFetch';
import { perToken } from '../token';
import { useLoaded, type Loaded } from '../useLoaded';
import type { ImportInfo } from './types';

const QUERY = 'importableResources';
const WANTED = { resource: true, label: true, op: true, ops: true, key: true, keyLabel: true, templatePath: true, uploadPath: true } as const;

// Read once per token (what a role may import depends on it), shared by every list toolbar.
const fetchImportables = perToken((selection: string) =>
    graphqlFetch<Record<string, ImportInfo[] | null>>(`query importables { ${QUERY} ${selection} }`).then(
        data => new Map((data[QUERY] ?? []).map(info => [info.resource, info] as const)),
    ),
);

/** The resources the signed-in role may import, by name; empty when the API offers no imports. */
export const loadImportables = (schema: SchemaIndex): Promise<Map<string, ImportInfo>> => {
    const selection = selectionOf(schema, schema.queries.get(QUERY), WANTED);
    return selection ? fetchImportables(selection) : Promise.resolve(new Map());
};

/** How the resource is imported, or null when the role may not (also while unknown, for buttons). */
export const useImportable = (resource: string | undefined): Loaded<{ info: ImportInfo | null }> => {
    const schema = useSchema();
    return useLoaded(
        schema && resource ? () => loadImportables(schema).then(all => ({ info: all.get(resource) ?? null })) : undefined,
        [schema, resource],
    );
};
