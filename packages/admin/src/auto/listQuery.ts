import type { AdminModel, AutoField, AutoResource } from './types';
import { sourceOf } from './fieldFor';

/** Rows per list page, everywhere. */
export const PER_PAGE = 25;

/** Every field a column can show; child lists have tabs on the Show page instead. */
export const listableFields = (resource: AutoResource): AutoField[] => {
    const fields = resource.fields.filter(f => f.kind !== 'children');
    // The display field leads, unless it is a paragraph (then it keeps its place, cut short).
    const display = fields.find(f => f.name === resource.display && f.kind !== 'longText');
    return display ? [display, ...fields.filter(f => f !== display)] : fields;
};

/**
 * The list query's `meta`: the records the first columns name come with the page
 * (dataProvider.ts reads them in the same request) instead of a request per column.
 */
export const listMeta = (resource: AutoResource, model: AdminModel) => {
    const readable = new Set(model.resources.map(r => r.name));
    const prefetch = listableFields(resource)
        .filter(f => (f.kind === 'ref' || f.kind === 'objectRef') && f.visibility === 'READ' && readable.has(f.target!))
        .filter(f => resource.listColumns.includes(f.name))
        .map(sourceOf);
    return { prefetch };
};

/**
 * react-admin's cache key for the first page of a list opened with nothing in its address or
 * its stored state (useGetList: resource, 'getList', pagination, sort, filter, meta).
 */
export const firstPageKey = (resource: AutoResource, model: AdminModel) =>
    [
        resource.name,
        'getList',
        {
            pagination: { page: 1, perPage: PER_PAGE },
            sort: resource.defaultSort,
            filter: {},
            meta: listMeta(resource, model),
        },
    ] as const;
