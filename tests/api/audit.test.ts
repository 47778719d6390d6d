import { startTestApp, type TestApp } from '../support/app';
import { createCounty } from '../support/county';
import { newIdNumber } from '../support/ids';
import { writeViewEvents } from '../../packages/api/src/core/audit/view-events';

let app: TestApp;
let c: Awaited<ReturnType<typeof createCounty>>;
const admin = (q: string, v?: Record<string, unknown>) => app.gql(q, v, c.users.BUREAU_ADMIN);
const events = (recordId: string) => app.sql('select action, resource, actor_id, actor_name, role, record_label, fields, before, after, request_id from audit_event where record_id = ? order by created_at, action', [recordId]);

beforeAll(async () => {
  app = await startTestApp();
  c = await createCounty(app);
});
afterAll(() => app.close());

describe('audit trail', () => {
  it('records a create, an update and a delete in their own transactions, with sensitive values redacted', async () => {
    const id = newIdNumber('2016-02-02', 'FEMALE');
    const created = await admin('mutation ($id: String) { createStudent(name: "刘小雨", gender: FEMALE, birthDate: "2016-02-02", idNumber: $id) { id } }', { id: id.idNumber });
    const sid = created.data.createStudent.id;
    const [ev] = await events(sid);
    expect(ev).toMatchObject({ action: 'CREATE', resource: 'Student', role: 'BUREAU_ADMIN', record_label: '刘小雨', before: null });
    expect(ev.actor_id).toEqual(expect.any(String));
    expect(ev.after.idNumber).toBe('[已隐去]');
    expect(ev.after.name).toBe('刘小雨');
    expect(JSON.stringify(ev)).not.toContain(id.idNumber);
    expect(ev.request_id).toEqual(expect.any(String));

    await admin('mutation ($id: ID!) { updateStudent(id: $id, version: 1, name: "刘晓雨", address: "城关街道南村") { id } }', { id: sid });
    const update = (await events(sid))[1];
    expect(update).toMatchObject({ action: 'UPDATE', before: { name: '刘小雨', address: '[已隐去]' }, after: { name: '刘晓雨', address: '[已隐去]' } });
    expect(update.fields.sort()).toEqual(['address', 'name']);

    await admin('mutation ($id: ID!) { deleteStudent(id: $id) { id } }', { id: sid });
    expect((await events(sid)).map((e) => e.action)).toEqual(['CREATE', 'UPDATE', 'DELETE']);
    // Named as it was last: the record is gone, its events still say whose it was.
    expect((await events(sid)).map((e) => e.record_label)).toEqual(['刘小雨', '刘晓雨', '刘晓雨']);
  });

  it('writes nothing for a refused mutation', async () => {
    const before = (await app.sql('select count(*)::int as n from audit_event'))[0].n;
    const bad = await admin('mutation { createStudent(name: "x", gender: MALE, birthDate: "2016-01-01", idNumber: "123") { id } }');
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const conflict = await admin('mutation ($s: ID!) { createDropoutCase(studentId: $s) { id } }', { s: c.students.s1 });
    expect(conflict.errors).toBeUndefined();
    const second = await admin('mutation ($s: ID!) { createDropoutCase(studentId: $s) { id } }', { s: c.students.s1 });
    expect(second.errors?.[0].extensions?.code).toBe('CONFLICT');
    const after = (await app.sql('select count(*)::int as n from audit_event'))[0].n;
    expect(after).toBe(before + 1); // the first case only
  });

  it('keeps no event of a write the database refused: concurrent twins, one created, one CREATE event', async () => {
    const add = 'mutation ($s: ID!, $t: ID!) { createCareCheck(studentId: $s, kind: DAILY_ASK, date: "2024-11-11", staffId: $t) { id } }';
    const answers = await Promise.all(Array.from({ length: 6 }, () => admin(add, { s: c.students.s1, t: c.staff.teacherStaff })));
    const created = answers.filter((a) => !a.errors).map((a) => a.data.createCareCheck.id as string);
    expect(created).toHaveLength(1);
    expect(answers.filter((a) => a.errors).map((a) => a.errors![0].extensions?.code)).toEqual(Array(5).fill('CONFLICT'));
    const rows = await app.sql("select record_id from audit_event where resource = 'CareCheck' and action = 'CREATE' and after->>'date' = '2024-11-11'");
    expect(rows).toEqual([{ record_id: created[0] }]);
  });

  it('records state changes of the workflows', async () => {
    const v = (await admin('mutation ($s: ID!, $t: ID!) { createVisitRecord(studentId: $s, visitorId: $t, form: IN_PERSON, transport: SCHOOL_VEHICLE, address: "东村", plannedAt: "2030-01-01T08:00:00Z", expectedReturnAt: "2030-01-01T12:00:00Z") { id } }', { s: c.students.s1, t: c.staff.teacherStaff })).data.createVisitRecord.id;
    await app.ok('mutation ($id: ID!) { departVisit(id: $id) { id } }', { id: v }, c.users.TEACHER);
    const [, depart] = await events(v);
    expect(depart).toMatchObject({ action: 'STATE_CHANGE', role: 'TEACHER', before: { status: 'PLANNED' }, after: { status: 'DEPARTED' } });
    // A visit is named by its address, which the trail redacts: no name rather than the address.
    expect(depart.record_label).toBeNull();
  });

  it('records full reads of 身份证号 and categories, not masked ones', async () => {
    await app.ok('query ($id: ID!) { Student(id: $id) { name idNumber } }', { id: c.students.s2 }, c.users.SCHOOL_ADMIN);
    const views = await app.sql("select role, resource, record_id, fields from audit_event where action = 'VIEW' and record_id = ?", [c.students.s2]);
    expect(views).toEqual([{ role: 'SCHOOL_ADMIN', resource: 'Student', record_id: c.students.s2, fields: ['idNumber'] }]);
    await app.ok('query ($id: ID!) { Student(id: $id) { idNumber name } }', { id: c.students.s2 }, c.users.ANALYST);
    await app.ok('query ($id: ID!) { Student(id: $id) { name } }', { id: c.students.s2 }, c.users.BUREAU_ADMIN);
    expect(await app.sql("select count(*)::int as n from audit_event where action = 'VIEW' and record_id = ?", [c.students.s2])).toEqual([{ n: 1 }]);
    const list = await app.ok('{ allStudents { id focusCategories { category } } }', {}, c.users.AID_OFFICER);
    const listed = await app.sql("select record_ids, fields from audit_event where action = 'VIEW' and role = 'AID_OFFICER'");
    expect(listed).toHaveLength(1);
    expect(listed[0].record_ids.sort()).toEqual(list.allStudents.map((s: { id: string }) => s.id).sort());
    expect(listed[0].fields).toEqual(['focusCategories']);
  });

  it('concurrent full reads each have their own VIEW event in the database before their answer, in fewer INSERTs than reads', async () => {
    const n = 24;
    const requestIds = Array.from({ length: n }, (_, i) => `view-group-${i}-${Date.now()}`);
    await Promise.all(
        requestIds.map(async (requestId) => {
          const res = await fetch(`${app.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${c.users.SCHOOL_ADMIN}`, 'x-request-id': requestId },
            body: JSON.stringify({ query: 'query ($id: ID!) { Student(id: $id) { idNumber } }', variables: { id: c.students.s2 } }),
          });
          expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
          // Answered only once its own event is written.
          const rows = await app.sql("select role, record_id, fields from audit_event where action = 'VIEW' and request_id = ?", [requestId]);
          expect(rows).toEqual([{ role: 'SCHOOL_ADMIN', record_id: c.students.s2, fields: ['idNumber'] }]);
        }),
    );
    // Rows written by one INSERT share its transaction id.
    const [{ inserts }] = await app.sql('select count(distinct xmin::text)::int as inserts from audit_event where request_id in (?)', [requestIds]);
    expect(inserts).toBeLessThan(n);
  });

  it('writes concurrent VIEW events, shared INSERTs and all, with their texts and lists exactly as given', async () => {
    const [user] = await app.sql(`select id, username from "user" where bureau_id = ? and role = 'BUREAU_ADMIN' limit 1`, [c.bureauId]);
    const viewer = { userId: user.id, username: user.username, displayName: `王"老师'\\ ? 👩‍🏫`, role: 'BUREAU_ADMIN', bureauId: c.bureauId, schoolId: null, staffId: null, schoolIds: [], studentIds: [] };
    const texts = ['引号 " 和 \' 单引号', '反斜杠 \\ \\u0041 不是转义', '问号 ? $1 :rows', '换行\n制表\t', 'emoji 🧒🏽 与 𠀀'];
    const failures: string[] = [];
    const requestIds = texts.map((_, i) => `view-texts-${i}-${Date.now()}`);
    // Together, so the group commit writes several in one INSERT.
    await Promise.all(
      texts.map((text, i) =>
        writeViewEvents(app.orm, viewer, [{ resource: 'Student', ids: [c.students.s1, c.students.s2], fields: ['idNumber'], details: { export: 'csv', filter: { q: text, nested: [text, { deeper: text }] } }, requestId: requestIds[i] }], (m) => failures.push(m)),
      ),
    );
    expect(failures).toEqual([]);
    const rows = await app.sql('select actor_name, record_id, record_ids, after, request_id from audit_event where request_id in (?)', [requestIds]);
    expect(rows).toHaveLength(texts.length);
    for (const [i, text] of texts.entries()) {
      expect(rows.find((r) => r.request_id === requestIds[i])).toEqual({
        actor_name: viewer.displayName, record_id: null, record_ids: [c.students.s1, c.students.s2],
        after: { export: 'csv', filter: { q: text, nested: [text, { deeper: text }] } }, request_id: requestIds[i],
      });
    }
  });

  it('answers roles, resources and actions as enums whose descriptions are the Chinese the admin shows', async () => {
    const labels = async (type: string) =>
      Object.fromEntries((await app.ok('query ($t: String!) { __type(name: $t) { enumValues { name description } } }', { t: type })).__type.enumValues.map((v: { name: string; description: string }) => [v.name, v.description]));
    const [roles, resources, actions] = [await labels('Role'), await labels('ResourceName'), await labels('AuditAction')];
    expect(roles).toMatchObject({ BUREAU_ADMIN: '局管理员', TEACHER: '教师' });
    expect(resources).toMatchObject({ Student: '学生', VisitRecord: '家访记录', School: '学校' });
    expect(actions).toMatchObject({ CREATE: '新建', UPDATE: '修改', VIEW: '查看敏感信息' });
    const sid = (await admin('mutation ($id: String) { createStudent(name: "周小燕", gender: FEMALE, birthDate: "2016-03-03", idNumber: $id) { id } }', { id: newIdNumber('2016-03-03', 'FEMALE').idNumber })).data.createStudent.id;
    await app.ok('query ($id: ID!) { Student(id: $id) { idNumber } }', { id: sid }, c.users.AID_OFFICER);
    const list = await app.ok('query ($id: String) { allAuditEvents(filter: { recordId: $id }, sortField: "createdAt", sortOrder: "ASC") { role resource action recordLabel } }', { id: sid }, c.users.BUREAU_ADMIN);
    const shown = list.allAuditEvents.map((e: Record<string, string | null>) => [roles[e.role!], resources[e.resource!], actions[e.action!], e.recordLabel]);
    // A read (VIEW) is written apart from the record and carries no name of it.
    expect(shown).toEqual([['局管理员', '学生', '新建', '周小燕'], ['资助中心', '学生', '查看敏感信息', null]]);
    // Filters take the enums, and the search finds an event by the record's name.
    const filtered = await app.ok('{ allAuditEvents(filter: { resource: Student, role_in: [BUREAU_ADMIN], q: "周小燕" }) { recordId } }', {}, c.users.BUREAU_ADMIN);
    expect(filtered.allAuditEvents).toEqual([{ recordId: sid }]);
    // The admin's list opens on these columns, not on request and record ids.
    const meta = (await app.ok('{ resources { name listFields } }', {}, c.users.BUREAU_ADMIN)).resources.find((r: { name: string }) => r.name === 'AuditEvent');
    expect(meta.listFields).toEqual(['createdAt', 'actorName', 'role', 'action', 'resource', 'recordLabel']);
  });

  it('is readable by bureau admins only and cannot be changed through the API', async () => {
    const list = await admin('{ allAuditEvents(perPage: 5, filter: { action: CREATE }) { action resource actor { username } } _allAuditEventsMeta { count } }');
    expect(list.errors).toBeUndefined();
    expect(list.data.allAuditEvents.length).toBeGreaterThan(0);
    expect((await app.gql('{ allAuditEvents { id } }', {}, c.users.SCHOOL_ADMIN)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const mutations = (await app.ok('{ __type(name: "Mutation") { fields { name } } }')).__type.fields.map((f: { name: string }) => f.name);
    expect(mutations.filter((n: string) => /AuditEvent/.test(n))).toEqual([]);
  });
});
