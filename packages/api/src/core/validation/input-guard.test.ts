import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { checkOperation } from './input-guard';

const schema = buildSchema(`
  input Filter { q: String, ids: [ID!] }
  type Query { find(name: String, filter: Filter): Int }
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
});
