import fc from 'fast-check';
import {
  buildClientSchema, getIntrospectionQuery, getNamedType, getNullableType, isEnumType, isInputObjectType, isLeafType, isListType, isNonNullType, isScalarType,
  type GraphQLField, type GraphQLInputType, type GraphQLSchema, type IntrospectionQuery,
} from 'graphql';
import { startTestApp, type TestApp } from '../support/app';
import { createCounty } from '../support/county';

// Every mutation of the schema, with arguments generated from the schema itself (a new resource
// or workflow is covered without new test code), sent over HTTP: whatever the input, the answer
// is a result or an error with a code, never an internal error, SQL or a stack; and a refused
// call leaves every table as it was.

let app: TestApp;
let county: Awaited<ReturnType<typeof createCounty>>;
let schema: GraphQLSchema;
let idPool: string[];
let tables: string[];

/** Accounts the properties must not lock out (changing the caller's own password ends its session). */
const SKIPPED = new Set(['changePassword']);

beforeAll(async () => {
  app = await startTestApp();
  county = await createCounty(app);
  const introspection = await app.ok<IntrospectionQuery>(getIntrospectionQuery(), undefined, county.users.BUREAU_ADMIN);
  schema = buildClientSchema(introspection);
  // rate_limit counts requests and failed logins (a refused login is counted there by design).
  tables = (await app.sql<{ t: string }>("select tablename as t from pg_tables where schemaname = 'public' and tablename not like 'mikro_orm%' and tablename <> 'rate_limit' order by 1")).map((r) => r.t);
  // Ids that exist (so rules beyond "not found" are reached), except the caller's own account.
  const ids: string[] = [];
  for (const t of tables) {
    const hasId = await app.sql("select 1 from information_schema.columns where table_name = ? and column_name = 'id' and data_type = 'uuid'", [t]);
    if (hasId.length) ids.push(...(await app.sql<{ id: string }>(`select id from "${t}" order by id limit 3`)).map((r) => r.id));
  }
  const me = await app.ok('{ me { id } }', undefined, county.users.BUREAU_ADMIN);
  idPool = ids.filter((id) => id !== me.me.id);
}, 120_000);
afterAll(() => app.close());

const nasty = fc.constantFrom(
  '\u0000', 'a\u0000b', '\ud800', 'x\udc00y', '', ' ', "'; drop table student; --", '=1+1', '%_\\', '{"a":1}', '张三\n李四', '🙂'.repeat(3),
  '0000-01-01', '2024-02-30', 'x'.repeat(5000), '١٢٣', 'null',
);
const text = fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 12 }) }, { weight: 2, arbitrary: nasty }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) });
const dates = fc.oneof(
  fc.date({ min: new Date('1890-01-01'), max: new Date('2110-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('0000-01-01', '2024-02-30', '1900-01-01', '2100-12-31', '9999-12-31', '2024-13-01', 'today'),
);

function scalar(name: string): fc.Arbitrary<unknown> {
  switch (name) {
    case 'ID':
      return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...idPool) }, { weight: 1, arbitrary: fc.uuid() }, { weight: 1, arbitrary: text });
    case 'Int':
      return fc.oneof(fc.integer({ min: -3, max: 40 }), fc.constantFrom(0, -1, 2_147_483_647, -2_147_483_648));
    case 'Float':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'Boolean':
      return fc.boolean();
    case 'LocalDate':
      return dates;
    case 'DateTimeISO':
      return fc.oneof(dates.map((d) => `${d}T08:00:00.000Z`), fc.constantFrom('0000-01-01T00:00:00Z', '2024-02-30T00:00:00Z'));
    default:
      return text;
  }
}

/** A value for an input type: required parts always, optional ones sometimes, null sometimes. */
function valueOf(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  const required = isNonNullType(type);
  const t = getNullableType(type) as GraphQLInputType;
  let arb: fc.Arbitrary<unknown>;
  if (isListType(t)) arb = fc.array(valueOf(t.ofType as GraphQLInputType, depth + 1), { maxLength: depth ? 2 : 3 });
  else if (isEnumType(t)) arb = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...t.getValues().map((v) => v.name)) }, { weight: 1, arbitrary: fc.constant('NOT_A_VALUE') });
  else if (isInputObjectType(t)) {
    const fields = Object.values(t.getFields());
    arb = depth > 3 ? fc.constant({}) : fc.record(Object.fromEntries(fields.map((f) => [f.name, valueOf(f.type, depth + 1)])), {
      requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
    });
  } else arb = scalar(isScalarType(t) ? t.name : 'String');
  return required ? arb : fc.option(arb, { nil: null, freq: 5 });
}

function operationOf(name: string, field: GraphQLField<unknown, unknown>) {
  const defs = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return `mutation${defs ? `(${defs})` : ''} { ${name}${args ? `(${args})` : ''}${selection} }`;
}

const counts = async () => {
  const [row] = await app.sql<{ c: string }>(`select concat_ws(',', ${tables.map((t) => `(select count(*) from "${t}")`).join(', ')}) as c`);
  return row.c;
};

const LEAKS = /\b(select|insert into|update|delete from)\b.*\b(from|set|values|where)\b|node_modules|\bat \S+ \(|\/work\/|violates|constraint "|syntax error|pg_/is;

async function send(query: string, variables: Record<string, unknown>, token?: string) {
  const res = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.text();
  return { status: res.status, body, json: JSON.parse(body) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}

function expectSafe(answer: Awaited<ReturnType<typeof send>>, context: string) {
  expect({ context, status: answer.status < 500 }).toEqual({ context, status: true });
  for (const e of answer.json.errors ?? []) {
    expect({ context, code: typeof e.extensions?.code }).toEqual({ context, code: 'string' });
    expect({ context, code: e.extensions?.code }).not.toEqual({ context, code: 'INTERNAL_SERVER_ERROR' });
  }
  expect({ context, leak: LEAKS.exec(answer.body)?.[0] ?? null }).toEqual({ context, leak: null });
}

it('every mutation answers generated input with a result or a coded refusal, and a refusal writes nothing', async () => {
  const mutations = Object.entries(schema.getMutationType()!.getFields()).filter(([name]) => !SKIPPED.has(name));
  expect(mutations.length).toBeGreaterThan(100);
  for (const [name, field] of mutations) {
    const query = operationOf(name, field);
    const args = fc.record(Object.fromEntries(field.args.map((a) => [a.name, valueOf(a.type)])));
    await fc.assert(
      fc.asyncProperty(args, async (variables) => {
        const before = await counts();
        const answer = await send(query, variables, county.users.BUREAU_ADMIN);
        expectSafe(answer, `${name} ${JSON.stringify(variables).slice(0, 300)}`);
        if (answer.json.errors?.length && !answer.json.data?.[name]) expect({ name, counts: await counts() }).toEqual({ name, counts: before });
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 12), endOnFailure: true },
    );
  }
}, 600_000);

it('an anonymous login with any username and password is answered, never an internal error', async () => {
  await fc.assert(
    fc.asyncProperty(text, text, async (username, password) => {
      expectSafe(await send('mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', { u: username, p: password }), `login ${JSON.stringify(username)}`);
    }),
    { numRuns: 60 },
  );
});
