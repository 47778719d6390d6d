import { resources } from '../../packages/api/src/registry';
import { gqlNames } from '../../packages/api/src/core/names';
import { isSortable } from '../../packages/api/src/core/crud/gql-types';
import { startTestApp, type TestApp } from '../support/app';
import { createBureau, FIXTURE_PASSWORD } from '../support/fixtures';
import { createRoster } from '../support/roster';

// Every resource answers its list, count and every sort and filter operator it advertises,
// over data that exists, without a server error: the generic machinery holds for each entity.
let app: TestApp;
let token: string;

beforeAll(async () => {
  app = await startTestApp();
  const b = await createBureau(app.orm);
  token = await app.login(b.username, FIXTURE_PASSWORD);
  await createRoster(app, token);
});
afterAll(() => app.close());

describe.each(resources().map((r) => [r.name, r] as const))('%s', (_name, res) => {
  const n = gqlNames(res.name);

  it('sorts by every sortable field in both directions', async () => {
    for (const f of res.fields.filter(isSortable)) {
      for (const order of ['ASC', 'DESC']) {
        const out = await app.gql(`{ ${n.list}(sortField: "${f.gqlName}", sortOrder: "${order}", perPage: 5) { id } ${n.meta} { count } }`, {}, token);
        expect({ field: f.gqlName, errors: out.errors }).toEqual({ field: f.gqlName, errors: undefined });
      }
    }
  });

  it('accepts every filter it advertises', async () => {
    const type = (await app.ok(`{ __type(name: "${n.filterInput}") { inputFields { name type { kind name ofType { kind name ofType { kind name } } } } } }`, {}, token)).__type;
    type T = { kind: string; name: string | null; ofType: T | null };
    const unwrap = (t: T): T => (t.name ? t : unwrap(t.ofType!));
    const sample: Record<string, unknown> = { String: 'x', ID: '00000000-0000-4000-8000-000000000000', Int: 1, Boolean: true, LocalDate: '2024-09-01', DateTimeISO: '2024-09-01T00:00:00Z' };
    for (const field of type.inputFields as Array<{ name: string; type: T }>) {
      const named = unwrap(field.type);
      let value: unknown = sample[named.name!];
      if (named.kind === 'ENUM') {
        const e = (await app.ok(`{ __type(name: "${named.name}") { enumValues { name } } }`, {}, token)).__type;
        value = e.enumValues[0].name;
      }
      if (field.type.kind === 'LIST') value = [value];
      const out = await app.gql(`query ($f: ${n.filterInput}) { ${n.list}(filter: $f, perPage: 1) { id } }`, { f: { [field.name]: value } }, token);
      expect({ filter: field.name, errors: out.errors }).toEqual({ filter: field.name, errors: undefined });
    }
  });
});
