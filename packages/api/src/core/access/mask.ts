// Masks for values a role may see only in part (DESIGN.md, roles and field rules). What each may
// keep is set by the rule in policy.ts: a mask must leave at least 1,000 candidates.

const stars = (n: number) => '*'.repeat(Math.max(1, n));

/**
 * A 身份证号 keeps only its birth year and month (digits 7–12): ******201503******. The region,
 * the day, the sequence and the check character are hidden, so the mask tells no more than a
 * year-month birth date does. A G-学籍号 (G + 身份证号) is masked the same way after its G; any
 * other number keeps its leading letter only.
 */
export function maskIdNumber(v: string): string {
  const g = /^G(\d{17}[\dXx])$/.exec(v);
  if (g) return `G${maskIdNumber(g[1])}`;
  if (/^\d{17}[\dXx]$/.test(v)) return `${stars(6)}${v.slice(6, 12)}${stars(6)}`;
  return /^[A-Z]/.test(v) ? v[0] + stars(v.length - 1) : stars(v.length);
}

/** A birth date keeps its year and month: 2015-03-14 → 2015-03. */
export function maskBirthDate(v: string): string {
  const m = /^(\d{4}-\d{2})/.exec(v);
  return m ? m[1] : stars(v.length);
}

/** A name keeps its first and last character: 张*明, 张*, 欧**华. */
export function maskName(v: string): string {
  const chars = [...v];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + stars(chars.length - 2) + chars[chars.length - 1];
}

/** A phone keeps its first 3 and last 4: 138****5678. */
export function maskPhone(v: string): string {
  return v.length <= 7 ? stars(v.length) : v.slice(0, 3) + stars(v.length - 7) + v.slice(-4);
}

// Levels above a town an address may start with (陕西省渭南市蒲城县), then the town itself: a short
// name without the marks of a village, group, house or street, ending in 镇, 乡 or 街道.
const ABOVE_TOWN = /^(?:[\u4e00-\u9fff]{1,8}?(?:省|自治区|市|自治州|州|盟|县|自治县|旗|区))*/u;
const TOWN = /^[^\s\d村组社号院路巷街楼栋单室区（）()，,、]{1,5}?(?:镇|乡|街道)/u;

/**
 * An address keeps the town it starts with (乡、镇、街道, and the county or city before it) and
 * drops the rest: 城关街道***. An address that does not start with its town shows nothing, so a
 * town named late in it (幸福村3组12号王家院（孙镇）) never drags the village and house along.
 */
export function maskAddress(v: string): string {
  const text = v.trim();
  // Prefixes made of whole levels above the town, longest first; the town must follow at once.
  for (let end = ABOVE_TOWN.exec(text)![0].length; end >= 0; end--) {
    if (end > 0 && ABOVE_TOWN.exec(text.slice(0, end))![0].length !== end) continue;
    const town = TOWN.exec(text.slice(end));
    if (town) return `${text.slice(0, end)}${town[0]}***`;
  }
  return '***';
}

export const MASKS = { ID_NUMBER: maskIdNumber, BIRTH_DATE: maskBirthDate, NAME: maskName, PHONE: maskPhone, ADDRESS: maskAddress } as const;

/**
 * The masks PostgreSQL can write exactly as above, over a SQL expression of the value (the read
 * compiler's text answers use them; tests/api/mask-sql.test.ts runs both over generated values).
 * A name counts characters as [...v] does; a birth date is a date column, shown as GraphQL shows a
 * masked one (the first of its month). The others count UTF-16 units or match patterns and stay
 * in JavaScript.
 */
export const SQL_MASKS: Partial<Record<keyof typeof MASKS, { kind: 'text' | 'date'; sql: (v: string) => string }>> = {
  NAME: { kind: 'text', sql: (v) => `case when length(${v}) <= 1 then '*' when length(${v}) = 2 then left(${v}, 1) || '*' else left(${v}, 1) || repeat('*', length(${v}) - 2) || right(${v}, 1) end` },
  BIRTH_DATE: { kind: 'date', sql: (v) => `to_char(${v}, 'YYYY-MM') || '-01'` },
};

/** A value as a role may see it: in full, masked where a mask exists for its kind, or not at all. */
export function shownAs(access: 'full' | 'masked' | 'hidden', sensitivity: string | undefined, value: unknown): unknown {
  if (access === 'full') return value;
  const mask = access === 'masked' && sensitivity ? (MASKS as Record<string, ((v: string) => string) | undefined>)[sensitivity] : undefined;
  return mask && typeof value === 'string' ? mask(value) : null;
}
