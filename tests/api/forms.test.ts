import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../support/app';
import { createCounty } from '../support/county';

let app: TestApp;
let c: Awaited<ReturnType<typeof createCounty>>;
let visitId: string;
let caseId: string;
let closedCaseId: string;
let otherSchoolVisitId: string;
let kindergartenCaseId: string;
let idNumber: string;

const CONTENT = { fam: '父母在外务工，与祖父母同住', stu: '成绩中等，性格内向', key: '宣传资助政策，交流学习情况', eff: '家长表示支持学校工作' };
const VISIT = `mutation ($s: ID!, $t: ID!, $comp: [ID!], $purpose: VisitPurpose, $case: ID, $fam: String, $stu: String, $key: String, $eff: String) {
  createVisitRecord(studentId: $s, visitorId: $t, companionIds: $comp, form: PHONE, status: COMPLETED, purpose: $purpose, dropoutCaseId: $case,
    address: "城关街道东村3组", parentMetName: "张大山", parentMetPhone: "13812345678",
    familySituation: $fam, studentSituation: $stu, keyPoints: $key, effect: $eff) { id } }`;
const step = (name: string, args = '') => `mutation ($id: ID!) { ${name}(id: $id${args}) { id status } }`;

beforeAll(async () => {
  app = await startTestApp();
  c = await createCounty(app);
  const admin = (q: string, v?: Record<string, unknown>) => app.ok(q, v, c.users.BUREAU_ADMIN);
  const { s1, s2, s3, s4 } = c.students;
  const { teacherStaff, otherStaff } = c.staff;
  await app.sql(`update "user" set display_name = '局管理员甲' where bureau_id = ? and role = 'BUREAU_ADMIN'`, [c.bureauId]);
  await app.sql(`update guardian set phone2 = '13700001111' where student_id = ?`, [s1]);
  idNumber = (await app.sql('select id_number from student where id = ?', [s1]))[0].id_number;

  // 附件3-1: a visit with a companion, content and two suggestions, done on 2024-10-12 14:30 China time.
  visitId = (await admin(VISIT, { s: s1, t: teacherStaff, comp: [otherStaff], ...CONTENT })).createVisitRecord.id;
  for (const text of ['希望增加课后服务时间', '建议加强上下学安全教育']) {
    await admin('mutation ($v: ID!, $t: String!) { createParentSuggestion(visitId: $v, content: $t, category: HOMEWORK) { id } }', { v: visitId, t: text });
  }
  await app.sql(`update visit_record set completed_at = '2024-10-12T06:30:00Z', visited_at = '2024-10-12T06:30:00Z' where id = ?`, [visitId]);
  otherSchoolVisitId = (await admin(VISIT, { s: s4, t: teacherStaff, ...CONTENT })).createVisitRecord.id;

  // 附件4: a case confirmed as 厌学辍学, persuaded with one visit and returned, with sign-off dates.
  caseId = (await admin(`mutation ($s: ID!, $v: ID!) { createDropoutCase(studentId: $s, discoveredOn: "2024-10-12", details: "连续一周未到校",
    schoolVerifierId: $v, schoolVerifiedOn: "2024-10-13", guardianSignedOn: "2024-10-14", policeSignedOn: "2024-10-16") { id } }`, { s: s1, v: teacherStaff })).createDropoutCase.id;
  await admin(step('verifyDropoutCase'), { id: caseId });
  await admin(step('confirmDropoutCase', ', dropoutCategory: AVERSION, confirmedOn: "2024-10-13"'), { id: caseId });
  await admin(step('persuadeDropoutCase'), { id: caseId });
  const persuasion = (await admin(VISIT, { s: s1, t: teacherStaff, purpose: 'PERSUASION', case: caseId, ...CONTENT, eff: '家长同意孩子返校' })).createVisitRecord.id;
  await admin(step('returnDropoutCase', ', returnedOn: "2024-10-20"'), { id: caseId });
  await app.sql(`update visit_record set completed_at = '2024-10-15T02:00:00Z', visited_at = '2024-10-15T02:00:00Z' where id = ?`, [persuasion]);

  // A case closed as 实际就读 (s2 is paired with the teacher), and one out of the teacher's reach.
  closedCaseId = (await admin('mutation ($s: ID!) { createDropoutCase(studentId: $s, discoveredOn: "2024-10-12") { id } }', { s: s2 })).createDropoutCase.id;
  await admin(step('closeDropoutCase', ', nonDropoutCategory: ACTUALLY_ENROLLED, schoolingStatus: IN_COUNTY, evidenceNote: "在县城实验小学就读"'), { id: closedCaseId });
  kindergartenCaseId = (await admin('mutation ($s: ID!) { createDropoutCase(studentId: $s) { id } }', { s: s3 })).createDropoutCase.id;
});
afterAll(() => app.close());

