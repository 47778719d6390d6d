import { randomUUID } from 'node:crypto';
import { useCounty } from '../support/county';
import { createBureau } from '../support/fixtures';

// Bulk writes check reach like the single mutations, nested children included: a school admin's
// or a teacher's write neither reads nor touches a row beyond its reach (core/data/scoped-orm.ts).
const t = useCounty();

const RESULT = 'committed created updated unchanged failed rows { index status id code field rule }';

/** A stored student as an upsert row (matched by its 身份证号), with the guardians to write. */
async function studentRow(id: string, guardians: unknown[]) {
  const [s] = await t.app.sql('select name, gender, birth_date::text as "birthDate", id_number as "idNumber", school_id as "schoolId" from student where id = ?', [id]);
  return { ...s, guardians };
}

const upsertStudents = async (token: string, data: unknown[]) => {
  const res = await t.app.gql(`mutation ($d: [StudentInput!]!) { r: upsertManyStudents(data: $d, mode: VALID_ONLY) { ${RESULT} } }`, { d: data }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.r;
};

describe('nested children of a bulk write', () => {
  it('are matched among the children in reach only: a row of another bureau is neither read nor written', async () => {
    // A guardian row of another county that names our student (as a bad import could leave it).
    const other = await createBureau(t.app.orm, '外县教育局');
    const foreign = randomUUID();
    await t.app.sql(
      `insert into guardian (id, version, created_at, updated_at, bureau_id, student_id, name, relation, phone, lives_with_student, works_away)
       values (?, 1, now(), now(), ?, ?, '外县监护人', 'MOTHER', '13900000001', true, false)`,
      [foreign, other.bureauId, t.county.students.s1],
    );
    const row = await studentRow(t.county.students.s1, [{ name: '外县监护人', relation: 'MOTHER', phone: '13900000002' }]);
    const r = await upsertStudents(t.county.users.SCHOOL_ADMIN, [row]);
    expect(r.rows[0]).toMatchObject({ status: 'UPDATED', id: t.county.students.s1 });
    // The other county's row is untouched; the guardian was created in ours.
    expect(await t.app.sql('select phone, version from guardian where id = ?', [foreign])).toEqual([{ phone: '13900000001', version: 1 }]);
    const ours = await t.app.sql("select bureau_id as \"bureauId\", phone from guardian where student_id = ? and name = '外县监护人' and id <> ?", [t.county.students.s1, foreign]);
    expect(ours).toEqual([{ bureauId: t.county.bureauId, phone: '13900000002' }]);
  });

  it('cannot be attached to a student beyond the reach, by a school admin', async () => {
    const before = await t.app.sql('select count(*)::int as n from guardian where student_id = ?', [t.county.students.s4]);
    const theirs = await studentRow(t.county.students.s4, [{ name: '越界监护人', relation: 'FATHER', phone: '13900000003' }]);
    const ours = await studentRow(t.county.students.s3, [{ name: '园内监护人', relation: 'FATHER', phone: '13900000004' }]);
    const r = await upsertStudents(t.county.users.SCHOOL_ADMIN, [theirs, ours]);
    expect(r.rows.map((x: any) => [x.status, x.code, x.rule])).toEqual([['ERROR', 'CONFLICT', 'KEY_UNAVAILABLE'], ['UPDATED', null, null]]);
    expect(await t.app.sql('select count(*)::int as n from guardian where student_id = ?', [t.county.students.s4])).toEqual(before);
    expect(await t.app.sql("select count(*)::int as n from guardian where student_id = ? and name = '园内监护人'", [t.county.students.s3])).toEqual([{ n: 1 }]);
  });

  it('are refused with the roster to a teacher', async () => {
    const row = await studentRow(t.county.students.s1, [{ name: '教师所填', relation: 'FATHER', phone: '13900000005' }]);
    const r = await upsertStudents(t.county.users.TEACHER, [row]);
    expect(r.rows[0]).toMatchObject({ status: 'ERROR', code: 'FORBIDDEN' });
    expect(await t.app.sql("select count(*)::int as n from guardian where name = '教师所填'")).toEqual([{ n: 0 }]);
  });
});

describe('a teacher\'s bulk write', () => {
  it('reaches their own students only', async () => {
    const check = (s: string) => ({ studentId: s, kind: 'DAILY_ASK', date: '2025-03-03', staffId: t.county.staff.teacherStaff });
    const res = await t.app.gql(
      `mutation ($d: [CareCheckInput!]!) { r: createManyCareChecks(data: $d, mode: VALID_ONLY) { ${RESULT} } }`,
      { d: [check(t.county.students.s1), check(t.county.students.s4)] },
      t.county.users.TEACHER,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.r.rows.map((x: any) => [x.status, x.code, x.field, x.rule])).toEqual([
      ['CREATED', null, null, null],
      ['ERROR', 'BAD_USER_INPUT', 'studentId', 'REFERENCE_NOT_FOUND'],
    ]);
    expect(await t.app.sql('select count(*)::int as n from care_check where student_id = ?', [t.county.students.s4])).toEqual([{ n: 0 }]);
  });
});
