import { startTestApp, type TestApp } from '../support/app';
import { createBureau, FIXTURE_PASSWORD } from '../support/fixtures';
import { count, createRoster } from '../support/roster';

let app: TestApp;
let token: string;
let otherToken: string;
let r: Awaited<ReturnType<typeof createRoster>>;
let otherSchool: string;
const gql = (q: string, v?: Record<string, unknown>) => app.gql(q, v, token);
const ok = (q: string, v?: Record<string, unknown>) => app.ok(q, v, token);
const student = async (id: string) => (await app.sql('select schooling_status, school_id, class_id from student where id = ?', [id]))[0];

const OPEN = 'mutation ($s: ID!, $sc: ID) { createDropoutCase(studentId: $s, schoolId: $sc, discoveredOn: "2024-10-12", details: "连续一周未到校") { id status school { id } version } }';
const step = (name: string, extra = '') => `mutation ($id: ID! ${extra ? ', ' + extra.split(',').map((a) => a.split(':')[0].trim()).map((a) => `$${a}: ${TYPES[a]}`).join(', ') : ''}) { ${name}(id: $id${extra ? ', ' + extra.split(',').map((a) => `${a.split(':')[0].trim()}: $${a.split(':')[0].trim()}`).join(', ') : ''}) { id status version dropoutCategory nonDropoutCategory returnedOn closedOn } }`;
const TYPES: Record<string, string> = { dropoutCategory: 'DropoutCategory!', nonDropoutCategory: 'NonDropoutCategory!', evidenceNote: 'String', policeSignedOn: 'String', schoolingStatus: 'SchoolingStatus' };

// A tiny valid PNG (1×1): the upload checks the file by its first bytes.
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

beforeAll(async () => {
  app = await startTestApp();
  const b = await createBureau(app.orm);
  token = await app.login(b.username, FIXTURE_PASSWORD);
  const other = await createBureau(app.orm, '白水县教育局');
  otherToken = await app.login(other.username, FIXTURE_PASSWORD);
  r = await createRoster(app, token);
  otherSchool = (await ok('mutation { createSchool(name: "龙阳初级中学", code: "J01", kind: JUNIOR) { id } }')).createSchool.id;
});
afterAll(() => app.close());

