import fc from 'fast-check';
import pg from 'pg';
import { startTestApp, type TestApp } from '../support/app';
import { MASKS, SQL_MASKS } from '../../packages/api/src/core/access/mask';
import { asGraphQL } from '../../packages/api/src/core/access/field-guard';

// The masks PostgreSQL writes for the read compiler's text answers must be the JavaScript masks,
// character for character: both run here over generated values, in the real database.

let app: TestApp;
let db: pg.Client;
beforeAll(async () => {
  app = await startTestApp();
  db = new pg.Client({ connectionString: app.db.url });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await app.close();
});

const inSql = async (sql: string, value: unknown, type: string) => (await db.query(`select ${sql.replaceAll('$v', `$1::${type}`)} as m`, [value])).rows[0].m as string;

describe('masks written by PostgreSQL', () => {
  it('masks a name as maskName does, whatever its characters', async () => {
    const names = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('', '张', '张明', '欧阳明华', '𠀋𠀌', 'A'));
    await fc.assert(
      fc.asyncProperty(names.filter((s) => !s.includes('\u0000')), async (name) => {
        expect(await inSql(SQL_MASKS.NAME!.sql('$v'), name, 'text')).toBe(MASKS.NAME(name));
      }),
      { numRuns: 300, seed: 20261206 },
    );
  });

  it('masks a birth date as the object path shows it (year and month, the first of the month)', async () => {
    const dates = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    await fc.assert(
      fc.asyncProperty(dates, async (date) => {
        expect(await inSql(SQL_MASKS.BIRTH_DATE!.sql('$v'), date, 'date')).toBe(asGraphQL({ kind: 'date' } as never, MASKS.BIRTH_DATE(date)));
      }),
      { numRuns: 200, seed: 20261206 },
    );
  });
});
