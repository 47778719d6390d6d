import { escapeLiteral } from 'pg';
import { SqlParams } from './sql-params';

const ID = '0a1b2c3d-0000-4000-8000-000000000001';

describe('SqlParams.inlined', () => {
  it('writes text, numbers and lists of ids in as literals, each placeholder in its place', () => {
    const p = new SqlParams();
    const text = "O'Brien \\ x";
    const ids = [ID];
    const sql = `a = ${p.add(text)} and b = any(${p.shared(ids, '::uuid[]')}) and c = ${p.add(7)} and d = any(${p.shared(ids, '::uuid[]')})`;
    expect(p.inlined(sql)).toBe(`a = ${escapeLiteral(text)} and b = any('{${ID}}'::uuid[]) and c = 7 and d = any('{${ID}}'::uuid[])`);
    // The quote doubled, the backslash taken literally: the text stays one value.
    expect(escapeLiteral(text)).toBe(" E'O''Brien \\\\ x'");
  });

  it('writes a negative number in brackets: after a minus it would open a comment', () => {
    const p = new SqlParams();
    expect(p.inlined(`x-${p.add(-1)} and y = ${p.add(2)}`)).toBe('x-(-1) and y = 2');
  });

  it('tells $1 from $10', () => {
    const p = new SqlParams();
    const refs = Array.from({ length: 10 }, (_v, i) => p.add(i + 1));
    expect(p.inlined(`${refs[0]} ${refs[9]}`)).toBe('1 10');
  });

  it('writes in nothing it cannot write safely: a list of anything but ids, an object, a date, NaN', () => {
    // Text with `?` (knex would take it for a placeholder) or NUL (it ends a protocol message) too.
    for (const value of [['not an id'], [`${ID}'`], [1, 2], { a: 1 }, new Date(0), Number.NaN, null, 'a?b', 'a\0b']) {
      const p = new SqlParams();
      expect(p.inlined(`x = ${p.add(value)}`)).toBeUndefined();
    }
  });
});