describe('dropout case workflow (控辍保学)', () => {
  it('walks a case from suspicion to return and puts the student back in the school on the case', async () => {
    const c = (await ok(OPEN, { s: r.students[0], sc: otherSchool })).createDropoutCase;
    expect(c.status).toBe('SUSPECTED');
    const second = await gql(OPEN, { s: r.students[0] });
    expect(second.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'studentId', rule: 'ONE_OPEN_CASE', existingId: c.id });
    expect(await count(app, 'dropout_case')).toBe(1);

    const skip = await gql(step('returnDropoutCase'), { id: c.id });
    expect(skip.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'DROPOUT_CASE_TRANSITION', from: 'SUSPECTED', to: 'RETURNED' });

    expect((await ok(step('verifyDropoutCase'), { id: c.id })).verifyDropoutCase.status).toBe('VERIFYING');
    const confirmed = (await ok(step('confirmDropoutCase', 'dropoutCategory'), { id: c.id, dropoutCategory: 'AVERSION' })).confirmDropoutCase;
    expect(confirmed).toMatchObject({ status: 'CONFIRMED_DROPOUT', dropoutCategory: 'AVERSION' });
    expect((await student(r.students[0])).schooling_status).toBe('DROPOUT_AVERSION');
    expect((await ok(step('persuadeDropoutCase'), { id: c.id })).persuadeDropoutCase.status).toBe('PERSUADING');

    // Persuasion visits link to the case, and the case lists them.
    const visit = 'mutation ($s: ID!, $t: ID!, $c: ID) { createVisitRecord(studentId: $s, visitorId: $t, form: PHONE, purpose: PERSUASION, dropoutCaseId: $c) { id } }';
    const unlinked = await gql(visit, { s: r.students[0], t: r.staff[0] });
    expect(unlinked.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'dropoutCaseId', rule: 'PERSUASION_NEEDS_CASE' });
    const wrongStudent = await gql(visit, { s: r.students[1], t: r.staff[0], c: c.id });
    expect(wrongStudent.errors?.[0].extensions).toMatchObject({ field: 'dropoutCaseId', rule: 'CASE_OF_OTHER_STUDENT' });
    const linked = (await ok(visit, { s: r.students[0], t: r.staff[0], c: c.id })).createVisitRecord.id;
    const listed = await ok('query ($id: ID!) { DropoutCase(id: $id) { persuasionVisits { id purpose } } }', { id: c.id });
    expect(listed.DropoutCase.persuasionVisits).toEqual([{ id: linked, purpose: 'PERSUASION' }]);

    const stale = await gql('mutation ($id: ID!) { returnDropoutCase(id: $id, version: 1) { id } }', { id: c.id });
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'STALE_VERSION' });
    const back = (await ok(step('returnDropoutCase'), { id: c.id })).returnDropoutCase;
    expect(back.status).toBe('RETURNED');
    expect(back.returnedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await student(r.students[0])).toEqual({ schooling_status: 'IN_COUNTY', school_id: otherSchool, class_id: null });
    const open = await ok('{ openDropoutCases { id } }');
    expect(open.openDropoutCases).toEqual([]);
    // Once returned, a new case may be opened.
    expect((await ok(OPEN, { s: r.students[0] })).createDropoutCase.status).toBe('SUSPECTED');
  });

  it('closes a moved-and-unreachable case only with the police sign-off and evidence', async () => {
    const c = (await ok(OPEN, { s: r.students[1] })).createDropoutCase;
    expect(c.school.id).toBe(r.school); // the student's school by default
    await ok(step('verifyDropoutCase'), { id: c.id });
    const noPolice = await gql(step('closeDropoutCase', 'nonDropoutCategory'), { id: c.id, nonDropoutCategory: 'MOVED_UNREACHABLE' });
    const problems = noPolice.errors?.[0].extensions?.problems as Array<{ field: string; rule: string }>;
    expect(problems.map((p) => p.rule)).toEqual(['POLICE_SIGNOFF_REQUIRED', 'EVIDENCE_REQUIRED']);
    const still = await app.sql('select status, non_dropout_category from dropout_case where id = ?', [c.id]);
    expect(still[0]).toEqual({ status: 'VERIFYING', non_dropout_category: null });

    const noEvidence = await gql(step('closeDropoutCase', 'nonDropoutCategory, policeSignedOn'), { id: c.id, nonDropoutCategory: 'MOVED_UNREACHABLE', policeSignedOn: '2024-10-20' });
    expect(noEvidence.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'evidenceNote', rule: 'EVIDENCE_REQUIRED' });

    const upload = 'mutation ($c: ID, $b: String!, $k: AttachmentKind!, $n: String!) { uploadAttachment(kind: $k, fileName: $n, contentBase64: $b, dropoutCaseId: $c) { id size mimeType sha256 } }';
    const file = (await ok(upload, { c: c.id, b: PNG.toString('base64'), k: 'EVIDENCE', n: '核查认定表.png' })).uploadAttachment;
    expect(file).toMatchObject({ size: PNG.length, mimeType: 'image/png' });
    const closed = (await ok(step('closeDropoutCase', 'nonDropoutCategory, policeSignedOn'), { id: c.id, nonDropoutCategory: 'MOVED_UNREACHABLE', policeSignedOn: '2024-10-20' })).closeDropoutCase;
    expect(closed).toMatchObject({ status: 'CLOSED', nonDropoutCategory: 'MOVED_UNREACHABLE' });
    expect(closed.closedOn).toMatch(/^\d{4}-/);
    // The survey (附件1-1) counts the child as moved and unreachable from now on.
    expect((await student(r.students[1])).schooling_status).toBe('MOVED_UNREACHABLE');

    // The file comes back to a reader in scope only.
    const get = (t?: string) => fetch(`${app.url}/files/${file.id}`, { headers: t ? { authorization: `Bearer ${t}` } : {} });
    const mine = await get(token);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await mine.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await get()).status).toBe(401);
    expect((await get(otherToken)).status).toBe(404);

    const bad = await gql(upload, { c: c.id, b: Buffer.from('just text').toString('base64'), k: 'EVIDENCE', n: 'x.png' });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contentBase64', rule: 'FILE_TYPE' });
    const orphan = await gql('mutation ($b: String!) { uploadAttachment(kind: PHOTO, fileName: "a.png", contentBase64: $b) { id } }', { b: PNG.toString('base64') });
    expect(orphan.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'ONE_OWNER' });
    expect(await count(app, 'attachment')).toBe(1);
  });

  it('closes an actually-enrolled case with a note explaining the missing evidence, once told where the child studies', async () => {
    const c = (await ok(OPEN, { s: r.students[2] })).createDropoutCase;
    const close = step('closeDropoutCase', 'nonDropoutCategory, evidenceNote, schoolingStatus');
    const unsaid = await gql(close, { id: c.id, nonDropoutCategory: 'ACTUALLY_ENROLLED', evidenceNote: '县外就读' });
    expect(unsaid.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'schoolingStatus', rule: 'SCHOOLING_STATUS_REQUIRED' });
    const wrong = await gql(close, { id: c.id, nonDropoutCategory: 'ACTUALLY_ENROLLED', evidenceNote: '县外就读', schoolingStatus: 'DEFERRED' });
    expect(wrong.errors?.[0].extensions).toMatchObject({ field: 'schoolingStatus', rule: 'SCHOOLING_STATUS_OF_CATEGORY' });
    expect((await app.sql('select status from dropout_case where id = ?', [c.id]))[0].status).toBe('SUSPECTED');
    const closed = (await ok(close, { id: c.id, nonDropoutCategory: 'ACTUALLY_ENROLLED', evidenceNote: '县外就读，学籍截图待补', schoolingStatus: 'OUT_OF_COUNTY' })).closeDropoutCase;
    expect(closed.status).toBe('CLOSED');
    expect((await student(r.students[2])).schooling_status).toBe('OUT_OF_COUNTY');
    const reopen = await gql(step('verifyDropoutCase'), { id: c.id });
    expect(reopen.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'DROPOUT_CASE_TRANSITION' });
  });
});

