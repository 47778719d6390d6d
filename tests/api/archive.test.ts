import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { useCounty } from '../support/county';
import { schoolTermOf, todayInChina } from '../../packages/api/src/core/time/school-year';

// 档案资料 (002 附件2-2) and GET /archive/<schoolId>.zip: documents filed in the eight boxes, the
// zip laid out by the catalogue with the ledgers the system holds, 目录.xlsx marking what is there.

const t = useCounty();
const term = schoolTermOf(todayInChina());
const other = term.semester === 'FIRST' ? 'SECOND' : 'FIRST';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

const CREATE = `mutation ($school: ID, $campaign: ID, $box: ArchiveBox!, $item: ArchiveItem!, $year: String!, $sem: Semester, $title: String!, $a: String, $b: String) {
  createDocument(schoolId: $school, campaignId: $campaign, box: $box, item: $item, schoolYear: $year, semester: $sem, title: $title, partyA: $a, partyB: $b) { id } }`;

const as = (role: string) => t.county.users[role];
const documents = async () => Number((await t.app.sql('select count(*)::int as n from document'))[0].n);

async function createDocument(role: string, v: Record<string, unknown>) {
  return t.app.gql(CREATE, { school: t.county.schools.A, year: term.schoolYear, sem: term.semester, ...v }, as(role));
}

async function upload(role: string, owner: Record<string, string>, kind: string, content: Buffer, fileName: string) {
  const form = new FormData();
  form.set('kind', kind);
  for (const [k, v] of Object.entries(owner)) form.set(k, v);
  form.set('file', new Blob([content]), fileName);
  const res = await fetch(`${t.app.url}/files`, { method: 'POST', headers: { authorization: `Bearer ${as(role)}` }, body: form });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string };
}

