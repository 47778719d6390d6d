// Masks for values a role may see only in part (DESIGN.md, roles and field rules).

const stars = (n: number) => '*'.repeat(Math.max(1, n));

/** 身份证号 keeps its first 6 and last 4 (110102********123X); a G-学籍号 keeps the G too. */
export function maskIdNumber(v: string): string {
  const head = v.startsWith('G') ? 7 : 6;
  return v.length <= head + 4 ? stars(v.length) : v.slice(0, head) + stars(v.length - head - 4) + v.slice(-4);
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

/** An address keeps its town (乡、镇、街道) and drops the rest: 城关街道***. */
export function maskAddress(v: string): string {
  const m = /^.*?(?:街道|镇|乡)/.exec(v);
  return m ? `${m[0]}***` : '***';
}

export const MASKS = { ID_NUMBER: maskIdNumber, NAME: maskName, PHONE: maskPhone, ADDRESS: maskAddress } as const;

/** A value as a role may see it: in full, masked where a mask exists for its kind, or not at all. */
export function shownAs(access: 'full' | 'masked' | 'hidden', sensitivity: string | undefined, value: unknown): unknown {
  if (access === 'full') return value;
  const mask = access === 'masked' && sensitivity ? (MASKS as Record<string, ((v: string) => string) | undefined>)[sensitivity] : undefined;
  return mask && typeof value === 'string' ? mask(value) : null;
}
