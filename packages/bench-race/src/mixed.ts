// Scenario (c), a mixed load: each connection cycles through 10 requests, 7 reads and 3 writes,
// as staff use the API during a school day, starting at a random step (mixed-drive.ts). Reads are the race's two queries with varying
// arguments; writes are what each role does all day:
//
//   BUREAU_ADMIN  list · nested · updateStudent · list · nested · createCareCheck · list · nested · createVisitRecord · list
//   TEACHER       list · nested · createCareCheck · list · nested · createVisitRecord · list · nested · createCareCheck · list
//
// - list: (b) with a random gender, as admin on a random page 0..39 (fewer in a small county; a
//   teacher's students fit one);
// - nested: (a) for 100 random students of 4,000 spread over the county (a teacher: 30 of theirs);
// - updateStudent: the note of a row of the connection's last list page, with the version that
//   page showed, so two connections editing the same student meet a stale version now and then;
// - createCareCheck: a daily check (每日一问) of a student who gets them, by their head teacher (a
//   teacher: by themselves, for their own students), on a school day that has none yet;
// - createVisitRecord: a phone visit recorded as completed, with its content.
//
// PostGraphile gets the same rows through its generated mutations, with the ids, timestamps and
// versions Jiafang would set; it checks no version, rule or access right.
import { randomUUID } from 'node:crypto';
import { withClient } from './scratch-db.ts';
import { ROLE_LOGINS, type QueryContext, type Role } from './queries.ts';

/** What a connection last saw: the rows of its last list page, with their versions. */
export interface Seen {
  rows?: Array<{ id: string; version: number }>;
}

export interface Step {
  kind: 'read' | 'write';
  name: string;
  /** Needs a list page read before it (the edit). */
  needsRows?: boolean;
  /** The JSON body; undefined when what it needs is missing. */
  body(seen: Seen): string | undefined;
  /** Keeps what a later step needs from a good answer's `data`. */
  keep?(data: any, seen: Seen): void;
}

export interface MixedWorkload {
  role: Role;
  jiafang: Step[];
  postgraphile: Step[];
}

const GENDERS = ['FEMALE', 'MALE'] as const;

/** Rows of the database the writes refer to, read once before timing. */
interface Pools {
  bureauId: string;
  users: Record<Role, { userId: string; staffId?: string }>;
  /** Students spread over the county, for the nested read. */
  spread: string[];
  /** Enrolled students with their head teacher, for visits. */
  withHead: Array<{ student: string; staff: string }>;
  /** Students who get daily care checks, and who makes them (from the seeded checks). */
  cared: Array<{ student: string; staff: string }>;
  /** The last day with a care check: new ones start after it. */
  lastCareDay: string;
  /** Full list pages of the list's school per gender, up to 40. */
  listPages: Record<string, number>;
}

async function readPools(databaseUrl: string, school: string): Promise<Pools> {
  return withClient(databaseUrl, async (c) => {
    const rows = async (sql: string, params: unknown[] = []) => (await c.query(sql, params)).rows;
    const users = {} as Pools['users'];
    let bureauId = '';
    for (const [role, username] of Object.entries(ROLE_LOGINS) as Array<[Role, string]>) {
      const [u] = await rows('select id, staff_id, bureau_id from "user" where username = $1', [username]);
      users[role] = { userId: u.id, staffId: u.staff_id ?? undefined };
      bureauId = u.bureau_id;
    }
    // md5 order: a fixed spread over the county, the same on every run.
    const spread = (await rows('select id from student order by md5(id::text) limit 4000')).map((r) => r.id as string);
    const withHead = (await rows(`select s.id as student, c.head_teacher_id as staff from student s join school_class c on c.id = s.class_id
      where c.head_teacher_id is not null order by md5(s.id::text) limit 4000`)) as Pools['withHead'];
    const cared = (await rows(`select distinct on (student_id) student_id as student, staff_id as staff from care_check
      where kind = 'DAILY_ASK' order by student_id, date desc`)) as Pools['cared'];
    const [{ last }] = await rows(`select coalesce(max(date), current_date)::text as last from care_check`);
    const listPages = Object.fromEntries(GENDERS.map((g) => [g, 1]));
    for (const r of await rows('select gender, count(*)::int as n from student where school_id = $1 group by gender', [school])) {
      listPages[r.gender] = Math.max(1, Math.min(40, Math.floor(r.n / 25)));
    }
    return { bureauId, users, spread, withHead, cared, lastCareDay: last, listPages };
  });
}

/** School days after `last`, each handed out once: a day's checks never repeat (ONE_CARE_CHECK_PER_DAY). */
function schoolDays(last: string): () => string {
  const day = new Date(`${last}T00:00:00Z`);
  return () => {
    do day.setUTCDate(day.getUTCDate() + 1);
    while (day.getUTCDay() === 0 || day.getUTCDay() === 6);
    return day.toISOString().slice(0, 10);
  };
}

