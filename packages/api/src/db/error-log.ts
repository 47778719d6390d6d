/**
 * How an error is written to the server log. A database error's message holds its statement with
 * every value inlined (knex and MikroORM put the SQL in front of PostgreSQL's message), and its
 * detail and context name values too ("Key (id_number)=(…)", "COPY student, line 3, column name:
 * …"): a child's name or 身份证号 must not reach the log that way. So a database error is logged as
 * its class, SQLSTATE, the constraint, table and column it names, and the statement's shape with
 * every literal replaced by `?`; its detail, hint and context are left out. The stack keeps its
 * frames only (its first line repeats the message).
 */
export function describeForLog(err: unknown): string {
  const e = unwrap(err);
  if (!(e instanceof Error)) return redact(String(e));
  const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 12).join('\n');
  const db = e as Error & { code?: unknown; constraint?: string; table?: string; column?: string };
  const names = (['constraint', 'table', 'column'] as const).filter((k) => typeof db[k] === 'string' && db[k]).map((k) => `${k}=${db[k]}`);
  const code = typeof db.code === 'string' ? ` [${db.code}]` : '';
  return `${e.name}${code}${names.length ? ` (${names.join(', ')})` : ''}: ${redact(e.message)}${frames ? `\n${frames}` : ''}`;
}

/** The first line of an error's message without its values, for a one-line note (an outage, a probe). */
export function briefForLog(err: unknown): string {
  return redact(((err as Error | null)?.message ?? String(err)).split('\n')[0]);
}

/** The original error behind GraphQL's located error. */
function unwrap(err: unknown): unknown {
  let e = err;
  for (let i = 0; i < 5 && e && typeof e === 'object' && 'originalError' in e && (e as { originalError?: unknown }).originalError; i++) {
    e = (e as { originalError: unknown }).originalError;
  }
  return e;
}

/**
 * The text with its literals replaced by `?`: SQL strings ('…', E'…', with '' inside), values
 * PostgreSQL quotes after a colon (invalid input syntax for type uuid: "…"), parenthesised key
 * values, and runs of digits (ids, dates, phone and 身份证 numbers); identifiers in double quotes
 * elsewhere stay, since they name tables, columns and constraints.
 */
export function redact(text: string): string {
  return text
    .replace(/[Ee]?'(?:[^']|'')*'/g, '?')
    .replace(/: "(?:[^"\\]|\\.)*"/g, ': "?"')
    .replace(/=\((?:[^()]|\([^()]*\))*\)/g, '=(?)')
    .replace(/(?<![\w"])\d[\dXx\-:.]*(?![\w"])/g, '?');
}
