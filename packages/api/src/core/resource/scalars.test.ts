import { Kind } from 'graphql';
import { DateTimeISO, LocalDate } from './scalars';

describe('date scalars', () => {
  it('send column values as they are', () => {
    expect(LocalDate.serialize('2016-01-23')).toBe('2016-01-23');
    expect(DateTimeISO.serialize('2026-12-03T08:15:00.123Z')).toBe('2026-12-03T08:15:00.123Z');
    expect(DateTimeISO.serialize(new Date(Date.UTC(2026, 11, 3, 8, 15)))).toBe('2026-12-03T08:15:00.000Z');
  });

  it('still refuse what is not a date on the way out', () => {
    for (const bad of ['2016-13-01', '2016-1-1', 'x', 20160101, null]) expect(() => LocalDate.serialize(bad)).toThrow();
    expect(() => DateTimeISO.serialize(new Date(NaN))).toThrow();
    expect(() => DateTimeISO.serialize('yesterday')).toThrow();
  });

  it('keep the full check on input', () => {
    expect(() => LocalDate.parseValue('2020-02-30')).toThrow();
    expect(() => LocalDate.parseLiteral({ kind: Kind.STRING, value: '2021-02-29' }, {})).toThrow();
    expect(LocalDate.parseValue('2020-02-29')).toBe('2020-02-29');
    expect(() => DateTimeISO.parseValue('2020-02-30T00:00:00Z')).toThrow();
  });
});
