type Data = Record<string, unknown>;

/** Apollo adds `__typename` to every object it reads; input objects refuse it. */
export const withoutTypenames = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(withoutTypenames);
    if (value && typeof value === 'object' && !(value instanceof Date) && !(value instanceof File)) {
        return Object.fromEntries(
            Object.entries(value as Data)
                .filter(([key]) => key !== '__typename')
                .map(([key, inner]) => [key, withoutTypenames(inner)]),
        );
    }
    return value;
};

const same = (a: unknown, b: unknown) => JSON.stringify(withoutTypenames(a ?? null)) === JSON.stringify(withoutTypenames(b ?? null));

/**
 * Only what the editor changed, among the mutation's arguments. Sending an unchanged value of a
 * field the role may not write (a masked 身份证号, a name the aid centre only reads) is refused by
 * the API, and a locked (disabled) input submits nothing at all.
 */
export const changedArguments = (data: Data, previous: Data | undefined, argumentNames: Set<string>): Data =>
    Object.fromEntries(
        Object.entries(data)
            .filter(([key, value]) => argumentNames.has(key) && value !== undefined && !same(value, previous?.[key]))
            .map(([key, value]) => [key, withoutTypenames(value)]),
    );

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

/** A new record's list entries (its guardians) without the inputs left empty: the API's defaults apply. */
const withoutEmptyInEntries = (value: unknown): unknown =>
    Array.isArray(value)
        ? value.map(item => (item && typeof item === 'object' ? Object.fromEntries(Object.entries(item as Data).filter(([, v]) => !isEmpty(v))) : item))
        : value;

/** What a create form filled in, among the mutation's arguments. */
export const givenArguments = (data: Data, argumentNames: Set<string>): Data =>
    Object.fromEntries(
        Object.entries(data)
            .filter(([key, value]) => argumentNames.has(key) && value !== undefined && value !== '')
            .map(([key, value]) => [key, withoutEmptyInEntries(withoutTypenames(value))]),
    );