describe('附件4 dates: in the order they happen, none in the future', () => {
  const tomorrow = () => new Date(Date.now() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
  const CREATE = `mutation ($s: ID!, $d: LocalDate!, $v: LocalDate, $g: LocalDate) {
    createDropoutCase(studentId: $s, discoveredOn: $d, schoolVerifiedOn: $v, guardianSignedOn: $g, details: "未到校") { id version } }`;
  let d: Awaited<ReturnType<typeof createRoster>>;
  beforeAll(async () => {
    d = await createRoster(app, token, 'dates');
  });

  it('refuses a discovery in the future, a verification before it and a signature before it, writing nothing', async () => {
    const before = await count(app, 'dropout_case');
    const future = await gql(CREATE, { s: d.students[0], d: tomorrow() });
    expect(future.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'discoveredOn', rule: 'CASE_DATE_FUTURE' });
    const verified = await gql(CREATE, { s: d.students[0], d: '2024-10-12', v: '2024-10-01' });
    expect(verified.errors?.[0].extensions).toMatchObject({ field: 'schoolVerifiedOn', rule: 'CASE_DATE_ORDER' });
    const signed = await gql(CREATE, { s: d.students[0], d: '2024-10-12', g: '2024-10-11' });
    expect(signed.errors?.[0].extensions).toMatchObject({ field: 'guardianSignedOn', rule: 'CASE_DATE_ORDER' });
    expect(await count(app, 'dropout_case')).toBe(before);
  });

  it('takes a given confirmation date, never before the verification, and a return never before the confirmation', async () => {
    const c = (await ok(CREATE, { s: d.students[1], d: '2024-10-12', v: '2024-10-15' })).createDropoutCase;
    await ok(step('verifyDropoutCase'), { id: c.id });
    const confirm = 'mutation ($id: ID!, $on: String) { confirmDropoutCase(id: $id, dropoutCategory: AVERSION, confirmedOn: $on) { status confirmedOn } }';
    const early = await gql(confirm, { id: c.id, on: '2024-10-14' });
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'confirmedOn', rule: 'CASE_DATE_ORDER' });
    const ahead = await gql(confirm, { id: c.id, on: tomorrow() });
    expect(ahead.errors?.[0].extensions).toMatchObject({ field: 'confirmedOn', rule: 'CASE_DATE_FUTURE' });
    const badFormat = await gql(confirm, { id: c.id, on: '2024/10/20' });
    expect(badFormat.errors?.[0].extensions).toMatchObject({ field: 'confirmedOn', rule: 'DATE_FORMAT' });
    expect((await app.sql('select status, confirmed_on from dropout_case where id = ?', [c.id]))[0]).toEqual({ status: 'VERIFYING', confirmed_on: null });
    expect((await student(d.students[1])).schooling_status).toBe('IN_COUNTY');
    expect((await ok(confirm, { id: c.id, on: '2024-10-20' })).confirmDropoutCase).toEqual({ status: 'CONFIRMED_DROPOUT', confirmedOn: '2024-10-20' });

    const back = 'mutation ($id: ID!, $on: String) { returnDropoutCase(id: $id, returnedOn: $on) { status returnedOn } }';
    const tooSoon = await gql(back, { id: c.id, on: '2024-10-19' });
    expect(tooSoon.errors?.[0].extensions).toMatchObject({ field: 'returnedOn', rule: 'CASE_DATE_ORDER' });
    expect((await student(d.students[1])).schooling_status).toBe('DROPOUT_AVERSION');
    // An edit cannot move the discovery after the confirmation either.
    const version = (await app.sql('select version from dropout_case where id = ?', [c.id]))[0].version;
    const moved = await gql('mutation ($id: ID!, $v: Int!) { updateDropoutCase(id: $id, version: $v, discoveredOn: "2024-10-25") { id } }', { id: c.id, v: version });
    expect((moved.errors?.[0].extensions?.problems as Array<{ field: string; rule: string }>).map((p) => [p.field, p.rule])).toEqual([
      ['schoolVerifiedOn', 'CASE_DATE_ORDER'],
      ['confirmedOn', 'CASE_DATE_ORDER'],
    ]);
    expect((await ok(back, { id: c.id, on: '2024-11-05' })).returnDropoutCase).toEqual({ status: 'RETURNED', returnedOn: '2024-11-05' });
  });

  it('counts each event in the month of its own date in the monthly report (附件2-2 Ⅳ)', async () => {
    const m = await createRoster(app, token, 'monthly');
    const open = async (s: string, on: string) => (await ok(CREATE, { s, d: on })).createDropoutCase.id as string;
    // Discovered in September, confirmed in October, returned in November.
    const a = await open(m.students[0], '2024-09-20');
    await ok(step('verifyDropoutCase'), { id: a });
    await ok('mutation ($id: ID!) { confirmDropoutCase(id: $id, dropoutCategory: AVERSION, confirmedOn: "2024-10-08") { id } }', { id: a });
    await ok('mutation ($id: ID!) { returnDropoutCase(id: $id, returnedOn: "2024-11-05") { id } }', { id: a });
    // Discovered and confirmed in October, still persuading.
    const b = await open(m.students[1], '2024-10-10');
    await ok(step('verifyDropoutCase'), { id: b });
    await ok('mutation ($id: ID!) { confirmDropoutCase(id: $id, dropoutCategory: OTHER, confirmedOn: "2024-10-30") { id } }', { id: b });
    // Discovered at the end of October, still open.
    await open(m.students[2], '2024-10-31');

    type Row = { month: string; rowType: string; opened: number; confirmed: number; returned: number; openAtMonthEnd: number };
    const rows = (await ok(`query ($s: ID) { r: dropoutMonthlyReport(from: "2024-09-01", to: "2024-11-30", schoolId: $s) {
      rows { month rowType opened confirmed returned openAtMonthEnd } } }`, { s: m.school })).r.rows as Row[];
    const byMonth = Object.fromEntries(rows.filter((x) => x.rowType === 'SUBTOTAL').map(({ month, opened, confirmed, returned, openAtMonthEnd }) => [month, { opened, confirmed, returned, openAtMonthEnd }]));
    expect(byMonth).toEqual({
      '2024-09': { opened: 1, confirmed: 0, returned: 0, openAtMonthEnd: 1 },
      '2024-10': { opened: 2, confirmed: 2, returned: 0, openAtMonthEnd: 3 },
      '2024-11': { opened: 0, confirmed: 0, returned: 1, openAtMonthEnd: 2 },
    });
  });
});

