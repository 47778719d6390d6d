import { useEffect, useState } from 'react';
import type { SchemaIndex } from '../auto/introspection';
import { selectionOf } from '../auto/session';
import { useSchema } from '../auto/useAdminModel';
import { graphqlFetch } from '../graphqlFetch';
import { getToken } from '../token';
import type { ImportInfo } from './types';

const QUERY = 'importableResources';
const WANTED = { resource: true, label: true, op: true, ops: true, key: true, keyLabel: true, templatePath: true, uploadPath: true } as const;

// Read once per token (what a role may import depends on it), shared by every list toolbar.
const cache = new Map<string, Promise<Map<string, ImportInfo>>>();

/** The resources the signed-in role may import, by name; empty when the API offers no imports. */
export const loadImportables = (schema: SchemaIndex): Promise<Map<string, ImportInfo>> => {
    const selection = selectionOf(schema, schema.queries.get(QUERY), WANTED);
    if (!selection) return Promise.resolve(new Map());
    const key = getToken() ?? '';
    let found = cache.get(key);
    if (!found) {
        found = graphqlFetch<Record<string, ImportInfo[] | null>>(`query importables { ${QUERY} ${selection} }`).then(
            data => new Map((data[QUERY] ?? []).map(info => [info.resource, info] as const)),
        );
        const pending = found;
        pending.catch(() => cache.get(key) === pending && cache.delete(key));
        cache.clear();
        cache.set(key, pending);
    }
    return found;
};

export type ImportableState = { status: 'loading' } | { status: 'ready'; info: ImportInfo | null } | { status: 'error'; error: Error };

/** How the resource is imported, or null when the role may not (also while unknown, for buttons). */
export const useImportable = (resource: string | undefined): ImportableState => {
    const schema = useSchema();
    const [state, setState] = useState<ImportableState>({ status: 'loading' });
    useEffect(() => {
        if (!schema || !resource) return undefined;
        let active = true;
        loadImportables(schema).then(
            all => active && setState({ status: 'ready', info: all.get(resource) ?? null }),
            (error: unknown) => active && setState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
        );
        return () => {
            active = false;
        };
    }, [schema, resource]);
    return state;
};
