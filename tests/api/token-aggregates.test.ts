import ExcelJS from 'exceljs';
import { readQueryLimits } from '../../packages/api/src/http/limits';
import { startTestApp, type TestApp } from '../support/app';
import { loadDemoCounty } from '../support/demo';

// API tokens read aggregates only (DESIGN, roles): no row per child anywhere, and report cells
// counting 1–4 shown as <5 in answers and downloads, with nothing left that would give them back.
// Every table is checked against the analyst's answer to the same question on the demo county (the
// analyst reads the same figures of the whole bureau, ages by month as tokens do, small cells shown).

let app: TestApp;
let tokens: Record<string, string>;

beforeAll(async () => {
  // Whole-county nested lists (every school's students) cost more than a request may by default
  // (GRAPHQL_MAX_COST, tests/api/limits.test.ts); here they probe the access rules.
  app = await startTestApp({ server: { queryLimits: { ...readQueryLimits(), cost: 10_000_000 } } });
  tokens = await loadDemoCounty(app);
}, 180_000);
afterAll(() => app.close());

const as = (user: string) => ({
  gql: (q: string, v?: Record<string, unknown>) => app.gql(q, v, tokens[user]),
  ok: (q: string, v?: Record<string, unknown>) => app.ok(q, v, tokens[user]),
});

describe('a token reads no row per child', () => {
  it('is refused student lists, counts, records and the students behind compliance counts', async () => {
    const { id } = (await as('admin').ok('{ allStudents(perPage: 1) { id } }')).allStudents[0];
    for (const q of [
      '{ allStudents { id schoolingStatus } }',
      '{ _allStudentsMeta(filter: { schoolingStatus: DROPOUT_ILLNESS }) { count } }',
      `{ Student(id: "${id}") { id } }`,
      '{ allGuardians { id } }',
      '{ allEnrollmentChecks { id } }',
      '{ complianceGaps { count items { studentId rule } } }',
    ]) {
      expect([q, (await as('token').gql(q)).errors?.[0].extensions?.code]).toEqual([q, 'FORBIDDEN']);
    }
    const nested = await as('token').ok('{ allSchools { principalName students { id } classes { students { id } } } }');
    expect(nested.allSchools.length).toBeGreaterThan(5);
    expect(nested.allSchools.flatMap((s: any) => [...s.students, ...s.classes.flatMap((c: any) => c.students)])).toEqual([]);
    expect(nested.allSchools.every((s: any) => s.principalName === null)).toBe(true);
    const lists = await as('token').ok('{ openDropoutCases { id } escalatedSuggestions { id } }');
    expect(lists).toEqual({ openDropoutCases: [], escalatedSuggestions: [] });
    const exported = await fetch(`${app.url}/export/Student.csv`, { headers: { authorization: `Bearer ${tokens.token}` } });
    expect(exported.status).toBe(403);
  });

  it('downloads the compliance report without its list of students', async () => {
    const sheets = async (user: string) => (await xlsx('complianceReport', '', user)).worksheets.map((w) => w.name);
    expect(await sheets('admin')).toEqual(['家访与关爱工作合规检查表', '合规缺口名单']);
    expect(await sheets('token')).toEqual(['家访与关爱工作合规检查表']);
  });
});

type Row = Record<string, any>;
interface Column {
  key: string; kind: string; of: string[] | null; sumOf: string[] | null; stock: boolean; flowIn: string[] | null; flowOut: string[] | null; apiOnly: boolean;
}
interface Info { name: string; args: string[]; requiredArgs: string[]; groupings: string[]; dimensions: Array<{ key: string }>; columns: Column[]; smallCells: boolean }

