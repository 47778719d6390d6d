// The two queries of the race, as each server spells them, for each Jiafang role, and how to read
// their answers into comparable rows.
//
// PostGraphile 5's amber inflection (read from its schema): `allStudents` is a connection with
// `nodes` and `totalCount`; the table's `id` column is `rowId` (`id` is the global Node id);
// relations are `schoolBySchoolId`, `schoolClassByClassId`, `staffMemberByHeadTeacherId`,
// `guardiansByStudentId`; orderings are `ROW_ID_ASC`, `NAME_ASC`, …; `condition` has equality
// only, and the connection-filter plugin adds `filter: { rowId: { in: [...] } }`.

export type Role = 'BUREAU_ADMIN' | 'TEACHER';
export const ROLE_LOGINS: Record<Role, string> = { BUREAU_ADMIN: 'admin', TEACHER: 'teacher' };

/** One row as both servers must answer it: id and name, and for the nested query what it nests. */
export interface Row {
  id: string;
  name: string;
  nested?: string;
}
export interface Answer {
  rows: Row[];
  count?: number;
}

/** A GraphQL request: the exact JSON body sent (also to autocannon) and how to read its answer. */
export interface Request {
  body: string;
  read(data: any): Answer;
}

export interface RaceQuery {
  key: 'nested' | 'list';
  title: string;
  role: Role;
  jiafang: Request;
  postgraphile: Request;
}

/** What the queries depend on in the data: the school of the list filter, the teacher's students. */
export interface QueryContext {
  listSchoolId: string;
  listGender: 'FEMALE' | 'MALE';
  /** The ids of every student the teacher reaches, by id (Jiafang's answer to the teacher). */
  teacherStudentIds: string[];
}

const body = (query: string, variables?: Record<string, unknown>) => JSON.stringify(variables ? { query, variables } : { query });

interface Nested {
  name: string | null;
  school: string | null | undefined;
  className: string | null | undefined;
  head: string | null | undefined;
  guardians: Array<{ name: string | null; phone: string | null }>;
}
const nestedKey = (n: Nested) =>
  `${n.school ?? '∅'} / ${n.className ?? '∅'} / ${n.head ?? '∅'} / ${n.guardians.map((g) => `${g.name}:${g.phone}`).join(', ')}`;

// ---- (a) 100 students by id with school, class, head teacher and guardians ----

const JIAFANG_NESTED = `{ allStudents(page: 0, perPage: 100, sortField: "id", sortOrder: "ASC") {
  id name school { name } class { name headTeacher { name } } guardians { name phone } } }`;

const POSTGRAPHILE_NESTED = (filtered: boolean) => `query Nested${filtered ? '($ids: [UUID!]!)' : ''} {
  allStudents(first: 100, orderBy: [ROW_ID_ASC]${filtered ? ', filter: { rowId: { in: $ids } }' : ''}) { nodes {
    rowId name schoolBySchoolId { name } schoolClassByClassId { name staffMemberByHeadTeacherId { name } }
    guardiansByStudentId(orderBy: [CREATED_AT_ASC, ROW_ID_ASC]) { nodes { name phone } } } } }`;

function nested(role: Role, ctx: QueryContext): RaceQuery {
  const teacher = role === 'TEACHER';
  return {
    key: 'nested',
    title: '(a) 100 students by id + school, class, head teacher, guardians',
    role,
    jiafang: {
      body: body(JIAFANG_NESTED),
      read: (data) => ({
        rows: data.allStudents.map((s: any) => ({
          id: s.id,
          name: s.name,
          nested: nestedKey({ name: s.name, school: s.school?.name, className: s.class?.name, head: s.class?.headTeacher?.name, guardians: s.guardians }),
        })),
      }),
    },
    postgraphile: {
      // The teacher's rows: the same 100 (or fewer) ids Jiafang's scope gives the teacher.
      body: body(POSTGRAPHILE_NESTED(teacher), teacher ? { ids: ctx.teacherStudentIds.slice(0, 100) } : undefined),
      read: (data) => ({
        rows: data.allStudents.nodes.map((s: any) => ({
          id: s.rowId,
          name: s.name,
          nested: nestedKey({
            name: s.name,
            school: s.schoolBySchoolId?.name,
            className: s.schoolClassByClassId?.name,
            head: s.schoolClassByClassId?.staffMemberByHeadTeacherId?.name,
            guardians: s.guardiansByStudentId.nodes,
          }),
        })),
      }),
    },
  };
}

// ---- (b) the admin's student list page: 25 rows of a school's girls by name, and the count ----
// The columns are the admin's default ones for Student (packages/admin/src/auto/model.ts,
// listColumnsOf): the display name, then indexed required fields, indexed references, then
// the categories; plus the id every list row carries.

function list(role: Role, ctx: QueryContext): RaceQuery {
  const teacher = role === 'TEACHER';
  const filter = `{ schoolId: "${ctx.listSchoolId}", gender: ${ctx.listGender} }`;
  const jiafang = `{ allStudents(page: 0, perPage: 25, sortField: "name", sortOrder: "ASC", filter: ${filter}) {
    id name gender birthDate schoolingStatus householdVillageId schoolId classId focusCategories { category since source } }
  _allStudentsMeta(filter: ${filter}) { count } }`;
  const postgraphile = `query List${teacher ? '($ids: [UUID!]!)' : ''} {
  allStudents(first: 25, orderBy: [NAME_ASC, ROW_ID_ASC], condition: { schoolId: "${ctx.listSchoolId}", gender: "${ctx.listGender}" }${teacher ? ', filter: { rowId: { in: $ids } }' : ''}) {
    totalCount nodes { rowId name gender birthDate schoolingStatus householdVillageId schoolId classId focusCategories } } }`;
  return {
    key: 'list',
    title: `(b) student list page: 25 by name, school + gender filter, count`,
    role,
    jiafang: {
      body: body(jiafang),
      read: (data) => ({ rows: data.allStudents.map((s: any) => ({ id: s.id, name: s.name })), count: data._allStudentsMeta.count }),
    },
    postgraphile: {
      body: body(postgraphile, teacher ? { ids: ctx.teacherStudentIds } : undefined),
      read: (data) => ({ rows: data.allStudents.nodes.map((s: any) => ({ id: s.rowId, name: s.name })), count: data.allStudents.totalCount }),
    },
  };
}

export function raceQueries(ctx: QueryContext): RaceQuery[] {
  const roles: Role[] = ['BUREAU_ADMIN', 'TEACHER'];
  return [...roles.map((r) => nested(r, ctx)), ...roles.map((r) => list(r, ctx))];
}

/** The teacher's students, all of them, by id: the ids PostGraphile is restricted to for the teacher runs. */
export const TEACHER_IDS_QUERY = (page: number) => `{ allStudents(page: ${page}, perPage: 1000, sortField: "id", sortOrder: "ASC") { id } }`;
