import type { AdminModel } from './types';

/**
 * How an autocomplete over `resource` finds its choices: typing searches with `q` when the role
 * may search it; otherwise (a search over fields it sees masked is refused) a longer first page.
 */
export const referenceChoices = (model: AdminModel, resource: string) => {
    const searchable = !!model.byName.get(resource)?.filters.some(f => f.kind === 'search');
    return {
        filterToQuery: searchable ? (q: string) => (q ? { q } : {}) : () => ({}),
        perPage: searchable ? 25 : 200,
    };
};
