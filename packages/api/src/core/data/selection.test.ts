import { buildSchema, graphql, type GraphQLResolveInfo } from 'graphql';
import { selectionOf, type Selection } from './selection';

const schema = buildSchema(`
  type School { id: ID! name: String code: String }
  type Pupil { id: ID! name: String school: School contacts(first: Int): [Pupil!]! }
  type Query { pupils: [Pupil!]! }
`);

/** The selection the list resolver sees for `query`. */
async function selectionFor(query: string, variableValues?: Record<string, unknown>): Promise<Selection> {
  let seen: Selection | undefined;
  const result = await graphql({ schema, source: query, variableValues, rootValue: { pupils: (_a: unknown, _c: unknown, info: GraphQLResolveInfo) => ((seen = selectionOf(info)), []) } });
  expect(result.errors).toBeUndefined();
  return seen!;
}
const tree = (s: Selection | null): unknown => (s ? Object.fromEntries([...s.fields].map(([k, v]) => [k, tree(v)])) : true);

describe('selectionOf', () => {
  it('merges aliases and fragments of a field by name, and keeps __typename apart', async () => {
    const s = await selectionFor(`
      query { pupils { __typename a: name b: name school { id } ...More ... on Pupil { school { code } } } }
      fragment More on Pupil { school { name } }`);
    expect(tree(s)).toEqual({ name: true, school: { id: true, name: true, code: true } });
    expect(s.args).toBe(false);
    // Where __typename stood, for answers written whole by PostgreSQL; aliases make them inexact.
    expect(s.typenameAt).toBe(0);
    expect(s.plain).toBe(false);
  });

  it('applies @skip and @include with variables', async () => {
    const s = await selectionFor('query ($no: Boolean!, $yes: Boolean!) { pupils { id name @skip(if: $yes) school @include(if: $no) { id } contacts @include(if: $yes) { id } } }', { no: false, yes: true });
    expect(tree(s)).toEqual({ id: true, contacts: { id: true } });
  });

  it('notes arguments on a nested field, which the compiler leaves to resolvers', async () => {
    const s = await selectionFor('{ pupils { contacts(first: 2) { id } } }');
    expect(s.args).toBe(true);
  });
});
