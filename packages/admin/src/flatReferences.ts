type Data = Record<string, unknown>;

const isReference = (value: unknown): boolean =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && 'id' in value;

/**
 * ra-data-graphql-simple turns a nested `school: { id }` into the `schoolId` argument,
 * overwriting an edited flat `schoolId` when `school` comes later in the record.
 * Dropping the nested copy (and the parser's `school.id` keys) lets the flat key win.
 */
export const withFlatReferencesOnly = <T extends Data>(data: T): T =>
    Object.fromEntries(
        Object.entries(data).filter(
            ([key, value]) => !key.includes('.') && !(isReference(value) && `${key}Id` in data),
        ),
    ) as T;
