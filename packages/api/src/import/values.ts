import type { FieldSpec } from '../core/resource/spec';
import { enumLabel } from '../core/resource/enums';
import type { Unit } from './heads';

/** One cell as the parsers hand it over: CSV gives text, Excel also numbers, dates and booleans. */
export type Cell = string | number | boolean | Date | null;

/** A value the import could not read, said the way a clerk understands. */
export class CellProblem {
  constructor(
    readonly rule: string,
    readonly message: string,
  ) {}
}

const pad = (n: number) => String(n).padStart(2, '0');

export const isBlank = (v: Cell) => v == null || (typeof v === 'string' && v.trim() === '');

/** A day of an Excel date cell (ExcelJS reads them as UTC midnight). */
const dayOf = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** Text as written: numbers without exponent, dates as 2015-03-14. */
export function cellText(v: Cell): string {
  if (v == null) return '';
  if (v instanceof Date) return dayOf(v);
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  return v.trim();
}

function validDay(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || y > 2200 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

const DATE_FORMATS = '日期应写作 2015-03-14、2015/3/14 或 2015年3月14日';

/** Excel serial day numbers count from 1899-12-30 (the 1900 leap-year bug included). */
function excelSerialDay(n: number): string | null {
  if (!Number.isFinite(n) || n < 1 || n > 200_000) return null;
  return dayOf(new Date(Math.round((n - 25569) * 86_400_000)));
}

export function toDate(v: Cell): string | CellProblem {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? new CellProblem('DATE_FORMAT', DATE_FORMATS) : dayOf(v);
  if (typeof v === 'number') {
    // 20150314 written as a number, or an Excel serial day.
    if (v >= 19000101 && v <= 22001231) return validDay(Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100) ?? new CellProblem('DATE_FORMAT', DATE_FORMATS);
    return excelSerialDay(v) ?? new CellProblem('DATE_FORMAT', DATE_FORMATS);
  }
  const s = cellText(v).normalize('NFKC').replace(/\s+/g, '');
  const m =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:T.*|\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(s) ??
    /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$/.exec(s) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  const day = m && validDay(Number(m[1]), Number(m[2]), Number(m[3]));
  if (!day) return new CellProblem('DATE_FORMAT', `“${cellText(v)}”不是有效日期：${DATE_FORMATS}`);
  return day;
}

/** A moment: an Excel date-time, an ISO string, or 2025-01-20 14:30 in China time. */
export function toDateTime(v: Cell): string | CellProblem {
  if (v instanceof Date) return new Date(v.getTime() - 8 * 3600_000).toISOString();
  const s = cellText(v).normalize('NFKC').trim();
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (m && validDay(Number(m[1]), Number(m[2]), Number(m[3]))) {
    const [y, mo, d, h = '0', mi = '0', se = '0'] = m.slice(1);
    return new Date(Date.UTC(+y, +mo - 1, +d, +h - 8, +mi, +se)).toISOString();
  }
  const parsed = new Date(s);
  if (/T/.test(s) && !Number.isNaN(parsed.getTime())) return parsed.toISOString();
  return new CellProblem('DATETIME_FORMAT', `“${s}”不是有效时间：应写作 2025-01-20 14:30`);
}

const TRUE = new Set(['是', '有', 'y', 'yes', 'true', '1', '√', '✓', '✔', '对']);
const FALSE = new Set(['否', '无', '没有', 'n', 'no', 'false', '0', '×', '✗', '✘', '不是']);

export function toBool(v: Cell): boolean | CellProblem {
  if (typeof v === 'boolean') return v;
  const s = cellText(v).normalize('NFKC').toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  return new CellProblem('BOOLEAN_FORMAT', `“${cellText(v)}”应填“是”或“否”`);
}

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 3, "3", "3级", "三年级", "十二": small whole numbers as clerks write them. */
export function toInt(v: Cell): number | CellProblem {
  if (typeof v === 'number') return Number.isInteger(v) ? v : new CellProblem('INTEGER_FORMAT', `“${v}”应为整数`);
  const s = cellText(v).normalize('NFKC').replace(/\s+/g, '');
  const m = /^([+-]?\d+)(?:级|年级|岁|人|个)?$/.exec(s);
  if (m) return Number(m[1]);
  const c = /^([零〇一二两三四五六七八九十]{1,3})(?:级|年级)?$/.exec(s);
  if (c) {
    const t = c[1];
    if (t === '十') return 10;
    if (t.startsWith('十')) return 10 + (DIGITS[t[1]] ?? NaN);
    if (t.length === 1) return DIGITS[t];
    if (t[1] === '十') return (DIGITS[t[0]] ?? NaN) * 10 + (t[2] ? (DIGITS[t[2]] ?? NaN) : 0);
  }
  return new CellProblem('INTEGER_FORMAT', `“${cellText(v)}”应为整数`);
}

/** Money in yuan (500, "1,200.50", "￥500元") as fen; or whole fen for a fen column. */
export function toMoney(v: Cell, unit: Unit): number | CellProblem {
  const raw = typeof v === 'number' ? v : Number(cellText(v).normalize('NFKC').replace(/[,\s¥￥]|元$/g, ''));
  const s = cellText(v);
  if (!Number.isFinite(raw) || (typeof v === 'string' && !/\d/.test(s))) {
    return new CellProblem('AMOUNT_FORMAT', `“${s}”不是金额：${unit === 'yuan' ? '以元为单位，如 500 或 1200.50' : '以分为单位的整数'}`);
  }
  if (unit === 'fen') return Number.isInteger(raw) ? raw : new CellProblem('AMOUNT_FORMAT', `“${s}”应为以分为单位的整数`);
  const fen = Math.round(raw * 100);
  if (Math.abs(fen - raw * 100) > 1e-6) return new CellProblem('AMOUNT_FORMAT', `“${s}”最多两位小数（元、角、分）`);
  return fen;
}

const normValue = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
const indexes = new WeakMap<object, Map<string, string>>();

/**
 * An enum's values by what a clerk may write: the Chinese label (县域内实际就读), the label
 * without its parenthesis (生活补助), either half of a paired label (祖父/外祖父 → 祖父), or the
 * code (MALE). Ambiguous short forms are left out.
 */
function enumIndex(enumObject: object): Map<string, string> {
  let index = indexes.get(enumObject);
  if (index) return index;
  const exact = new Map<string, string>();
  const loose = new Map<string, string | null>();
  for (const code of Object.keys(enumObject)) {
    const label = enumLabel(enumObject, code);
    exact.set(normValue(label), code);
    exact.set(normValue(code), code);
    const forms = [label.replace(/[（(][^）)]*[）)]/g, ''), ...label.split('/')];
    for (const form of forms.map(normValue).filter(Boolean)) {
      if (form === normValue(label)) continue;
      loose.set(form, loose.has(form) && loose.get(form) !== code ? null : code);
    }
  }
  index = new Map(exact);
  for (const [form, code] of loose) if (code && !index.has(form)) index.set(form, code);
  indexes.set(enumObject, index);
  return index;
}

export const enumChoices = (enumObject: object) => Object.keys(enumObject).map((code) => enumLabel(enumObject, code));

export function toEnum(v: Cell, f: Pick<FieldSpec, 'label'>, enumObject: object): string | CellProblem {
  const s = cellText(v);
  const code = enumIndex(enumObject).get(normValue(s));
  if (code) return code;
  return new CellProblem('ENUM_VALUE', `${f.label}“${s}”不是可选值，应为：${enumChoices(enumObject).join('、')}`);
}

/** Several values in one cell: 孤儿、留守儿童 / 孤儿,留守儿童 / 孤儿；留守儿童. */
export function splitList(v: Cell): string[] {
  return cellText(v)
    .split(/[、,，;；\n]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

export function toEnumList(v: Cell, f: Pick<FieldSpec, 'label'>, enumObject: object): string[] | CellProblem {
  const out: string[] = [];
  for (const part of splitList(v)) {
    const code = toEnum(part, f, enumObject);
    if (code instanceof CellProblem) return code;
    if (!out.includes(code)) out.push(code);
  }
  return out;
}
