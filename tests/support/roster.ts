import type { TestApp } from './app';
import { newIdNumber } from './ids';

/** A school with a class, three staff members and four students, created through the API. */
export async function createRoster(app: TestApp, token: string, tag = '1') {
  const ok = (q: string, v?: Record<string, unknown>) => app.ok(q, v, token);
  const school = (await ok('mutation ($n: String!, $c: String!) { createSchool(name: $n, code: $c, kind: PRIMARY) { id } }', { n: `城关中心小学${tag}`, c: `S${tag}` })).createSchool.id as string;
  const staff: string[] = [];
  for (const name of ['李老师', '王老师', '赵校长']) {
    staff.push((await ok('mutation ($n: String!, $s: ID!) { createStaffMember(name: $n, schoolId: $s, position: TEACHER) { id } }', { n: `${name}${tag}`, s: school })).createStaffMember.id);
  }
  const cls = (await ok('mutation ($s: ID!, $h: ID) { createSchoolClass(schoolId: $s, grade: 4, name: "四年级（1）班", schoolYear: "2024-2025", headTeacherId: $h) { id } }', { s: school, h: staff[0] })).createSchoolClass.id as string;
  const students: string[] = [];
  for (const name of ['甲', '乙', '丙', '丁']) {
    const id = newIdNumber('2014-06-01', 'FEMALE');
    students.push(
      (await ok('mutation ($n: String!, $b: LocalDate!, $id: String, $s: ID, $c: ID) { createStudent(name: $n, gender: FEMALE, birthDate: $b, idNumber: $id, schoolId: $s, classId: $c) { id } }', {
        n: `学生${name}${tag}`, b: id.birthDate, id: id.idNumber, s: school, c: cls,
      })).createStudent.id,
    );
  }
  return { school, cls, staff, students };
}

export const count = async (app: TestApp, table: string) => (await app.sql(`select count(*)::int as n from "${table}"`))[0].n as number;
