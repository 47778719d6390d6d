import type { RaRecord } from 'react-admin';
import { isListType, namedTypeOf, type SchemaIndex } from './introspection';
import { recordFields } from './selection';

/** A list column naming another record (`schoolId`, or `student.id`) and the object field the list query can read it through. */
export interface Prefetch {
    source: string;
    object: string;
    target: string;
    /** `student { id }` is a field of the record itself; `school` beside `schoolId` is not. */
    kept: boolean;
}

type SparseField = string | Record<string, SparseField[]>;

/** The columns among `sources` whose records the list query can bring along. */
export const prefetchesOf = (schema: SchemaIndex, resource: string, sources: readonly string[]): Prefetch[] => {
    const type = schema.resourcesByName.get(resource)?.type;
    return sources.flatMap(source => {
        const kept = source.endsWith('.id');
        const object = kept ? source.slice(0, -3) : source.replace(/Id$/, '');
        const field = object !== source ? type?.fields.find(f => f.name === object) : undefined;
        if (!field || isListType(field.type)) return [];
        const target = namedTypeOf(field.type).name;
        return schema.resourcesByName.has(target) ? [{ source, object, target, kept }] : [];
    });
};

/**
 * ra-data-graphql-simple's sparse fields for a list with its references: each referenced record
 * with the very fields a getMany of it would read, so the cache holds the same record either way.
 */
export const sparseFieldsWith = (schema: SchemaIndex, fields: readonly string[], prefetches: readonly Prefetch[]): SparseField[] => {
    const nested = new Set(prefetches.map(p => p.object));
    return [
        ...fields.filter(f => !nested.has(f)),
        ...prefetches.map(p => ({ [p.object]: recordFields(schema, p.target) })),
    ];
};

/** The list's records as before (`school` gone, `student` back to `{ id }`), and the referenced records by resource. */
export const splitPrefetched = (
    records: readonly RaRecord[],
    prefetches: readonly Prefetch[],
): { records: RaRecord[]; prefetched: Map<string, RaRecord[]> } => {
    const prefetched = new Map<string, Map<string, RaRecord>>();
    const own = records.map(record => {
        const copy: Record<string, unknown> = { ...record };
        for (const p of prefetches) {
            const referenced = copy[p.object] as RaRecord | null | undefined;
            if (referenced?.id != null) {
                const byId = prefetched.get(p.target) ?? new Map<string, RaRecord>();
                byId.set(String(referenced.id), referenced);
                prefetched.set(p.target, byId);
            }
            if (p.kept) {
                if (referenced) copy[p.object] = { id: referenced.id };
            } else {
                delete copy[p.object];
                delete copy[`${p.object}.id`];
            }
        }
        return copy as RaRecord;
    });
    return { records: own, prefetched: new Map([...prefetched].map(([target, byId]) => [target, [...byId.values()]])) };
};
