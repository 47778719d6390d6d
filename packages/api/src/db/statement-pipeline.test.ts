import fc from 'fast-check';
import { knex } from '@mikro-orm/postgresql';
import { positional } from './statement-pipeline';

// A rule's read is prepared under one name whether preparedRows (through knex) or a pipeline sends
// it first on a connection; pg refuses a name given a second text, so both must number alike.
const client = knex({ client: 'pg' });

describe('positional', () => {
  it('numbers a text’s placeholders exactly as knex does for PostgreSQL, escaped ones and casts included', () => {
    // Not `??` (knex's identifier) nor two backslashes running (knex's own two steps disagree on them).
    const text = fc.array(fc.constantFrom('?', '\\?', '\\', '?::date', "'a'", 'x = ', ' ', '$'), { maxLength: 12 }).map((parts) => parts.join('')).filter((t) => !t.includes('??') && !t.includes('\\\\'));
    fc.assert(
      fc.property(text, (t) => {
        const placeholders = (positional(t).match(/\$\d+/g) ?? []).length;
        expect(positional(t)).toBe(client.raw(t, Array.from({ length: placeholders }, (_, i) => i)).toSQL().toNative().sql);
      }),
      { numRuns: 500 },
    );
  });
});
