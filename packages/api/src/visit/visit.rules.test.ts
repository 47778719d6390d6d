import { backdateDays, visitTimeProblems } from './visit.rules';

const now = new Date('2026-12-03T10:00:00+08:00');
const minutes = (m: number) => new Date(now.getTime() + m * 60_000);
const rules = (at: Date, days = 30) => visitTimeProblems(at, now, days).map((p) => p.rule);

describe('家访时间 (visitedAt)', () => {
  it('takes a time up to the backdate limit and a phone clock a few minutes ahead', () => {
    expect(rules(now)).toEqual([]);
    expect(rules(minutes(4))).toEqual([]);
    expect(rules(minutes(-30 * 24 * 60 + 1))).toEqual([]);
  });

  it('refuses a time in the future or further back than the limit, naming the field', () => {
    expect(rules(minutes(6))).toEqual(['VISIT_TIME_FUTURE']);
    expect(rules(minutes(-30 * 24 * 60 - 1))).toEqual(['VISIT_TIME_TOO_OLD']);
    expect(rules(minutes(-8 * 24 * 60), 7)).toEqual(['VISIT_TIME_TOO_OLD']);
    expect(visitTimeProblems(minutes(60), now)[0]).toMatchObject({ field: 'visitedAt' });
  });

  it('reads VISIT_BACKDATE_DAYS as whole days, 30 when unset, and refuses anything else', () => {
    expect(backdateDays(undefined)).toBe(30);
    expect(backdateDays('')).toBe(30);
    expect(backdateDays('0')).toBe(0);
    expect(backdateDays('45')).toBe(45);
    for (const bad of ['-1', '2.5', 'thirty']) expect(() => backdateDays(bad)).toThrow(/VISIT_BACKDATE_DAYS/);
  });
});