/** The next (student, staff, day) of a pool: every student once, then again on a fresh day. */
function careRounds(pool: Array<{ student: string; staff: string }>, nextDay: () => string) {
  let i = pool.length;
  let day = '';
  return () => {
    if (i >= pool.length) [i, day] = [0, nextDay()];
    return { ...pool[i++], date: day };
  };
}

const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)];
function sample<T>(xs: readonly T[], n: number): T[] {
  const out = [...xs];
  for (let i = 0; i < Math.min(n, out.length); i++) {
    const j = i + Math.floor(Math.random() * (out.length - i));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out.slice(0, n);
}
const body = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });
const CARE_NOTES = ['情绪稳定，按时到校', '午饭吃得好，精神不错', '有些咳嗽，已告知家长', '作业按时完成'];
const VISIT = { familySituation: '父母在外务工，与祖父母同住', studentSituation: '成绩中等，性格内向', keyPoints: '交流学习情况，宣传资助政策', effect: '家长表示支持学校工作' };

// ---- Jiafang ----

const J_LIST = (school: string) => `query ListPage($page: Int!, $gender: Gender!) {
  allStudents(page: $page, perPage: 25, sortField: "name", sortOrder: "ASC", filter: { schoolId: "${school}", gender: $gender }) {
    id version name gender birthDate schoolingStatus householdVillageId schoolId classId focusCategories { category since source } }
  _allStudentsMeta(filter: { schoolId: "${school}", gender: $gender }) { count } }`;
const J_NESTED = `query Nested($ids: [ID!]) { allStudents(perPage: 100, sortField: "id", sortOrder: "ASC", filter: { ids: $ids }) {
  id name school { name } class { name headTeacher { name } } guardians { name phone } } }`;
const J_EDIT = 'mutation EditStudent($id: ID!, $version: Int!, $note: String) { updateStudent(id: $id, version: $version, note: $note) { id version } }';
const J_CARE = 'mutation CareCheck($s: ID!, $t: ID!, $d: LocalDate!, $note: String) { createCareCheck(studentId: $s, kind: DAILY_ASK, date: $d, staffId: $t, note: $note) { id } }';
const J_VISIT = `mutation PhoneVisit($s: ID!, $t: ID!, $fam: String, $stu: String, $key: String, $eff: String) {
  createVisitRecord(studentId: $s, visitorId: $t, form: PHONE, status: COMPLETED, familySituation: $fam, studentSituation: $stu, keyPoints: $key, effect: $eff) { id status } }`;

// ---- PostGraphile (amber: `id` is `rowId`; no version check, so the patch sets the next version) ----

const P_LIST = (school: string, teacher: boolean) => `query ListPage($offset: Int!, $gender: String!${teacher ? ', $ids: [UUID!]!' : ''}) {
  allStudents(first: 25, offset: $offset, orderBy: [NAME_ASC, ROW_ID_ASC], condition: { schoolId: "${school}", gender: $gender }${teacher ? ', filter: { rowId: { in: $ids } }' : ''}) {
    totalCount nodes { rowId version name gender birthDate schoolingStatus householdVillageId schoolId classId focusCategories } } }`;
const P_NESTED = `query Nested($ids: [UUID!]!) { allStudents(first: 100, orderBy: [ROW_ID_ASC], filter: { rowId: { in: $ids } }) { nodes {
  rowId name schoolBySchoolId { name } schoolClassByClassId { name staffMemberByHeadTeacherId { name } }
  guardiansByStudentId(orderBy: [CREATED_AT_ASC, ROW_ID_ASC]) { nodes { name phone } } } } }`;
const P_EDIT = 'mutation EditStudent($id: UUID!, $patch: StudentPatch!) { updateStudentByRowId(input: { rowId: $id, studentPatch: $patch }) { student { rowId version } } }';
const P_CARE = 'mutation CareCheck($c: CareCheckInput!) { createCareCheck(input: { careCheck: $c }) { careCheck { rowId } } }';
const P_VISIT = 'mutation PhoneVisit($v: VisitRecordInput!) { createVisitRecord(input: { visitRecord: $v }) { visitRecord { rowId status } } }';

