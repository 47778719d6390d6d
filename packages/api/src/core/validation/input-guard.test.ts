import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import fc from 'fast-check';
import { checkOperation, MAX_TEXT } from './input-guard';

const schema = buildSchema(`
  input Filter { q: String, ids: [ID!] }
  type Query { find(name: String, filter: Filter): Int, upload(data: String): Int }
`);
const operationOf = (source: string) => {
  const document = parse(source);
  return { document, operation: document.definitions[0] as OperationDefinitionNode };
};
const codeOf = (run: () => void) => {
  try {
    run();
    return 'ok';
  } catch (err) {
    return (err as { extensions?: { code?: string } }).extensions?.code ?? String(err);
  }
};

describe('input guard, walked once per operation', () => {
  it('checks variables on every request of the same parsed operation', () => {
    const { document, operation } = operationOf('query ($f: Filter) { find(name: "甲", filter: $f) }');
    const check = (variables: Record<string, unknown>) => codeOf(() => checkOperation(schema, document, operation, variables));
    expect(check({ f: { q: '张' } })).toBe('ok');
    expect(check({ f: { q: 'a\u0000b' } })).toBe('BAD_USER_INPUT');
    expect(check({ f: { ids: ['not-a-uuid'] } })).toBe('BAD_USER_INPUT');
    expect(check({ f: { q: '张' } })).toBe('ok');
  });

  it('refuses a bad literal every time, not only the first', () => {
    const { document, operation } = operationOf('{ find(name: "a\\u0000b") }');
    for (let i = 0; i < 3; i++) expect(codeOf(() => checkOperation(schema, document, operation, undefined))).toBe('BAD_USER_INPUT');
  });

  it('checks literals inside fragments and beside variables', () => {
    const { document, operation } = operationOf('query ($n: String) { ...F find(name: $n) } fragment F on Query { find(filter: { ids: ["x"] }) }');
    expect(codeOf(() => checkOperation(schema, document, operation, { n: 'ok' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => checkOperation(schema, document, operation, { n: 'ok' }))).toBe('BAD_USER_INPUT');
  });

  it('answers a warmed operation as a first one: the same refusal, naming the same field and path', () => {
    const source = 'query ($f: Filter, $n: String, $d: String) { find(name: $n, filter: $f) upload(data: $d) b: find(filter: { q: $n, ids: ["0a1b2c3d-0000-4000-8000-000000000001"] }) }';
    const warmed = operationOf(source);
    checkOperation(schema, warmed.document, warmed.operation, {});
    const answer = (op: ReturnType<typeof operationOf>, variables: Record<string, unknown>) => {
      try {
        checkOperation(schema, op.document, op.operation, variables, { uncapped: ['upload.data'] });
        return 'ok';
      } catch (err) {
        const e = (err as { extensions: Record<string, unknown> }).extensions;
        return `${e.code} ${e.field} ${e.path} ${e.rule}`;
      }
    };
    const text = fc.oneof(fc.string(), fc.constantFrom('a\u0000b', '\ud800', 'x'.repeat(MAX_TEXT + 1), '张三'));
    const id = fc.oneof(fc.uuid(), fc.constantFrom('not-a-uuid', ''));
    fc.assert(
      fc.property(fc.record({ f: fc.option(fc.record({ q: fc.option(text), ids: fc.option(fc.array(id, { maxLength: 3 })) }, { requiredKeys: [] })), n: fc.option(text), d: fc.option(text) }, { requiredKeys: [] }), (variables) => {
        // A first parse walks every argument; the warmed one only the variables, unless one has a problem.
        expect(answer(warmed, variables)).toBe(answer(operationOf(source), variables));
      }),
      { numRuns: 300 },
    );
  });

  it('lets a long text through where it is uncapped once warmed, and still names a long one elsewhere', () => {
    const { document, operation } = operationOf('query ($d: String) { upload(data: $d) find(name: "甲") }');
    const long = 'x'.repeat(MAX_TEXT + 1);
    for (let i = 0; i < 2; i++) expect(codeOf(() => checkOperation(schema, document, operation, { d: long }, { uncapped: ['upload.data'] }))).toBe('ok');
    expect(codeOf(() => checkOperation(schema, document, operation, { d: long }))).toBe('BAD_USER_INPUT');
  });
});
