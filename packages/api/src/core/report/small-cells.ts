import type { ReportRow } from './run';
import type { ReportSpec } from './spec';

// Small-cell suppression for readers of aggregates only (policy.ts SMALL_CELL_READERS), the
// practice statistics offices follow for de-identified tables: a count of 1–4 children is shown
// as `<5`, and so that it cannot be worked back out, what would give it away is withheld too.

/** One cell: a row and a column key. */
interface Cell {
  row: ReportRow;
  key: string;
}

/**
 * Cells a linear equation ties together (a total and its parts, a level and its moves): knowing
 * all of them but one gives the last. Cells of rows the table leaves out are known zeros, and
 * not listed.
 */
type Equation = Cell[];

/** The cells a reader of a table is not given, per row: `small` 1–4, `withheld` all of them. */
interface Withheld {
  small: Set<string>;
  withheld: Set<string>;
}

const unitKey = (r: ReportRow) => `${r.unitId ?? ''}\u0000${r.unitName}`;

/** The month before a YYYY-MM month. */
const monthBefore = (m: string) => {
  const [y, mm] = m.split('-').map(Number);
  return mm === 1 ? `${y - 1}-12` : `${y}-${String(mm - 1).padStart(2, '0')}`;
};

/**
 * The equations a report's table holds, as its layout tells any reader: each column's total and
 * subtotals over the detail rows (a level such as 月末未结 over the last period only), the sums
 * declared across columns, and a level's moves from one period to the next within the window
 * starting `from` (the period before the first is not in the table).
 */
function equationsOf(spec: ReportSpec, rows: ReportRow[], total: ReportRow, from: string): Equation[] {
  const out: Equation[] = [];
  const details = rows.filter((r) => r.rowType === 'DETAIL');
  const subtotals = rows.filter((r) => r.rowType === 'SUBTOTAL');
  const dims = (spec.dimensions ?? []).map((d) => d.key);
  const period = spec.subtotalBy?.[0];
  const last = period ? details.reduce<string | null>((m, r) => (r[period] != null && (m == null || String(r[period]) > m) ? String(r[period]) : m), null) : null;
  const under = (s: ReportRow) => (r: ReportRow) => unitKey(r) === unitKey(s) && dims.every((d) => s[d] == null || r[d] === s[d]);
  for (const c of spec.columns.filter((x) => x.kind === 'count' || x.kind === 'money')) {
    const at = (r: ReportRow): Cell => ({ row: r, key: c.key });
    const inTotal = (r: ReportRow) => !c.stock || !period || String(r[period]) === last;
    out.push([at(total), ...details.filter(inTotal).map(at)]);
    if (subtotals.length) out.push([at(total), ...subtotals.filter(inTotal).map(at)]);
    for (const s of subtotals) out.push([at(s), ...details.filter(under(s)).map(at)]);
  }
  for (const c of spec.columns.filter((x) => x.sumOf?.length)) {
    for (const r of [...rows, total]) out.push([{ row: r, key: c.key }, ...c.sumOf!.map((key) => ({ row: r, key }))]);
  }
  for (const c of period ? spec.columns.filter((x) => x.flow) : []) {
    const p = period!;
    // Rows of the same unit and category (and level of subtotal) one period apart.
    const place = (r: ReportRow, at: string) => `${r.rowType}\u0000${unitKey(r)}\u0000${dims.map((d) => (d === p ? at : String(r[d] ?? ''))).join('\u0000')}`;
    const byPlace = new Map(rows.map((r) => [place(r, String(r[p])), r]));
    for (const r of rows) {
      const before = monthBefore(String(r[p]));
      if (before < from.slice(0, 7)) continue;
      const prev = byPlace.get(place(r, before));
      const moves = [...c.flow!.in, ...c.flow!.out].map((key) => ({ row: r, key }));
      out.push([{ row: r, key: c.key }, ...(prev ? [{ row: prev, key: c.key }] : []), ...moves]);
    }
  }
  return out;
}

/**
 * Withholds the small cells of a computed table and whatever would let them be recomputed, in
 * place: the values become null, and each row lists them (`small`, `suppressed`).
 *
 * 1. Counts of 1 to `limit` − 1 are small.
 * 2. Amounts in a row with a small count: a sum over fewer than `limit` children.
 * 3. An equation of the table (a total and its parts, a level and its moves) with exactly one
 *    withheld cell would give it back: the smallest non-zero other cell is withheld as well,
 *    until no equation has a single unknown.
 * 4. Percentages over a withheld count: the count would follow from the other one.
 */
export function withholdSmallCells(spec: ReportSpec, rows: ReportRow[], total: ReportRow, limit: number, from: string): void {
  const all = [...rows, total];
  const marks = new Map<ReportRow, Withheld>(all.map((r) => [r, { small: new Set<string>(), withheld: new Set<string>() }]));
  const hidden = (c: Cell) => marks.get(c.row)!.withheld.has(c.key);
  const hide = (c: Cell) => marks.get(c.row)!.withheld.add(c.key);
  const counts = spec.columns.filter((c) => c.kind === 'count');
  const money = spec.columns.filter((c) => c.kind === 'money');

  for (const r of all) {
    for (const c of counts) {
      const v = Number(r[c.key] ?? 0);
      if (v >= 1 && v < limit) {
        marks.get(r)!.small.add(c.key);
        hide({ row: r, key: c.key });
      }
    }
    if (marks.get(r)!.small.size) for (const c of money) hide({ row: r, key: c.key });
  }

  const equations = equationsOf(spec, rows, total, from);
  const value = (c: Cell) => Math.abs(Number(c.row[c.key] ?? 0));
  for (let changed = true; changed; ) {
    changed = false;
    for (const cells of equations) {
      if (cells.filter(hidden).length !== 1) continue;
      const open = cells.filter((c) => !hidden(c)).sort((a, b) => value(a) - value(b));
      const next = open.find((c) => value(c) > 0) ?? open[0];
      if (!next) continue;
      hide(next);
      changed = true;
    }
  }

  for (const r of all) {
    const m = marks.get(r)!;
    for (const c of spec.columns.filter((x) => x.kind === 'percent')) {
      if (c.of!.some((k) => m.withheld.has(k))) m.withheld.add(c.key);
    }
    for (const key of m.withheld) r[key] = null;
    r.small = [...m.small];
    r.suppressed = [...m.withheld];
  }
}

/** Every row as a reader who sees all cells gets it: nothing withheld. */
export function withholdNothing(rows: ReportRow[], total: ReportRow): void {
  for (const r of [...rows, total]) {
    r.small = [];
    r.suppressed = [];
  }
}

/**
 * The rows as a sheet prints them for a reader with small cells: `<5` for a small count, `x` for
 * another withheld count or percentage; a withheld amount stays empty (the sheet prints yuan).
 */
export function sheetRows<T extends ReportRow>(spec: ReportSpec, rows: T[]): T[] {
  const kinds = new Map(spec.columns.map((c) => [c.key, c.kind]));
  return rows.map((r) => {
    const small = (r.small as string[] | undefined) ?? [];
    const withheld = (r.suppressed as string[] | undefined) ?? [];
    if (!withheld.length) return r;
    const out: ReportRow = { ...r };
    for (const key of withheld) out[key] = small.includes(key) ? '<5' : kinds.get(key) === 'money' ? null : 'x';
    return out as T;
  });
}

/** The line under a sheet with withheld cells, saying what the marks mean. */
export const SMALL_CELL_NOTE = '注：为保护儿童个人信息，1–4 的人数显示为“<5”；可据以推算出这些人数的数字显示为“x”，相关金额不显示。';
