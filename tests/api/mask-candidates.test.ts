import { startTestApp, type TestApp } from '../support/app';
import { loadDemoCounty } from '../support/demo';
import { idNumberCandidates, type IdNumberKnowledge } from '../../packages/api/src/core/access/candidates';
import { MASK_MIN_CANDIDATES } from '../../packages/api/src/policy';

// DESIGN: a mask must not be undoable. For each demo role, everything the role receives about
// each child over HTTP (the student list, the CSV export, the compliance list) is gathered, and
// the 身份证号 consistent with all of it are counted: one for roles that read the number in full,
// at least MASK_MIN_CANDIDATES for those that read it masked. The old mask (first 6 and last 4,
// beside a full birth date) left exactly one for every child of the teacher and the analyst.

let app: TestApp;
let tokens: Record<string, string>;

beforeAll(async () => {
  app = await startTestApp();
  tokens = await loadDemoCounty(app);
}, 180_000);
afterAll(() => app.close());

interface Read {
  masks: Set<string>;
  birth: Set<string>;
  gender: string | null;
  region: string | null;
}

const STUDENT = `id gender birthDate idNumber studentNumber ethnicity address schoolingStatus
  householdVillage { code } school { code town { code } } class { name grade }`;

/** Everything a role receives about its students, by student id. */
async function whatRoleReads(token: string) {
  const { me } = await app.ok('{ me { permissions { resource fields { field read } } } }', {}, token);
  const fields = me.permissions.find((p: any) => p.resource === 'Student').fields;
  const birthByMonth = fields.find((f: any) => f.field === 'birthDate').read === 'MASKED';
  const numbersFull = fields.find((f: any) => f.field === 'idNumber').read === 'READ';
  const [{ code: county }] = (await app.ok('{ allRegions(filter: { level: COUNTY }) { code } }', {}, token)).allRegions;

  const reads = new Map<string, Read>();
  const at = (id: string) => reads.get(id) ?? reads.set(id, { masks: new Set(), birth: new Set(), gender: null, region: null }).get(id)!;
  const number = (r: Read, v: string | null) => {
    if (v == null) return;
    // A 学籍号 G + 身份证号 holds the number after its G.
    if (/^G.{18}$/.test(v)) r.masks.add(v.slice(1));
    else if (v.length === 18) r.masks.add(v);
  };
  for (let page = 0; ; page++) {
    const list = (await app.ok(`query ($p: Int) { allStudents(page: $p, perPage: 1000, sortField: "id") { ${STUDENT} } }`, { p: page }, token)).allStudents;
    for (const s of list) {
      const r = at(s.id);
      number(r, s.idNumber);
      number(r, s.studentNumber);
      r.birth.add(birthByMonth ? s.birthDate.slice(0, 7) : s.birthDate);
      r.gender = s.gender;
      r.region = (s.householdVillage?.code ?? s.school?.town?.code ?? county).slice(0, 6);
    }
    if (list.length < 1000) break;
  }

  // The CSV export of the same list.
  const res = await fetch(`${app.url}/export/Student.csv`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const [head, ...lines] = (await res.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(','));
  const col = (label: string) => head.indexOf(label);
  for (const l of lines) {
    const r = at(l[col('编号')]);
    number(r, l[col('身份证号')] || null);
    number(r, l[col('全国学籍号')] || null);
    r.birth.add(l[col('出生日期')]);
  }

  // The students behind the compliance counts.
  const gaps = (await app.ok('{ complianceGaps(perPage: 1000) { items { studentId student { idNumber studentNumber birthDate } } } }', {}, token)).complianceGaps.items;
  for (const g of gaps) {
    const r = at(g.studentId);
    number(r, g.student.idNumber);
    number(r, g.student.studentNumber);
    r.birth.add(birthByMonth ? g.student.birthDate.slice(0, 7) : g.student.birthDate);
  }
  return { reads, birthByMonth, numbersFull };
}

/** The fewest candidates left for any child the role reads a number of, and how many children. */
function fewest(reads: Map<string, Read>) {
  let min = Infinity;
  let children = 0;
  for (const r of reads.values()) {
    if (!r.masks.size) continue;
    // The most precise birth date read anywhere.
    const [date] = [...r.birth].sort((a, b) => b.length - a.length);
    const [year, month, day] = date.split('-').map(Number);
    const knowledge: IdNumberKnowledge = {
      masks: [...r.masks],
      birth: { year, month, day: day ?? null },
      gender: r.gender as 'MALE' | 'FEMALE',
      // The region a number shows is the one read; else the county of the child's village or school.
      region: [...r.masks].find((m) => /^\d{6}/.test(m))?.slice(0, 6) ?? r.region!,
    };
    min = Math.min(min, idNumberCandidates(knowledge, new Date('2025-06-01T00:00:00Z')));
    children++;
  }
  return { min, children };
}

describe('candidate 身份证号 left to each demo role', () => {
  it.each(['admin', 'aid', 'principal'])('%s reads the numbers in full: the count finds each one', async (user) => {
    const { reads, numbersFull, birthByMonth } = await whatRoleReads(tokens[user]);
    expect([numbersFull, birthByMonth]).toEqual([true, false]);
    const { min, children } = fewest(reads);
    expect(children).toBeGreaterThan(20);
    expect(min).toBe(1);
    const most = Math.max(...[...reads.values()].filter((r) => r.masks.size).map((r) => fewest(new Map([['x', r]])).min));
    expect(most).toBe(1);
  });

  it.each(['teacher', 'analyst'])(`%s reads them masked: at least ${MASK_MIN_CANDIDATES} remain for every child`, async (user) => {
    const { reads, numbersFull, birthByMonth } = await whatRoleReads(tokens[user]);
    expect([numbersFull, birthByMonth]).toEqual([false, true]);
    const { min, children } = fewest(reads);
    expect(children).toBeGreaterThan(user === 'teacher' ? 10 : 2000);
    expect(min).toBeGreaterThanOrEqual(MASK_MIN_CANDIDATES);
    // No read shows a day of birth, or a digit of the number beyond the year and month.
    for (const r of reads.values()) {
      for (const m of r.masks) expect(m).toMatch(/^\*{6}\d{6}\*{6}$/);
      for (const b of r.birth) expect(b).toMatch(/^\d{4}-\d{2}$/);
    }
  });
});
