import { isCalendarDay } from './school-year';

describe('isCalendarDay', () => {
  it('takes a day of the calendar written YYYY-MM-DD, and nothing else', () => {
    for (const ok of ['2024-10-08', '2024-02-29', '2025-12-31']) expect(isCalendarDay(ok)).toBe(true);
    for (const bad of ['2025-02-29', '2024-02-30', '2024-13-01', '2024/10/08', '2024-10-8', '20241008', '']) expect(isCalendarDay(bad)).toBe(false);
  });
});