async function xlsx(name: string, query: string, user: string) {
  const res = await fetch(`${app.url}/reports/${name}.xlsx?${query}`, { headers: { authorization: `Bearer ${tokens[user]}` } });
  expect(res.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  return book;
}

const INFO = '{ reports { name args requiredArgs groupings smallCells dimensions { key } columns { key kind of sumOf stock flowIn flowOut apiOnly } } reportDefaults { schoolYear asOf campaignId } }';

async function table(info: Info, args: Record<string, string>, user: string) {
  const cols = ['unitName', 'rowType', ...info.dimensions.map((d) => d.key), ...info.columns.filter((c) => c.kind !== 'blank').map((c) => c.key), 'small', 'suppressed'].join(' ');
  const text = Object.entries(args).map(([k, v]) => `${k}: ${k === 'groupBy' ? v : JSON.stringify(v)}`).join(', ');
  const r = (await as(user).ok(`{ r: ${info.name}(${text}) { rows { ${cols} } total { ${cols} } } }`)).r;
  return [...r.rows, r.total] as Row[];
}

/**
 * The equations a table holds that anyone can know from its layout, as [cell, terms]: the cell
 * is the sum of the terms (a sign of -1 subtracts). Totals and subtotals of the detail rows, the
 * columns adding others, and a level (月末未结) moving by what came in and went out each month.
 */
type Term = [Row, string, number?];
function sumsOf(info: Info, rows: Row[], from: string): Array<[[Row, string], Term[]]> {
  const total = rows[rows.length - 1];
  const details = rows.filter((r) => r.rowType === 'DETAIL');
  const subtotals = rows.filter((r) => r.rowType === 'SUBTOTAL');
  const dims = info.dimensions.map((d) => d.key);
  const period = dims[0];
  const last = details.map((r) => String(r[period])).sort().at(-1);
  const sums: Array<[[Row, string], Term[]]> = [];
  for (const c of info.columns.filter((x) => x.kind === 'count' || x.kind === 'money')) {
    const counted = details.filter((r) => !c.stock || String(r[period]) === last);
    sums.push([[total, c.key], counted.map((r) => [r, c.key])]);
    for (const s of subtotals) {
      const under = details.filter((r) => r.unitName === s.unitName && dims.every((d) => s[d] == null || r[d] === s[d]));
      sums.push([[s, c.key], under.map((r) => [r, c.key])]);
    }
  }
  for (const c of info.columns.filter((x) => x.sumOf)) for (const r of rows) sums.push([[r, c.key], c.sumOf!.map((k): Term => [r, k])]);
  for (const c of info.columns.filter((x) => x.flowIn)) {
    for (const r of rows.filter((x) => x.rowType !== 'TOTAL')) {
      const [y, m] = String(r[period]).split('-').map(Number);
      const before = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
      if (before < from.slice(0, 7)) continue;
      const prev = rows.find((x) => x.rowType === r.rowType && x.unitName === r.unitName && dims.every((d) => (d === period ? x[d] === before : x[d] === r[d])));
      const moves = [...c.flowIn!.map((k): Term => [r, k, 1]), ...c.flowOut!.map((k): Term => [r, k, -1])];
      sums.push([[r, c.key], [...(prev ? [[prev, c.key, 1] as Term] : []), ...moves]]);
    }
  }
  return sums;
}

describe('every report table, as a token reads it', () => {
  let infos: Info[];
  let defaults: { schoolYear: string; asOf: string; campaignId: string };
  const seen = { small: 0, derived: 0, tables: 0 };
  beforeAll(async () => {
    const data = await as('token').ok(INFO);
    infos = data.reports;
    defaults = data.reportDefaults;
  });

  const argsOf = (info: Info, groupBy: string) => {
    const args: Record<string, string> = { groupBy };
    if (info.args.includes('schoolYear')) args.schoolYear = defaults.schoolYear;
    if (info.args.includes('asOf')) args.asOf = defaults.asOf;
    if (info.args.includes('campaignId')) args.campaignId = defaults.campaignId;
    return args;
  };

  it('shows 1–4 as withheld small cells, and withholds every amount, percentage and difference that would give one back', async () => {
    expect(infos.every((i) => i.smallCells)).toBe(true);
    // Every departure from the rules, described; none expected.
    const wrong: string[] = [];
    const check = (ok: boolean, what: () => string) => void (ok || wrong.push(what()));
    for (const info of infos) {
      for (const groupBy of info.groupings) {
        const where = `${info.name} by ${groupBy}`;
        const args = argsOf(info, groupBy);
        const full = await table(info, args, 'analyst');
        const token = await table(info, args, 'token');
        expect([where, token.length]).toEqual([where, full.length]);
        seen.tables++;
        // The layout holds for the analyst's figures: the equations are real ones.
        const from = (await as('analyst').ok(`{ r: ${info.name}(${Object.entries(args).map(([k, v]) => `${k}: ${k === 'groupBy' ? v : JSON.stringify(v)}`).join(', ')}) { from } }`)).r.from;
        for (const [[r, k], terms] of sumsOf(info, full, from)) {
          const sum = terms.reduce((n, [p, pk, sign]) => n + (sign ?? 1) * Number(p[pk]), 0);
          check(sum === Number(r[k]), () => `${where} ${r.unitName} ${k}: ${r[k]} is not ${sum}`);
        }
        token.forEach((t, i) => {
          const f = full[i];
          const at = (k: string) => `${where} ${f.unitName} ${f.rowType} ${k}`;
          check(t.unitName === f.unitName && f.small.length === 0, () => at('row'));
          const small = info.columns.filter((c) => c.kind === 'count' && f[c.key] >= 1 && f[c.key] <= 4).map((c) => c.key);
          check(JSON.stringify([...t.small].sort()) === JSON.stringify(small.sort()), () => `${at('small')}: ${t.small} for ${small}`);
          for (const c of info.columns.filter((x) => x.kind !== 'blank' && x.kind !== 'text')) {
            const withheld = t.suppressed.includes(c.key);
            // Withheld means null, and only withheld cells differ from the analyst's.
            check(withheld ? t[c.key] === null : t[c.key] === f[c.key], () => `${at(c.key)}: ${t[c.key]} for ${f[c.key]}`);
            check(!(c.kind === 'money' && small.length) || withheld, () => `${at(c.key)}: an amount beside a small count`);
            check(!(c.kind === 'percent' && c.of!.some((k) => t.suppressed.includes(k))) || withheld, () => `${at(c.key)}: a percentage over a withheld count`);
            if (withheld && c.kind === 'count' && !small.includes(c.key)) seen.derived++;
          }
          seen.small += small.length;
        });
        // No equation is left with a single unknown: none of its cells can be worked out.
        for (const [[r, k], terms] of sumsOf(info, token, from)) {
          const unknown = [[r, k] as Term, ...terms].filter(([x, xk]) => x.suppressed.includes(xk)).length;
          check(unknown !== 1, () => `${where} ${r.unitName} ${k}: one unknown`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // The demo county has small cells, and differences that had to be withheld with them.
    expect(seen.tables).toBeGreaterThan(20);
    expect(seen.small).toBeGreaterThan(100);
    expect(seen.derived).toBeGreaterThan(10);
  }, 180_000);

  it('prints small cells as <5 and the other withheld ones as x in the download', async () => {
    const info = infos.find((i) => i.name === 'visitStatisticsReport')!;
    const args = argsOf(info, 'SCHOOL');
    const rows = await table(info, args, 'token');
    const sheet = (await xlsx(info.name, new URLSearchParams(args).toString(), 'token')).worksheets[0];
    const onSheet = info.columns.filter((c) => !c.apiOnly);
    const first = 5; // title, unit line, two head rows
    let small = 0;
    rows.forEach((r, i) => {
      const values = (sheet.getRow(first + i).values as unknown[]).slice(1);
      expect(values[1]).toBe(r.unitName);
      onSheet.forEach((c, j) => {
        const v = values[2 + j] ?? null;
        if (c.kind === 'blank') return;
        if (r.small.includes(c.key)) {
          small++;
          expect([r.unitName, c.key, v]).toEqual([r.unitName, c.key, '<5']);
        } else if (r.suppressed.includes(c.key)) expect([r.unitName, c.key, v]).toEqual([r.unitName, c.key, 'x']);
        else if (c.kind === 'count') expect([r.unitName, c.key, v]).toEqual([r.unitName, c.key, r[c.key]]);
      });
    });
    expect(small).toBeGreaterThan(0);
    const text: string[] = [];
    sheet.eachRow((row) => text.push(String((row.values as unknown[])[1] ?? '')));
    expect(text.some((t) => t.includes('“<5”'))).toBe(true);
  });
});

describe('names and ages beside the reports', () => {
  it('counts ages by month for roles that read birth dates by month, so no day of birth can be found', async () => {
    const q = (asOf: string) => `{ r: villageAgeReport(asOf: "${asOf}", groupBy: COUNTY) { total { children age6 age7 age8 age9 age10 age11 age12 age13 age14 age15 } } }`;
    const early = '2024-09-02';
    const late = '2024-09-29';
    // The admin's ages move with the birthdays between the two days; the analyst's do not.
    expect((await as('admin').ok(q(early))).r.total).not.toEqual((await as('admin').ok(q(late))).r.total);
    expect((await as('analyst').ok(q(early))).r.total).toEqual((await as('analyst').ok(q(late))).r.total);
  });

  it('masks principals\' names for analysts and gives tokens none, in reports, lists and exports', async () => {
    const principals = async (user: string) =>
      (await as(user).ok('{ r: villageAgeReport { rows { principal } } }')).r.rows.map((r: Row) => r.principal).filter((p: string | null) => p != null);
    const full = await principals('admin');
    expect(full.length).toBeGreaterThan(5);
    expect(full.every((p: string) => !p.includes('*'))).toBe(true);
    expect((await principals('analyst')).every((p: string) => /^.\*+.?$/u.test(p))).toBe(true);
    expect((await principals('analyst')).length).toBe(full.length);
    expect((await as('token').ok('{ r: villageAgeReport { rows { principal responsibleSchool } } }')).r.rows.every((r: Row) => r.principal === null)).toBe(true);
    const schools = (await as('analyst').ok('{ allSchools { principalName } }')).allSchools.map((s: Row) => s.principalName).filter(Boolean);
    expect(schools.length).toBeGreaterThan(5);
    expect(schools.every((p: string) => p.includes('*'))).toBe(true);
    const csv = await (await fetch(`${app.url}/export/School.csv`, { headers: { authorization: `Bearer ${tokens.analyst}` } })).text();
    const [head, ...lines] = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(','));
    const at = head.indexOf('校长');
    expect(lines.filter((l) => l[at]).every((l) => l[at].includes('*'))).toBe(true);
  });

  it('hides parents\' suggestions and the answers from analysts, as every note', async () => {
    const q = '{ allParentSuggestions(perPage: 50) { content response category } }';
    const admin = (await as('admin').ok(q)).allParentSuggestions;
    expect(admin.filter((s: Row) => s.content).length).toBeGreaterThan(0);
    const analyst = (await as('analyst').ok(q)).allParentSuggestions;
    expect(analyst.length).toBe(admin.length);
    expect(analyst.every((s: Row) => s.content === null && s.response === null && s.category)).toBe(true);
    expect((await as('analyst').gql('{ allParentSuggestions(filter: { q: "学校" }) { id } }')).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'q' });
  });
});
