// 公民身份号码 (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence
// (odd for men), and an ISO 7064 MOD 11-2 check character.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export interface IdNumberFacts {
  birthDate: string; // YYYY-MM-DD
  gender: 'MALE' | 'FEMALE';
  regionCode: string;
}

/** Returns the rule the number breaks, or null when it is valid. */
export function idNumberProblem(value: string, today = new Date()): { rule: string; message: string } | null {
  if (!/^\d{17}[\dX]$/.test(value)) {
    return { rule: 'ID_NUMBER_FORMAT', message: '身份证号应为18位：17位数字加1位校验码（数字或大写X）' };
  }
  const facts = idNumberFacts(value);
  const [y, m, d] = facts.birthDate.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || date > today) {
    return { rule: 'ID_NUMBER_BIRTH_DATE', message: `身份证号中的出生日期 ${facts.birthDate} 无效` };
  }
  if (idNumberCheckChar(value) !== value[17]) {
    return { rule: 'ID_NUMBER_CHECK_DIGIT', message: '身份证号校验码错误' };
  }
  return null;
}

export function idNumberFacts(value: string): IdNumberFacts {
  return {
    regionCode: value.slice(0, 6),
    birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
    gender: Number(value[16]) % 2 === 1 ? 'MALE' : 'FEMALE',
  };
}

/** Builds a valid number; used by the demo generator and tests. */
export function makeIdNumber(regionCode: string, birthDate: string, sequence: number, gender: 'MALE' | 'FEMALE'): string {
  let seq = sequence % 1000;
  if ((seq % 2 === 1) !== (gender === 'MALE')) seq = (seq + 1) % 1000;
  const first17 = `${regionCode}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}
