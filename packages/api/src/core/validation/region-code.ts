// GB/T 2260 county codes have 6 digits; the statistical division codes extend them to towns
// (9 digits) and village committees (12 digits).
export const REGION_CODE_LENGTH = { COUNTY: 6, TOWN: 9, VILLAGE: 12 } as const;
export type RegionLevel = keyof typeof REGION_CODE_LENGTH;

export function regionCodeProblem(code: string, level?: RegionLevel): { rule: string; message: string } | null {
  if (!/^\d+$/.test(code) || ![6, 9, 12].includes(code.length) || /^0/.test(code)) {
    return { rule: 'REGION_CODE_FORMAT', message: '行政区划代码应为6位（县）、9位（乡镇）或12位（村）数字' };
  }
  if (level && REGION_CODE_LENGTH[level] !== code.length) {
    return { rule: 'REGION_CODE_LEVEL', message: `行政区划代码位数与级别不符：${level} 应为 ${REGION_CODE_LENGTH[level]} 位` };
  }
  return null;
}