describe('assistance items', () => {
  const add = `mutation ($s: ID!, $cat: AssistanceCategory!, $cash: Int, $goods: Int, $d: LocalDate!, $y: String, $src: FundingSource!) {
    createAssistanceItem(studentId: $s, category: $cat, cashFen: $cash, goodsValueFen: $goods, date: $d, schoolYear: $y, fundingSource: $src, description: "春节慰问") {
      id schoolYear semester school { id } cashFen goodsValueFen } }`;

  it('needs an amount for cash and a value for goods, never negative, and writes nothing when refused', async () => {
    const base = { s: r.students[3], d: '2025-01-20', src: 'SCHOOL_AID_FUND' };
    expect((await gql(add, { ...base, cat: 'CONSOLATION_CASH' })).errors?.[0].extensions).toMatchObject({ field: 'cashFen', rule: 'CASH_AMOUNT_REQUIRED' });
    expect((await gql(add, { ...base, cat: 'CONSOLATION_GOODS', cash: 1000 })).errors?.[0].extensions).toMatchObject({ field: 'goodsValueFen', rule: 'GOODS_VALUE_REQUIRED' });
    expect((await gql(add, { ...base, cat: 'CONSOLATION_CASH', cash: -500 })).errors?.[0].extensions).toMatchObject({ field: 'cashFen', rule: 'NEGATIVE_AMOUNT' });
    expect((await gql(add, { ...base, cat: 'DONATION' })).errors?.[0].extensions).toMatchObject({ rule: 'AMOUNT_REQUIRED' });
    expect((await gql(add, { ...base, cat: 'GRANT', cash: 12.5 })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT'); // fen are integers
    expect(await count(app, 'assistance_item')).toBe(0);
  });

  it('derives the school year, semester and school unless given', async () => {
    const cases: Array<[string, string | undefined, string, string]> = [
      ['2024-10-15', undefined, '2024-2025', 'FIRST'],
      ['2025-01-20', undefined, '2024-2025', 'FIRST'],
      ['2025-03-01', undefined, '2024-2025', 'SECOND'],
      ['2025-08-31', '2025-2026', '2025-2026', 'SECOND'],
    ];
    for (const [d, y, year, semester] of cases) {
      const item = (await ok(add, { s: r.students[3], cat: 'CONSOLATION_CASH', cash: 50000, d, y, src: 'PUBLIC_FUNDS' })).createAssistanceItem;
      expect([item.schoolYear, item.semester, item.school.id, item.cashFen]).toEqual([year, semester, r.school, 50000]);
    }
    const goods = (await ok(add, { s: r.students[3], cat: 'SUPPLIES', goods: 8800, d: '2024-09-01', src: 'PUBLIC_FUNDS' })).createAssistanceItem;
    expect(goods.goodsValueFen).toBe(8800);
  });

  it('pays a consolation from the fund of the school’s stage (000 六(三)): 生均公用经费 in compulsory schools, the aid fund in kindergartens', async () => {
    const before = await count(app, 'assistance_item');
    // r.school is a primary school.
    const aidFund = await gql(add, { s: r.students[3], cat: 'CONSOLATION_CASH', cash: 30000, d: '2025-01-20', src: 'SCHOOL_AID_FUND' });
    expect(aidFund.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fundingSource', rule: 'FUNDING_SOURCE_OF_STAGE' });
    const kindergarten = (await ok('mutation { createSchool(name: "城关幼儿园", code: "K77", kind: KINDERGARTEN) { id } }')).createSchool.id;
    const child = (await ok('mutation ($s: ID!) { createStudent(name: "幼儿甲", gender: MALE, birthDate: "2020-05-05", schoolId: $s) { id } }', { s: kindergarten })).createStudent.id;
    const publicFunds = await gql(add, { s: child, cat: 'CONSOLATION_GOODS', goods: 20000, d: '2025-01-20', src: 'PUBLIC_FUNDS' });
    expect(publicFunds.errors?.[0].extensions).toMatchObject({ field: 'fundingSource', rule: 'FUNDING_SOURCE_OF_STAGE' });
    expect(await count(app, 'assistance_item')).toBe(before);
    await ok(add, { s: child, cat: 'CONSOLATION_GOODS', goods: 20000, d: '2025-01-20', src: 'SCHOOL_AID_FUND' });
    // A donation passed on at the visit is the donor's money, whatever the school.
    await ok(add, { s: r.students[3], cat: 'CONSOLATION_CASH', cash: 30000, d: '2025-01-20', src: 'SOCIAL_DONATION' });
  });
});

describe('enrollment checks (三比对)', () => {
  const add = 'mutation ($s: ID!, $r: Int!, $p: Int!, $a: Int!, $u: Int!) { createEnrollmentCheck(schoolId: $s, schoolYear: "2024-2025", semester: FIRST, registryCount: $r, reportedCount: $p, registeredAbsent: $a, presentUnregistered: $u) { id } }';

  it('keeps 学籍人数 = 在校生人数 + 籍在人不在 − 人在籍不在', async () => {
    const broken = await gql(add, { s: r.school, r: 100, p: 95, a: 7, u: 1 });
    expect(broken.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'registryCount', rule: 'ENROLLMENT_IDENTITY' });
    expect(await count(app, 'enrollment_check')).toBe(0);
    await ok(add, { s: r.school, r: 100, p: 95, a: 7, u: 2 });
    const negative = await gql(add, { s: otherSchool, r: 0, p: 2, a: -2, u: 0 });
    expect(negative.errors?.[0].extensions).toMatchObject({ field: 'registeredAbsent', rule: 'NEGATIVE_COUNT' });
    const twice = await gql(add, { s: r.school, r: 100, p: 95, a: 7, u: 2 });
    expect(twice.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await count(app, 'enrollment_check')).toBe(1);
  });
});
