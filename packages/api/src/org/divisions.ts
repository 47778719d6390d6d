import fs from 'node:fs';
import path from 'node:path';

/** A division of the bundled list (data/divisions.tsv): provinces, cities, counties (GB/T 2260) and towns. */
export interface Division {
  code: string;
  name: string;
}

// packages/api/data, from src/org or dist/org alike.
const FILE = path.resolve(__dirname, '../../data/divisions.tsv');

const PLACEHOLDER_CITY = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;

let byCode: Map<string, string> | undefined;

function divisions(): Map<string, string> {
  if (!byCode) {
    byCode = new Map();
    for (const line of fs.readFileSync(FILE, 'utf8').split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const tab = line.indexOf('\t');
      byCode.set(line.slice(0, tab), line.slice(tab + 1));
    }
  }
  return byCode;
}

/** A county by its 6-digit code, with its province and city for the full name; undefined when unknown. */
export function countyOf(code: string): { county: Division; fullName: string; towns: Division[] } | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const all = divisions();
  const name = all.get(code);
  if (!name) return undefined;
  // Municipalities and directly governed counties have placeholder cities (市辖区, 省直辖县级行政区划).
  const fullName = [all.get(code.slice(0, 2)), all.get(code.slice(0, 4)), name].filter((n) => n && !PLACEHOLDER_CITY.test(n)).join('');
  const towns = [...all].filter(([c]) => c.length === 9 && c.startsWith(code)).map(([c, n]) => ({ code: c, name: n }));
  return { county: { code, name }, fullName, towns };
}