async function download(token: string | undefined, path: string) {
  const res = await fetch(`${t.app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const body = Buffer.from(await res.arrayBuffer());
  const json = res.headers.get('content-type')?.includes('json') ? JSON.parse(body.toString()) : null;
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), body, json };
}

const archivePath = (school: string, query = `schoolYear=${term.schoolYear}&semester=${term.semester}`) => `/archive/${school}.zip?${query}`;

/** The zip's files by path, and the catalogue's lines by `盒脊 序号`. */
async function openArchive(body: Buffer) {
  const zip = await JSZip.loadAsync(body);
  const paths = Object.keys(zip.files).filter((p) => !zip.files[p].dir);
  const read = (p: string) => zip.file(p)!.async('nodebuffer');
  const book = async (p: string) => new ExcelJS.Workbook().xlsx.load((await read(p)) as never);
  const catalogue = (await book(paths.find((p) => /^[^/]+\/目录\.xlsx$/.test(p))!)).worksheets[0];
  const lines = new Map<string, { status: string; uploaded: number; generated: number; files: string; note: string }>();
  catalogue.eachRow((row, n) => {
    if (n <= 2) return;
    const v = row.values as unknown[];
    lines.set(`${v[1]} ${v[2]}`, { status: String(v[4]), uploaded: Number(v[5]), generated: Number(v[6]), files: String(v[7] ?? ''), note: String(v[8] ?? '') });
  });
  return { paths, read, book, lines };
}

/** The text of every cell of a workbook's first sheet. */
const sheetText = (book: ExcelJS.Workbook) => {
  const cells: string[] = [];
  book.worksheets[0].eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value ?? ''))));
  return cells.join('|');
};

let policyFile: string;
let visitPhotoName: string;

beforeAll(async () => {
  const c = t.county;
  // Ⅰ①: a policy file of this semester, with its PDF; Ⅰ③ registered without a file yet.
  const policy = (await createDocument('SCHOOL_ADMIN', { box: 'REGULATIONS', item: 'POLICY_FILES', title: '控辍保学工作实施方案' })).data!.createDocument.id;
  await upload('SCHOOL_ADMIN', { documentId: policy }, 'OTHER', PDF, '实施方案.pdf');
  policyFile = '控辍保学工作实施方案-实施方案.pdf';
  await createDocument('SCHOOL_ADMIN', { box: 'REGULATIONS', item: 'TERM_PLANS', title: '本学期控辍保学工作安排' });
  // Ⅱ①: the bureau director's agreement with the principal, for the whole school year.
  const agreement = (await createDocument('BUREAU_ADMIN', { box: 'RESPONSIBILITY', item: 'AGREEMENT_DIRECTOR_PRINCIPAL', sem: null, title: '控辍保学目标责任书', a: '县教育局局长', b: '城关中心小学校长' })).data!.createDocument.id;
  await upload('BUREAU_ADMIN', { documentId: agreement }, 'FORM', PDF, '责任书.pdf');
  // Ⅷ①: publicity of the other semester (not in this semester's archive), and another school's file.
  const publicity = (await createDocument('BUREAU_ADMIN', { box: 'PUBLICITY', item: 'MEETINGS_AND_PUBLICITY', sem: other, title: '家长会简报' })).data!.createDocument.id;
  await upload('BUREAU_ADMIN', { documentId: publicity }, 'PHOTO', PNG, '家长会.png');
  const elsewhere = (await createDocument('BUREAU_ADMIN', { school: c.schools.B, box: 'REGULATIONS', item: 'POLICY_FILES', title: '龙阳中心小学实施方案' })).data!.createDocument.id;
  await upload('BUREAU_ADMIN', { documentId: elsewhere }, 'OTHER', PDF, '龙阳.pdf');

  // Ledgers: a 送教 visit with a photo, a persuasion visit and a suspected dropout case of s1.
  const visit = (kind: string, dropoutCase: string | null = null) =>
    t.app.ok(`mutation ($s: ID!, $v: ID!, $c: ID) { createVisitRecord(studentId: $s, visitorId: $v, form: PHONE, purpose: ${kind}, status: COMPLETED, dropoutCaseId: $c,
      familySituation: "务农", studentSituation: "良好", keyPoints: "送教", effect: "好") { id } }`, { s: c.students.s1, v: c.staff.teacherStaff, c: dropoutCase }, as('BUREAU_ADMIN'));
  const homeTeaching = (await visit('HOME_TEACHING')).createVisitRecord.id;
  await upload('BUREAU_ADMIN', { visitId: homeTeaching }, 'PHOTO', PNG, '送教.png');
  visitPhotoName = '送教.png';
  const dropoutCase = (await t.app.ok('mutation ($s: ID!) { createDropoutCase(studentId: $s, details: "连续一周未到校") { id } }', { s: c.students.s1 }, as('BUREAU_ADMIN'))).createDropoutCase.id;
  await visit('PERSUASION', dropoutCase);
});

describe('Document 档案资料', () => {
  it('refuses an item filed in another box, naming the item, and writes nothing', async () => {
    const before = await documents();
    const res = await createDocument('BUREAU_ADMIN', { box: 'PUBLICITY', item: 'POLICY_FILES', title: '放错盒' });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'item', rule: 'ARCHIVE_ITEM_OF_BOX' });
    expect(await documents()).toBe(before);
  });

  it('refuses a responsibility agreement without both parties, and a document owned twice', async () => {
    const before = await documents();
    const noParty = await createDocument('BUREAU_ADMIN', { box: 'RESPONSIBILITY', item: 'AGREEMENT_PRINCIPAL_TEACHER', title: '责任书', a: '校长' });
    expect(noParty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'partyB', rule: 'AGREEMENT_PARTIES' });
    const campaign = (await t.app.ok('mutation { createCampaign(name: "大家访", kind: COVERAGE, schoolYear: "2024-2025", startDate: "2024-10-01", endDate: "2024-11-30") { id } }', {}, as('BUREAU_ADMIN'))).createCampaign.id;
    const twice = await createDocument('BUREAU_ADMIN', { campaign, box: 'PUBLICITY', item: 'PARENT_PUBLICITY', title: '宣传' });
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'campaignId', rule: 'ONE_OWNER' });
    expect(await documents()).toBe(before);
  });

  it('lets teachers read their school’s documents but not file any, and school admins file only for their school', async () => {
    const before = await documents();
    const teacher = await createDocument('TEACHER', { box: 'PUBLICITY', item: 'PARENT_PUBLICITY', title: '宣传' });
    expect(teacher.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const otherSchool = await createDocument('SCHOOL_ADMIN', { school: t.county.schools.B, box: 'PUBLICITY', item: 'PARENT_PUBLICITY', title: '宣传' });
    expect(otherSchool.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'schoolId', rule: 'REFERENCE_NOT_FOUND' });
    // Without a school it would be the bureau's: out of a school admin's reach.
    const bureaus = await createDocument('SCHOOL_ADMIN', { school: null, box: 'PUBLICITY', item: 'PARENT_PUBLICITY', title: '宣传' });
    expect(bureaus.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'OUT_OF_SCOPE' });
    expect(await documents()).toBe(before);
    const read = await t.app.ok('{ allDocuments(perPage: 100) { title schoolId box item } }', {}, as('TEACHER'));
    expect(read.allDocuments.map((d: { schoolId: string }) => d.schoolId).every((s: string) => s === t.county.schools.A)).toBe(true);
    expect(read.allDocuments.map((d: { title: string }) => d.title)).toContain('控辍保学工作实施方案');
    // The files of documents stay with the school's admins (a teacher's files are their students').
    const files = await t.app.ok('{ allDocuments(filter: { box: REGULATIONS }) { attachments { fileName } } }', {}, as('TEACHER'));
    expect(files.allDocuments.flatMap((d: { attachments: unknown[] }) => d.attachments)).toEqual([]);
    const filtered = await t.app.ok('{ allDocuments(filter: { box: RESPONSIBILITY }) { partyA partyB attachments { fileName } } }', {}, as('BUREAU_ADMIN'));
    expect(filtered.allDocuments).toEqual([{ partyA: '县教育局局长', partyB: '城关中心小学校长', attachments: [{ fileName: '责任书.pdf' }] }]);
    const byTeacher = await t.app.ok('{ allDocuments(filter: { box: RESPONSIBILITY }) { partyA partyB note } }', {}, as('TEACHER'));
    expect(byTeacher.allDocuments).toEqual([{ partyA: '县教育局局长', partyB: null, note: null }]);
    // 乙方 may be a parent: an analyst reads it masked.
    const analyst = await t.app.ok('{ allDocuments(filter: { box: RESPONSIBILITY }) { partyB } }', {}, as('ANALYST'));
    expect(analyst.allDocuments[0].partyB).not.toBe('城关中心小学校长');
  });
});

describe('GET /archive/<schoolId>.zip', () => {
  it('lays the school’s archive out by the catalogue, marking what is present and what is missing', async () => {
    const res = await download(as('SCHOOL_ADMIN'), archivePath(t.county.schools.A));
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/zip');
    expect(decodeURIComponent(res.disposition ?? '')).toContain('城关中心小学控辍保学档案');
    const { paths, read, lines } = await openArchive(res.body);

    // Eight box folders, each with its 盒内目录.
    const boxes = new Set(paths.map((p) => p.split('/')[1]).filter((b) => b !== '目录.xlsx'));
    expect([...boxes].map((b) => b.split(' ')[0])).toEqual(['控辍保学Ⅰ类', '控辍保学Ⅱ类', '控辍保学Ⅲ类', '控辍保学Ⅳ类', '控辍保学Ⅴ类', '控辍保学Ⅵ类', '控辍保学Ⅶ类', '控辍保学Ⅷ类']);
    for (const b of boxes) expect(paths).toContain(`${paths[0].split('/')[0]}/${b}/盒内目录.xlsx`);

    // Uploaded files in their item's folder, byte for byte; another school's and the other semester's absent.
    const policy = paths.find((p) => p.includes('控辍保学Ⅰ类') && p.includes('/① ') && p.endsWith(policyFile))!;
    expect(policy).toBeDefined();
    expect((await read(policy)).equals(PDF)).toBe(true);
    expect(paths.some((p) => p.includes('控辍保学Ⅱ类') && p.includes('/① ') && p.endsWith('控辍保学目标责任书-责任书.pdf'))).toBe(true);
    expect(paths.some((p) => p.includes('龙阳') || p.includes('家长会'))).toBe(false);

    // The catalogue, item by item, against what was put in. 学籍异动 come from EnrollmentChange where the API has it.
    expect(lines.size).toBe(27);
    const uploaded: Record<string, number> = { '控辍保学Ⅰ类 ①': 1, '控辍保学Ⅱ类 ①': 1 };
    const changes = (await t.app.ok('{ __type(name: "EnrollmentChange") { name } }')).__type !== null;
    const generated = [
      '控辍保学Ⅲ类 ①', '控辍保学Ⅲ类 ②', '控辍保学Ⅲ类 ③', '控辍保学Ⅲ类 ④', '控辍保学Ⅳ类 ①', '控辍保学Ⅴ类 ③', ...(changes ? ['控辍保学Ⅴ类 ④'] : []), '控辍保学Ⅴ类 ⑤',
      '控辍保学Ⅵ类 ①', '控辍保学Ⅵ类 ②', '控辍保学Ⅵ类 ③', '控辍保学Ⅶ类 ①', '控辍保学Ⅶ类 ②',
    ];
    for (const [key, line] of lines) {
      expect([key, line.uploaded]).toEqual([key, uploaded[key] ?? 0]);
      expect([key, line.generated > 0]).toEqual([key, generated.includes(key)]);
      expect([key, line.status]).toEqual([key, uploaded[key] || generated.includes(key) ? '有' : '缺']);
    }
    expect(lines.get('控辍保学Ⅰ类 ③')!.note).toContain('已登记未上传文件：本学期控辍保学工作安排');
    expect(lines.get('控辍保学Ⅷ类 ①')!.status).toBe('缺');
    expect(lines.get('控辍保学Ⅰ类 ①')!.files).toBe(policyFile);
  });

  it('generates the ledgers into their boxes: surveys, one monthly report per month, rosters, forms with photos', async () => {
    const res = await download(as('SCHOOL_ADMIN'), archivePath(t.county.schools.A));
    const { paths, read, book } = await openArchive(res.body);
    const inBox = (box: string, item: string) => paths.filter((p) => p.split('/')[1].startsWith(box) && p.split('/')[2]?.startsWith(item));
    expect(inBox('控辍保学Ⅲ类', '①').some((p) => p.endsWith('摸排统计报告（附件1-1）.xlsx'))).toBe(true);
    expect(inBox('控辍保学Ⅲ类', '②').some((p) => p.endsWith('统计表（附件1-2）.xlsx'))).toBe(true);

    // 月报: each month of the semester begun by today.
    const start = term.semester === 'FIRST' ? `${term.schoolYear.slice(0, 4)}-09` : `${term.schoolYear.slice(5)}-02`;
    const months: string[] = [];
    for (let m = start; m <= todayInChina().slice(0, 7); m = m.endsWith('12') ? `${Number(m.slice(0, 4)) + 1}-01` : `${m.slice(0, 5)}${String(Number(m.slice(5)) + 1).padStart(2, '0')}`) months.push(m);
    expect(inBox('控辍保学Ⅳ类', '①').map((p) => p.split('/').pop()).sort()).toEqual(months.map((m) => `控辍保学月报表-${m}.xlsx`));
    // This month's has the case discovered today, under the school's name.
    const monthly = sheetText(await book(inBox('控辍保学Ⅳ类', '①').find((p) => p.endsWith(`${todayInChina().slice(0, 7)}.xlsx`))!));
    expect(monthly).toContain('城关中心小学|');
    expect(monthly).not.toContain('龙阳中心小学');

    // Ⅴ③ 在校生花名册 holds the school's four… its own students only (not the kindergarten's or B's).
    const roster = sheetText(await book(inBox('控辍保学Ⅴ类', '③').find((p) => p.endsWith('在校生花名册.xlsx'))!));
    expect(roster).toContain('张晓明');
    expect(roster).toContain('李小红');
    expect(roster).not.toContain('赵大伟');
    expect(roster).not.toContain('王小刚');

    // Ⅵ③: the 送教 visit's 附件3-1 and its photo; Ⅶ①: the case's 附件4 and the roster naming the child; Ⅶ②: the persuasion visit.
    const homeTeaching = inBox('控辍保学Ⅵ类', '③').map((p) => p.split('/').pop()!);
    expect(homeTeaching).toEqual(expect.arrayContaining(['送教上门记录.xlsx', `送教记录01-${todayInChina()}.xlsx`, `送教记录01-${todayInChina()}-${visitPhotoName}`]));
    expect((await read(inBox('控辍保学Ⅵ类', '③').find((p) => p.endsWith(visitPhotoName))!)).equals(PNG)).toBe(true);
    expect(sheetText(await book(inBox('控辍保学Ⅵ类', '③').find((p) => p.endsWith(`送教记录01-${todayInChina()}.xlsx`))!))).toContain('张晓明');
    const suspected = inBox('控辍保学Ⅶ类', '①').map((p) => p.split('/').pop()!);
    expect(suspected).toEqual(expect.arrayContaining(['疑似失、辍学学生花名册.xlsx', `核查认定表01-${todayInChina()}.xlsx`]));
    expect(sheetText(await book(inBox('控辍保学Ⅶ类', '①').find((p) => p.endsWith('疑似失、辍学学生花名册.xlsx'))!))).toContain('连续一周未到校');
    expect(inBox('控辍保学Ⅶ类', '②').map((p) => p.split('/').pop())).toContain(`劝返记录01-${todayInChina()}.xlsx`);
  });

  it('follows the requesting role’s field rules in the ledgers, and records full reads of 身份证号', async () => {
    const idNumber = (await t.app.sql('select id_number from student where id = ?', [t.county.students.s1]))[0].id_number as string;
    const rosterOf = async (role: string) => {
      const { paths, book } = await openArchive((await download(as(role), archivePath(t.county.schools.A))).body);
      return sheetText(await book(paths.find((p) => p.endsWith('在校生花名册.xlsx'))!));
    };
    const views = async () => Number((await t.app.sql(`select count(*)::int as n from audit_event where action = 'VIEW' and resource = 'Student'`))[0].n);
    const before = await views();
    const principal = await rosterOf('SCHOOL_ADMIN');
    expect(principal).toContain(idNumber);
    expect(await views()).toBeGreaterThan(before);
    const analyst = await rosterOf('ANALYST');
    expect(analyst).not.toContain('张晓明');
    expect(analyst).toContain('张*明');
    expect(analyst).not.toContain(idNumber);
    expect(analyst).toContain(`******${idNumber.slice(6, 12)}******`);
  });

  it('covers the whole school year without a semester, the other semester’s documents included', async () => {
    const res = await download(as('BUREAU_ADMIN'), archivePath(t.county.schools.A, `schoolYear=${term.schoolYear}`));
    expect(res.status).toBe(200);
    const { paths, lines } = await openArchive(res.body);
    expect(paths.some((p) => p.includes('控辍保学Ⅷ类') && p.endsWith('家长会简报-家长会.png'))).toBe(true);
    expect(lines.get('控辍保学Ⅷ类 ①')).toMatchObject({ status: '有', uploaded: 1 });
    expect(paths[0].split('/')[0]).toBe(`城关中心小学控辍保学档案（${term.schoolYear}学年）`);
  });

  it('refuses roles that do not reach the whole school, and schools outside the caller’s reach', async () => {
    const { A, B } = t.county.schools;
    const teacher = await download(as('TEACHER'), archivePath(A));
    expect(teacher).toMatchObject({ status: 403, json: { code: 'FORBIDDEN', rule: 'ARCHIVE_READERS' } });
    expect((await download(as('INTEGRATION'), archivePath(A))).status).toBe(403);
    expect((await download(undefined, archivePath(A))).status).toBe(401);
    const elsewhere = await download(as('SCHOOL_ADMIN'), archivePath(B));
    expect(elsewhere).toMatchObject({ status: 404, json: { code: 'NOT_FOUND' } });
    expect(elsewhere.disposition).toBeNull();
    expect((await download(as('BUREAU_ADMIN'), archivePath('00000000-0000-4000-8000-000000000000'))).status).toBe(404);
    expect((await download(as('BUREAU_ADMIN'), archivePath(B))).status).toBe(200);
  });

  it('is offered on a school’s page to the roles that may download it, with the current term preselected', async () => {
    const downloads = async (role: string) =>
      (await t.app.ok('{ resources { name downloads { label path params { name enumType required defaultValue } } } }', {}, as(role))).resources
        .find((r: { name: string }) => r.name === 'School').downloads;
    expect(await downloads('SCHOOL_ADMIN')).toEqual([{
      label: '下载控辍保学档案（附件2-2）', path: '/archive/{id}.zip',
      params: [
        { name: 'schoolYear', enumType: null, required: true, defaultValue: term.schoolYear },
        { name: 'semester', enumType: 'Semester', required: false, defaultValue: term.semester },
      ],
    }]);
    expect(await downloads('TEACHER')).toEqual([]);
  });

  it('answers bad parameters 400, naming the parameter', async () => {
    const { A } = t.county.schools;
    const bad = async (path: string) => (await download(as('BUREAU_ADMIN'), path)).json;
    expect(await bad(archivePath(A, 'schoolYear=2024'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'schoolYear', rule: 'SCHOOL_YEAR_FORMAT' });
    expect(await bad(archivePath(A, `schoolYear=${term.schoolYear}&semester=THIRD`))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'semester', rule: 'ENUM' });
    expect(await bad(archivePath(A, 'schoolYear=2099-2100'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'schoolYear', rule: 'PERIOD_NOT_BEGUN' });
    expect(await bad(archivePath(A, `schoolYear=${term.schoolYear}&schoolYear=2023-2024`))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'schoolYear', rule: 'REPEATED_ARGUMENT' });
    expect(await bad(archivePath(A, 'month=2024-10'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'month', rule: 'UNKNOWN_ARGUMENT' });
    expect(await bad(archivePath('not-a-school'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'schoolId' });
  });
});
