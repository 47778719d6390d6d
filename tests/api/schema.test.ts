import fs from 'node:fs';
import path from 'node:path';
import { UnderscoreNamingStrategy } from '@mikro-orm/core';
import { printApiSchema } from '../../packages/api/src/schema/build';
import { resources } from '../../packages/api/src/registry';
import { startTestApp, type TestApp } from '../support/app';

let app: TestApp;
beforeAll(async () => (app = await startTestApp()));
afterAll(() => app.close());

describe('schema and migrations follow the entity declarations', () => {
  it('has schema.graphql current (regenerate with `pnpm schema`)', async () => {
    const committed = fs.readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8');
    expect(await printApiSchema()).toBe(committed);
  });

  it('has migrations that build exactly the tables the entities declare (else `pnpm migration:create`)', async () => {
    const pending = await app.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(pending.trim()).toBe('');
  });

  it('indexes every reference, every field the screens filter or sort by (but a balanced one), and every searched field', async () => {
    const naming = new UnderscoreNamingStrategy();
    const rows = await app.sql<{ tablename: string; indexdef: string }>("select tablename, indexdef from pg_indexes where schemaname = 'public'");
    const missing: string[] = [];
    const balancedIndexed: string[] = [];
    for (const res of resources()) {
      const table = naming.classToTableName(res.name);
      const defs = rows.filter((r) => r.tablename === table).map((r) => r.indexdef);
      for (const f of res.fields) {
        const column = f.kind === 'ref' ? `${naming.propertyToColumnName(f.name)}_id` : naming.propertyToColumnName(f.name);
        const leading = defs.some((d) => new RegExp(`\\("?${column}"?[ ,)]`).test(d));
        if ((f.kind === 'ref' || (f.indexed && !f.balanced)) && !leading) missing.push(`${table}.${column}`);
        // Half the table per value: an index of its own would only mislead the planner (a gender).
        if (f.balanced && leading) balancedIndexed.push(`${table}.${column}`);
        if (f.search && !defs.some((d) => d.includes(`${column} gin_trgm_ops`))) missing.push(`${table}.${column} (trigram)`);
      }
    }
    expect(missing).toEqual([]);
    expect(balancedIndexed).toEqual([]);
    expect(resources().flatMap((r) => r.fields.filter((f) => f.balanced).map((f) => `${r.name}.${f.name}`))).toEqual(['Student.gender']);
  });
});
