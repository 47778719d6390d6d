import { createHash } from 'node:crypto';

/**
 * The name a statement is prepared under, from its text: compiled reads, a write's lookups of its
 * references and its rules' reads are planned once per connection, not on every request. Distinct
 * texts are bounded, since each stays prepared on every connection that ran it; past the bound new
 * ones run unnamed (undefined).
 */
const MAX_PREPARED = 2000;
const prepared = new Map<string, string>();
export function statementName(text: string): string | undefined {
  let name = prepared.get(text);
  if (!name && prepared.size < MAX_PREPARED) prepared.set(text, (name = `jf_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`));
  return name;
}