const download = (path: string, token?: string) => fetch(`${app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

async function form(resource: string, id: string, token: string) {
  const res = await download(`/forms/${resource}/${id}.xlsx`, token);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('spreadsheetml');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const sheet = book.worksheets[0];
  const text = (address: string) => {
    const v = sheet.getCell(address).value;
    return v == null ? '' : String(v);
  };
  return { sheet, text, merges: (sheet.model as unknown as { merges: string[] }).merges };
}

const views = () => app.sql<{ role: string; resource: string; record_id: string; fields: string[]; after: Record<string, unknown> }>(
  `select role, resource, record_id, fields, after from audit_event where action = 'VIEW' and after->>'print' is not null order by created_at`,
);

describe('附件3-1 “教师大家访”活动记录表 for one visit', () => {
  it('lays out the form with every value for the bureau admin', async () => {
    const { sheet, text, merges } = await form('VisitRecord', visitId, c.users.BUREAU_ADMIN);
    expect(sheet.name).toBe('家访记录表');
    expect(text('A1')).toBe('附件3-1');
    expect(text('A2')).toBe('“教师大家访”活动记录表');
    expect(text('A3')).toBe('单位名称：城关中心小学');
    expect(text('E3')).toBe('2024年10月12日');
    const grid: Record<string, string> = {
      A4: '家访教师\n姓名', B4: '李老师', C4: '职务', D4: '任课教师', E4: '随访教师\n姓名', F4: '王老师',
      A5: '受访学生\n姓名', B5: '张晓明', C5: '班级', D5: '三年级（1）班',
      A6: '受访家长\n姓名', B6: '张大山', C6: '联系\n电话', D6: '电话1：13812345678', D7: '电话2：13700001111',
      A8: '家访地址', B8: '城关街道东村3组',
      A9: '家访时间', B9: '2024年10月12日 14:30', C9: '家访形式', D9: '电话家访',
      A10: '受访学生家庭基本情况', B10: CONTENT.fam,
      A11: '受访学生个人基本情况', B11: CONTENT.stu,
      A12: '家访\n要点', B12: CONTENT.key,
      A13: '家访\n效果', B13: CONTENT.eff,
      A14: '家长对学校、对教育部门的建议和意见', B14: '1. 希望增加课后服务时间\n2. 建议加强上下学安全教育',
      A16: '家访记录人：局管理员甲',
    };
    for (const [address, value] of Object.entries(grid)) expect([address, text(address)]).toEqual([address, value]);
    expect(text('B15')).toMatch(/^受访家长签名：/);
    // The boxed grid: merged boxes, borders, wrapped text, A4 portrait.
    expect(merges).toEqual(expect.arrayContaining(['A2:F2', 'D5:F5', 'A6:A7', 'B6:B7', 'D6:F6', 'B8:F8', 'B10:F10', 'A14:A15', 'B14:F14']));
    expect(sheet.getCell('B10').border.left?.style).toBe('thin');
    expect(sheet.getCell('A4').border.top?.style).toBe('thin');
    expect(sheet.getCell('B10').alignment.wrapText).toBe(true);
    expect(sheet.getCell('A1').border?.top).toBeUndefined();
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToWidth: 1 });
    const widths = sheet.columns.map((col) => col.width ?? 0);
    expect(widths).toHaveLength(6);
    expect(widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(95); // one A4 width without much shrinking
  });

  it('prints what the role reads: an analyst gets masked names and no notes', async () => {
    const { text } = await form('VisitRecord', visitId, c.users.ANALYST);
    expect([text('B4'), text('F4'), text('B5'), text('B6')]).toEqual(['李*师', '王*师', '张*明', '张*山']);
    expect(text('D6')).toBe('电话1：138****5678');
    expect(text('D7')).toBe('电话2：137****1111');
    expect(text('B8')).toBe('城关街道***');
    for (const address of ['B10', 'B11', 'B12', 'B13']) expect(text(address)).toBe('');
    // The recorder's account is not the analyst's to read: the visitor signs as recorder.
    expect(text('A16')).toBe('家访记录人：李*师');
    expect(text('D9')).toBe('电话家访');
  });

  it('serves the principal and the teacher of the school in full, as their API reads', async () => {
    const principal = await form('VisitRecord', visitId, c.users.SCHOOL_ADMIN);
    expect(principal.text('B5')).toBe('张晓明');
    expect(principal.text('A16')).toBe('家访记录人：李老师');
    const teacher = await form('VisitRecord', visitId, c.users.TEACHER);
    expect([teacher.text('B5'), teacher.text('B10')]).toEqual(['张晓明', CONTENT.fam]);
  });

  it('answers 401, 400, 403 and 404 like the API', async () => {
    expect((await download(`/forms/VisitRecord/${visitId}.xlsx`)).status).toBe(401);
    const bad = await download('/forms/VisitRecord/not-an-id.xlsx', c.users.BUREAU_ADMIN);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const forbidden = await download(`/forms/VisitRecord/${visitId}.xlsx`, c.users.INTEGRATION);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ code: 'FORBIDDEN' });
    const outside = await download(`/forms/VisitRecord/${otherSchoolVisitId}.xlsx`, c.users.SCHOOL_ADMIN);
    expect(outside.status).toBe(404);
    expect(await outside.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await download(`/forms/VisitRecord/${otherSchoolVisitId}.xlsx`, c.users.TEACHER)).status).toBe(404);
    expect((await download(`/forms/VisitRecord/${c.students.s1}.xlsx`, c.users.BUREAU_ADMIN)).status).toBe(404);
    expect((await download(`/forms/Student/${c.students.s1}.xlsx`, c.users.BUREAU_ADMIN)).status).toBe(404); // no form declared
  });
});

describe('附件4 疑似失（辍）学儿童就学情况核查认定表 for one case', () => {
  it('lays out the form with the chosen category ticked and the sign-off dates, and audits the 身份证号', async () => {
    const before = (await views()).length;
    const { text, merges } = await form('DropoutCase', caseId, c.users.BUREAU_ADMIN);
    expect(text('A1')).toBe('附件4');
    expect(text('A2')).toBe('蒲城县疑似失（辍）学儿童就学情况核查认定表');
    const grid: Record<string, string> = {
      A3: '姓    名', B3: '张晓明', C3: '性    别', D3: '男',
      A4: '身份证号码', B4: idNumber, C4: '家庭住址', D4: '城关街道东村3组',
      A5: '家长姓名', B5: '张大山', C5: '联系电话1', D5: '13812345678', C6: '联系电话2', D6: '13700001111',
      A7: '核查认定结果及详细情况', B7: '认定结果：已返校（2024年10月12日发现）\n连续一周未到校',
      A8: '失（辍）学类别及劝返情况', A10: '非辍学类别及详细情况',
      A12: '监护人（近邻或亲友）签名：\n\n2024年10月14日', C12: '学校核查人签名：李老师\n\n2024年10月13日',
      A13: '村（社区）负责人签名：', C13: '村（社区）盖章：',
      A14: '校长签名：', C14: '学校盖章：',
      A15: '镇（办）核查人签名：', C15: '镇（办）盖章：',
      A16: '公安部门核查结果：', C16: '公安部门盖章：\n\n2024年10月16日',
      A17: '备注：户籍原因、外迁无法联系、失踪失联3类情况认定必须有公安部门核查认定并盖章。',
    };
    for (const [address, value] of Object.entries(grid)) expect([address, text(address)]).toEqual([address, value]);
    expect(text('B8')).toBe('☐1：打工务农　　☑2：厌学辍学　　☐3：因病因残　　☐4：在家上学\n☐5：入寺入教　　☐6：早婚失学　　☐7：扶贫异地搬迁　　☐8：其他原因');
    expect(text('B9')).toBe('2024年10月13日确认辍学\n劝返家访1次：\n1. 2024年10月15日 电话家访：家长同意孩子返校\n已于2024年10月20日返校');
    expect(text('B10').match(/☑/g)).toBeNull();
    expect(text('B10').split('\n')).toEqual([
      '☐1：户籍原因（查无此人、多重户籍）　　☐2：实际就读',
      '☐3：延缓入学　　☐4：超龄离校　　☐5：重病重残',
      '☐6：外迁无法联系　　☐7：出国在外　　☐8：失踪失联',
    ]);
    // The day of the finding (the confirmation here).
    expect(text('A18')).toBe('时间：2024年10月13日');
    expect(merges).toEqual(expect.arrayContaining(['A2:D2', 'A5:A6', 'B5:B6', 'B7:D7', 'A8:A9', 'B8:D8', 'A12:B12', 'C12:D12', 'A17:D17']));

    const after = await views();
    expect(after.slice(before)).toEqual([
      { role: 'BUREAU_ADMIN', resource: 'Student', record_id: c.students.s1, fields: ['idNumber'], after: { print: 'DropoutCase', id: caseId } },
    ]);
  });

  it('ticks the non-dropout category of a closed case and gives its details', async () => {
    const { text } = await form('DropoutCase', closedCaseId, c.users.BUREAU_ADMIN);
    expect(text('B3')).toBe('李小红');
    expect(text('B8').match(/☑/g)).toBeNull();
    expect(text('B10')).toContain('☑2：实际就读');
    expect(text('B10').match(/☑/g)).toHaveLength(1);
    expect(text('B11')).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日结案\n佐证材料说明：在县城实验小学就读$/);
  });

  it('masks the 身份证号 for a teacher, without a VIEW event', async () => {
    const before = (await views()).length;
    const { text } = await form('DropoutCase', caseId, c.users.TEACHER);
    expect(text('B4')).toBe(`******${idNumber.slice(6, 12)}******`);
    expect(text('B3')).toBe('张晓明');
    expect(text('B7')).toContain('连续一周未到校');
    expect((await views()).length).toBe(before);
  });

  it('masks names and leaves notes out for an analyst', async () => {
    const { text } = await form('DropoutCase', caseId, c.users.ANALYST);
    expect([text('B3'), text('B5'), text('D5')]).toEqual(['张*明', '张*山', '138****5678']);
    expect(text('B4')).toBe(`******${idNumber.slice(6, 12)}******`);
    expect(text('B7')).toBe('认定结果：已返校（2024年10月12日发现）');
    expect(text('B9')).toContain('1. 2024年10月15日 电话家访\n');
    expect(text('B9')).not.toContain('家长同意孩子返校');
    expect(text('C12')).toBe('学校核查人签名：李*师\n\n2024年10月13日');
    expect(text('B8')).toContain('☑2：厌学辍学');
  });

  it('keeps cases outside the scope out of reach', async () => {
    expect((await download(`/forms/DropoutCase/${kindergartenCaseId}.xlsx`, c.users.TEACHER)).status).toBe(404);
    expect((await download(`/forms/DropoutCase/${kindergartenCaseId}.xlsx`, c.users.SCHOOL_ADMIN)).status).toBe(200); // attached kindergarten
    expect((await download(`/forms/DropoutCase/${caseId}.xlsx`)).status).toBe(401);
    expect((await download(`/forms/DropoutCase/${caseId}.xlsx`, c.users.INTEGRATION)).status).toBe(403);
    const bad = await download('/forms/DropoutCase/123.xlsx', c.users.TEACHER);
    expect(await bad.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});

describe('the resources metadata names the print forms', () => {
  it('gives the label and download path of each resource that declares one', async () => {
    const data = await app.ok('{ resources { name printForm { label path } } }', {}, c.users.TEACHER);
    const byName = Object.fromEntries(data.resources.map((r: { name: string; printForm: unknown }) => [r.name, r.printForm]));
    expect(byName.VisitRecord).toEqual({ label: '打印家访记录表（附件3-1）', path: '/forms/VisitRecord/{id}.xlsx' });
    expect(byName.DropoutCase).toEqual({ label: '打印核查认定表（附件4）', path: '/forms/DropoutCase/{id}.xlsx' });
    expect(byName.Student).toBeNull();
  });
});

describe('the same forms as a printable page (.html)', () => {
  async function page(resource: string, id: string, token: string) {
    const res = await download(`/forms/${resource}/${id}.html`, token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    // Served under the same CSP as everything else: the page needs no script to work.
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).not.toMatch(/<script|onclick/i);
    return { html, disposition: res.headers.get('content-disposition') };
  }

  it('lays out 附件3-1 from the same sheet as the .xlsx', async () => {
    const { html, disposition } = await page('VisitRecord', visitId, c.users.BUREAU_ADMIN);
    expect(disposition).toBe(`inline; filename*=UTF-8''${encodeURIComponent('家访记录表-张晓明-2024-10-12.html')}`);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<title>家访记录表-张晓明-2024-10-12</title>');
    expect(html).toContain('@page { size: A4; margin: 15mm }');
    for (const text of ['>附件3-1<', '>“教师大家访”活动记录表<', '>单位名称：城关中心小学<', '>家访教师<br>姓名<', '>张晓明<', '>电话1：13812345678<', `>${CONTENT.fam}<`,
      '>1. 希望增加课后服务时间<br>2. 建议加强上下学安全教育<', '>家访记录人：局管理员甲<']) {
      expect([text, html.includes(text)]).toEqual([text, true]);
    }
    expect(html).toMatch(/<td rowspan="2" style="[^"]*">受访家长<br>姓名<\/td>/); // A6:A7
    expect(html).toMatch(/<td colspan="5" style="[^"]*border-left:1px solid #000[^"]*">城关街道东村3组<\/td>/); // B8:F8
  });

  it('lays out 附件4 and writes the VIEW event of a full 身份证号 as the .xlsx does', async () => {
    const before = (await views()).length;
    const { html } = await page('DropoutCase', caseId, c.users.BUREAU_ADMIN);
    for (const text of ['>附件4<', '>蒲城县疑似失（辍）学儿童就学情况核查认定表<', `>${idNumber}<`, '☑2：厌学辍学', '>时间：2024年10月13日<']) {
      expect([text, html.includes(text)]).toEqual([text, true]);
    }
    expect((await views()).slice(before)).toEqual([
      { role: 'BUREAU_ADMIN', resource: 'Student', record_id: c.students.s1, fields: ['idNumber'], after: { print: 'DropoutCase', id: caseId } },
    ]);
  });

  it('masks the 身份证号 for a teacher, without a VIEW event', async () => {
    const before = (await views()).length;
    const { html } = await page('DropoutCase', caseId, c.users.TEACHER);
    expect(html).toContain(`>******${idNumber.slice(6, 12)}******<`);
    expect(html).not.toContain(idNumber);
    expect((await views()).length).toBe(before);
  });

  it('answers records out of reach, unknown ids and missing logins like the .xlsx', async () => {
    const outside = await download(`/forms/VisitRecord/${otherSchoolVisitId}.html`, c.users.SCHOOL_ADMIN);
    expect(outside.status).toBe(404);
    expect(await outside.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await download(`/forms/DropoutCase/${kindergartenCaseId}.html`, c.users.TEACHER)).status).toBe(404);
    expect((await download(`/forms/DropoutCase/${caseId}.html`)).status).toBe(401);
    expect((await download(`/forms/DropoutCase/${caseId}.html`, c.users.INTEGRATION)).status).toBe(403);
    expect((await download(`/forms/Student/${c.students.s1}.html`, c.users.BUREAU_ADMIN)).status).toBe(404);
  });

  it('prints a name made of HTML as text', async () => {
    const name = `<script>alert("x")</script>&'李'`;
    const [{ name: kept }] = await app.sql<{ name: string }>('select name from student where id = ?', [c.students.s2]);
    await app.sql('update student set name = ? where id = ?', [name, c.students.s2]);
    try {
      const { html } = await page('DropoutCase', closedCaseId, c.users.BUREAU_ADMIN);
      const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;李&#39;';
      expect(html).toContain(`>${escaped}<`);
      expect(html).toContain(`<title>核查认定表-${escaped}</title>`);
    } finally {
      await app.sql('update student set name = ? where id = ?', [kept, c.students.s2]);
    }
  });
});
