import { defineReport, type ReportColumn } from './spec';
import type { ReportRow } from './run';
import { sheetRows, withholdSmallCells } from './small-cells';

const spec = (columns: ReportColumn[], extra: Partial<Parameters<typeof defineReport>[0]> = {}) =>
  defineReport({
    name: 'testReport', title: '测试', form: '测试', description: '', kind: 'aggregate', args: [], place: 'school',
    defaultGrouping: 'SCHOOL', columns, base: () => '', ...extra,
  });

const row = (unitName: string, values: Record<string, unknown>, rowType: ReportRow['rowType'] = 'DETAIL'): ReportRow =>
  ({ unitId: unitName, unitCode: null, unitName, rowType, ...values });

describe('withholdSmallCells', () => {
  const columns: ReportColumn[] = [
    { key: 'students', label: '学生', kind: 'count' },
    { key: 'visited', label: '已走访', kind: 'count' },
    { key: 'rate', label: '比例', kind: 'percent', of: ['visited', 'students'] },
    { key: 'cashFen', label: '金额', kind: 'money' },
  ];

  it('shows 1–4 as small, and withholds the smallest other part of each sum, the amounts and the percentages over them', () => {
    const rows = [
      row('甲', { students: 40, visited: 3, rate: 7.5, cashFen: 30000 }),
      row('乙', { students: 50, visited: 10, rate: 20, cashFen: 100000 }),
      row('丙', { students: 60, visited: 20, rate: 33.3, cashFen: 200000 }),
    ];
    const total = row('合计', { students: 150, visited: 33, rate: 22, cashFen: 330000 }, 'TOTAL');
    withholdSmallCells(spec(columns), rows, total, 5, '2024-09-01');
    expect(rows.map((r) => [r.small, [...(r.suppressed as string[])].sort()])).toEqual([
      [['visited'], ['cashFen', 'rate', 'visited']],
      // 乙's 10 visited would give 甲's 3 back from the total; its amount would give 甲's.
      [[], ['cashFen', 'rate', 'visited']],
      [[], []],
    ]);
    expect(rows[0]).toMatchObject({ visited: null, rate: null, cashFen: null, students: 40 });
    expect(rows[2]).toMatchObject({ visited: 20, rate: 33.3, cashFen: 200000 });
    expect(total).toMatchObject({ visited: 33, small: [], suppressed: [] });
  });

  it('withholds the total when every other part is zero, and leaves a table without small cells alone', () => {
    const rows = [row('甲', { students: 2, visited: 0 }), row('乙', { students: 0, visited: 0 })];
    const total = row('合计', { students: 2, visited: 0 }, 'TOTAL');
    withholdSmallCells(spec(columns.slice(0, 2)), rows, total, 5, '2024-09-01');
    expect([rows[0].suppressed, rows[1].suppressed, total.small]).toEqual([['students'], [], ['students']]);
    const big = [row('甲', { students: 20, visited: 5 })];
    const bigTotal = row('合计', { students: 20, visited: 5 }, 'TOTAL');
    withholdSmallCells(spec(columns.slice(0, 2)), big, bigTotal, 5, '2024-09-01');
    expect([big[0].suppressed, bigTotal.suppressed, big[0].visited]).toEqual([[], [], 5]);
  });

  it('keeps a column that adds others from giving one back', () => {
    const cols: ReportColumn[] = [
      { key: 'visits', label: '总数', kind: 'count', sumOf: ['phone', 'letter'] },
      { key: 'phone', label: '电话', kind: 'count' },
      { key: 'letter', label: '信件', kind: 'count' },
    ];
    const rows = [row('甲', { visits: 30, phone: 28, letter: 2 }), row('乙', { visits: 40, phone: 40, letter: 0 })];
    const total = row('合计', { visits: 70, phone: 68, letter: 2 }, 'TOTAL');
    withholdSmallCells(spec(cols), rows, total, 5, '2024-09-01');
    for (const r of [...rows, total]) {
      const unknown = (keys: string[]) => keys.filter((k) => (r.suppressed as string[]).includes(k)).length;
      expect(unknown(['visits', 'phone', 'letter'])).not.toBe(1);
    }
    expect(rows[0].small).toEqual(['letter']);
  });

  it('keeps a level and its moves from one month to the next from giving one back', () => {
    const cols: ReportColumn[] = [
      { key: 'opened', label: '新发现', kind: 'count' },
      { key: 'closed', label: '结案', kind: 'count' },
      { key: 'open', label: '月末未结', kind: 'count', stock: true, flow: { in: ['opened'], out: ['closed'] } },
    ];
    const s = spec(cols, { dimensions: [{ key: 'month', label: '月份' }], subtotalBy: ['month'], defaultGrouping: 'COUNTY' });
    const rows = [
      row('县', { month: '2024-09', opened: 20, closed: 0, open: 20 }),
      row('县', { month: '2024-09', opened: 20, closed: 0, open: 20 }, 'SUBTOTAL'),
      row('县', { month: '2024-10', opened: 2, closed: 10, open: 12 }),
      row('县', { month: '2024-10', opened: 2, closed: 10, open: 12 }, 'SUBTOTAL'),
    ];
    const total = row('合计', { opened: 22, closed: 10, open: 12 }, 'TOTAL');
    withholdSmallCells(s, rows, total, 5, '2024-09-01');
    // October's 2 new cases would follow from 12 = 20 + 2 − 10.
    expect(rows[2].small).toEqual(['opened']);
    expect((rows[2].suppressed as string[]).length).toBeGreaterThan(1);
    const hidden = (r: ReportRow, k: string) => (r.suppressed as string[]).includes(k);
    for (const [r, prev] of [[rows[2], rows[0]], [rows[3], rows[1]]]) {
      const unknown = ['opened', 'closed', 'open'].filter((k) => hidden(r, k)).length + (hidden(prev, 'open') ? 1 : 0);
      expect(unknown).toBeGreaterThan(1);
    }
  });
});

describe('sheetRows', () => {
  it('prints small cells as <5, other withheld ones as x, and withheld amounts as nothing', () => {
    const s = spec([
      { key: 'students', label: '学生', kind: 'count' },
      { key: 'rate', label: '比例', kind: 'percent', of: ['students', 'students'] },
      { key: 'cashFen', label: '金额', kind: 'money' },
    ]);
    const r = row('甲', { students: null, rate: null, cashFen: null, small: ['students'], suppressed: ['students', 'rate', 'cashFen'] });
    const plain = row('乙', { students: 9, rate: 100, cashFen: 100, small: [], suppressed: [] });
    expect(sheetRows(s, [r, plain])).toEqual([{ ...r, students: '<5', rate: 'x', cashFen: null }, plain]);
  });
});