/** The two servers' steps for each role; the care-check days are shared, so no two writes meet. */
export async function mixedWorkloads(databaseUrl: string, ctx: QueryContext): Promise<MixedWorkload[]> {
  const pools = await readPools(databaseUrl, ctx.listSchoolId);
  const nextDay = schoolDays(pools.lastCareDay);
  const school = ctx.listSchoolId;
  const now = () => new Date().toISOString();
  const note = () => `电话联系家长，核实住址（${now().slice(0, 19)}）`;

  return (['BUREAU_ADMIN', 'TEACHER'] as const).map((role): MixedWorkload => {
    const teacher = role === 'TEACHER';
    const me = pools.users[role];
    if (teacher && !me.staffId) throw new Error(`the demo user "${ROLE_LOGINS.TEACHER}" is no staff member`);
    const mine = ctx.teacherStudentIds;
    // A teacher checks on their own cared-for students (all their students if none is).
    const caredMine = pools.cared.filter((c) => mine.includes(c.student)).map((c) => ({ ...c, staff: me.staffId! }));
    const care = careRounds(
      teacher ? (caredMine.length ? caredMine : mine.map((student) => ({ student, staff: me.staffId! }))) : pools.cared.length ? pools.cared : pools.withHead,
      nextDay,
    );
    const visitOf = () => (teacher ? { student: pick(mine), staff: me.staffId! } : pick(pools.withHead));
    const listArgs = () => {
      const gender = pick(GENDERS);
      return { page: teacher ? 0 : Math.floor(Math.random() * pools.listPages[gender]), gender };
    };
    const nestedIds = () => (teacher ? sample(mine, 30) : sample(pools.spread, 100));
    const keepRows = (rows: Array<{ id: string; version: number }>, seen: Seen) => void (seen.rows = rows);
    const edited = (seen: Seen) => (seen.rows?.length ? pick(seen.rows) : undefined);

    const jRead = {
      list: { kind: 'read', name: 'list', body: () => body(J_LIST(school), listArgs()), keep: (d: any, c: Seen) => keepRows(d.allStudents, c) },
      nested: { kind: 'read', name: 'nested', body: () => body(J_NESTED, { ids: nestedIds() }) },
    } satisfies Record<string, Step>;
    const jWrite: Record<string, Step> = {
      updateStudent: { kind: 'write', name: 'updateStudent', needsRows: true, body: (c) => { const r = edited(c); return r && body(J_EDIT, { id: r.id, version: r.version, note: note() }); } },
      createCareCheck: { kind: 'write', name: 'createCareCheck', body: () => { const k = care(); return body(J_CARE, { s: k.student, t: k.staff, d: k.date, note: pick(CARE_NOTES) }); } },
      createVisitRecord: { kind: 'write', name: 'createVisitRecord', body: () => { const v = visitOf(); return body(J_VISIT, { s: v.student, t: v.staff, fam: VISIT.familySituation, stu: VISIT.studentSituation, key: VISIT.keyPoints, eff: VISIT.effect }); } },
    };

    const pRead = {
      list: {
        kind: 'read', name: 'list',
        body: () => { const a = listArgs(); return body(P_LIST(school, teacher), { offset: a.page * 25, gender: a.gender, ...(teacher ? { ids: mine } : {}) }); },
        keep: (d: any, c: Seen) => keepRows(d.allStudents.nodes.map((n: any) => ({ id: n.rowId, version: n.version })), c),
      },
      nested: { kind: 'read', name: 'nested', body: () => body(P_NESTED, { ids: nestedIds() }) },
    } satisfies Record<string, Step>;
    const pWrite: Record<string, Step> = {
      updateStudent: { kind: 'write', name: 'updateStudent', needsRows: true, body: (c) => { const r = edited(c); return r && body(P_EDIT, { id: r.id, patch: { note: note(), version: r.version + 1, updatedAt: now() } }); } },
      createCareCheck: {
        kind: 'write', name: 'createCareCheck',
        body: () => {
          const k = care();
          const t = now();
          return body(P_CARE, { c: { rowId: randomUUID(), createdAt: t, updatedAt: t, bureauId: pools.bureauId, studentId: k.student, kind: 'DAILY_ASK', date: k.date, staffId: k.staff, note: pick(CARE_NOTES) } });
        },
      },
      createVisitRecord: {
        kind: 'write', name: 'createVisitRecord',
        body: () => {
          const v = visitOf();
          const t = now();
          return body(P_VISIT, { v: {
            rowId: randomUUID(), createdAt: t, updatedAt: t, bureauId: pools.bureauId, studentId: v.student, visitorId: v.staff,
            form: 'PHONE', purpose: 'ROUTINE', status: 'COMPLETED', completedAt: t, completedById: me.userId, recordedById: me.userId, parentConsent: false, ...VISIT,
          } });
        },
      },
    };

    // 7 reads, 3 writes per cycle (the order in the header comment).
    const writes = teacher ? ['createCareCheck', 'createVisitRecord', 'createCareCheck'] : ['updateStudent', 'createCareCheck', 'createVisitRecord'];
    const cycle = (r: Record<'list' | 'nested', Step>, w: Record<string, Step>): Step[] => [
      r.list, r.nested, w[writes[0]], r.list, r.nested, w[writes[1]], r.list, r.nested, w[writes[2]], r.list,
    ];
    return { role, jiafang: cycle(jRead, jWrite), postgraphile: cycle(pRead, pWrite) };
  });
}

/** What a cycle is made of, for the report: "7 reads (4 list, 3 nested), 3 writes (…)". */
export function cycleMix(steps: Step[]): string {
  const count = (kind: Step['kind']) => {
    const names = new Map<string, number>();
    for (const s of steps.filter((x) => x.kind === kind)) names.set(s.name, (names.get(s.name) ?? 0) + 1);
    const n = [...names.values()].reduce((a, b) => a + b, 0);
    return `${n} ${kind}s (${[...names].map(([k, v]) => `${v} ${k}`).join(', ')})`;
  };
  return `${count('read')}, ${count('write')}`;
}
