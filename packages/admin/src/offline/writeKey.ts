/**
 * A key for one write, sent as `Idempotency-Key`: the server does a write once whatever the
 * copies (a retry after a lost answer, the outbox replayed after a reload). From getRandomValues,
 * which, unlike randomUUID, a county intranet served over plain http also has.
 */
export const newWriteKey = (): string => {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return `w-${Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('')}`;
};

/** The header of a keyed write, for Apollo's `context`. */
export const keyedContext = (key: string | undefined) => (key ? { headers: { 'Idempotency-Key': key } } : undefined);

/** The key a form's save carries in its variables (`meta.writeKey`), as the mutation cache holds them. */
export const writeKeyOf = (mutation: { state: { variables?: unknown } }): string | undefined =>
    (mutation.state.variables as { meta?: { writeKey?: string } } | undefined)?.meta?.writeKey;
