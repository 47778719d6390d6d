import type { MikroORM } from '@mikro-orm/core';
import type { Knex, SqlEntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from '../core/auth/password';
import { Role, SchoolKind } from '../org/org.enums';
import { BASE_TIME, Clock, DEMO_BUREAU_NAME, planClasses, planCounty, type CountyPlan, type Staffing } from './county';
import { personName } from './names';
import { Rng } from './random';
import { generateRoster } from './roster';
import { generateHouseholds } from './households';
import { ACTIVITY_DATE, generateActivity, type Activity } from './activity';
import { generateArchive } from './archive';
import { generateEnrollmentChanges } from './enrollment';
import { markDropoutSigns } from './dropout-signs';

// The demo county 蒲城县: regions, schools, classes, staff, students with guardians and one
// login per role, written in one transaction with multi-row inserts. Deterministic: the same
// seed and number of students give the same rows, ids included.

export { DEMO_PASSWORD } from '../core/auth/password';
import { DEMO_PASSWORD } from '../core/auth/password';
export const DEMO_USERS: Array<{ username: string; role: Role }> = [
  { username: 'admin', role: Role.BUREAU_ADMIN },
  { username: 'aid', role: Role.AID_OFFICER },
  { username: 'principal', role: Role.SCHOOL_ADMIN },
  { username: 'teacher', role: Role.TEACHER },
  { username: 'analyst', role: Role.ANALYST },
];
export const DEFAULT_DEMO_SEED = 20240901;
export { ACTIVITY_DATE, DEMO_BUREAU_NAME };

/** Share of the students who are school-age children not enrolled anywhere in the county. */
const NOT_ENROLLED_SHARE = 0.02;

export interface DemoSummary {
  bureauId: string;
  seed: number;
  regions: number;
  towns: number;
  villages: number;
  schools: number;
  classes: number;
  staff: number;
  students: number;
  enrolled: number;
  notEnrolled: number;
  guardians: number;
  /** 家庭 with two or more children (brothers and sisters sharing a guardian phone), and those children. */
  households: number;
  siblings: number;
  users: number;
  campaigns: number;
  rosterEntries: number;
  pairings: number;
  pairingsByMode: Record<string, number>;
  visits: number;
  visitsByStatus: Record<string, number>;
  /** Visits out now and past their expected return (timed from the real clock). */
  overdueVisits: number;
  suggestions: number;
  escalatedSuggestions: number;
  careChecks: number;
  assistanceItems: number;
  /** Cash and goods value of the aid, in fen. */
  assistanceFen: number;
  dropoutCases: number;
  dropoutCasesByStatus: Record<string, number>;
  attachments: number;
  enrollmentChecks: number;
  /** 档案资料 of the 控辍保学 archive (a few boxes of three schools). */
  documents: number;
  /** 学籍异动: transfers, graduations, suspensions and leaves (demo/enrollment.ts). */
  enrollmentChanges: number;
  /** Time taken, in milliseconds (generation and writing). */
  ms: number;
}

/** The demo county, or one of its logins, is already in the database. */
export class DemoCountyExistsError extends Error {
  constructor(readonly found: string[]) {
    super(`the demo county is already loaded (found ${found.join(', ')}); a second copy would clash with its logins`);
    this.name = 'DemoCountyExistsError';
  }
}

export async function isDatabaseEmpty(orm: MikroORM): Promise<boolean> {
  const [{ n }] = await orm.em.getConnection().execute('select count(*)::int as n from bureau');
  return n === 0;
}

/** What of the demo county is already there: the bureau by name and the demo usernames. */
export async function findDemoCounty(db: Knex | MikroORM): Promise<string[]> {
  const knex: Knex = 'em' in db ? (db.em as unknown as SqlEntityManager).getKnex() : db;
  const bureaus = await knex('bureau').where({ name: DEMO_BUREAU_NAME }).select('id');
  const users = await knex('user').whereIn('username', DEMO_USERS.map((u) => u.username)).select('username');
  return [
    ...bureaus.map(() => `bureau ${DEMO_BUREAU_NAME}`),
    ...users.map((u: { username: string }) => `user ${u.username}`),
  ];
}

function demoUsers(plan: CountyPlan, staffing: Staffing, passwordHash: string, seed: number) {
  const rng = Rng.stream(seed, 'users');
  const ids = Rng.stream(seed, 'user-ids');
  const clock = new Clock(BASE_TIME + 6 * 3_600_000);
  // The first town's central primary school, which has kindergartens and teaching points attached.
  const school = plan.schools.find((s) => s.central && s.town === plan.towns[0] && s.kind === SchoolKind.PRIMARY)!;
  const principal = staffing.principals.get(school)!;
  const ownClasses = staffing.classes.filter((c) => c.school === school);
  const klass = ownClasses.find((c) => c.row.grade === 3) ?? ownClasses[0];
  const head = staffing.staff.find((s) => s.id === klass.row.head_teacher_id)!;
  const bureauName = () => personName(rng, rng.chance(0.5) ? 'MALE' : 'FEMALE', 'adult');
  const who: Record<string, { display: string; schoolId: string | null; staffId: string | null }> = {
    admin: { display: bureauName(), schoolId: null, staffId: null },
    aid: { display: bureauName(), schoolId: null, staffId: null },
    principal: { display: principal.name, schoolId: school.row.id, staffId: principal.id },
    teacher: { display: head.name, schoolId: school.row.id, staffId: head.id },
    analyst: { display: bureauName(), schoolId: null, staffId: null },
  };
  return DEMO_USERS.map(({ username, role }) => {
    const at = clock.next();
    return {
      id: ids.uuid(), version: 1, created_at: at, updated_at: at, bureau_id: plan.bureau.id,
      username, display_name: who[username].display, password_hash: passwordHash, role,
      school_id: who[username].schoolId, staff_id: who[username].staffId, active: true, last_login_at: null,
    };
  });
}

/** Multi-row inserts of at most ~60,000 parameters (PostgreSQL allows 65,535) and 2,000 rows. */
async function insertAll(trx: Knex.Transaction, table: string, rows: object[]): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]).length;
  const size = Math.max(1, Math.min(2000, Math.floor(60_000 / columns)));
  for (let i = 0; i < rows.length; i += size) await trx(table).insert(rows.slice(i, i + size));
}

/** The year's records, parents before children (dropout cases before the visits that link them). */
async function insertActivity(trx: Knex.Transaction, a: Activity): Promise<void> {
  await insertAll(trx, 'campaign', a.campaigns);
  await insertAll(trx, 'roster_entry', a.rosterEntries);
  await insertAll(trx, 'pairing', a.pairings);
  await insertAll(trx, 'pairing_helpers', a.pairingHelpers);
  await insertAll(trx, 'pairing_students', a.pairingStudents);
  await insertAll(trx, 'dropout_case', a.dropoutCases);
  await insertAll(trx, 'visit_record', a.visits);
  await insertAll(trx, 'visit_record_companions', a.companions);
  await insertAll(trx, 'parent_suggestion', a.suggestions);
  await insertAll(trx, 'care_check', a.careChecks);
  await insertAll(trx, 'assistance_item', a.assistanceItems);
  await insertAll(trx, 'attachment', a.attachments);
  await insertAll(trx, 'enrollment_check', a.enrollmentChecks);
}

/**
 * Loads the demo county: `students` rows in the student table (about 2% of them school-age
 * children not enrolled), their guardians, the five demo logins, and the school year's records
 * (campaigns and rosters, pairings, visits, suggestions, care checks, aid, dropout cases,
 * attachments, enrollment checks; see activity.ts). One transaction: a failure leaves nothing
 * behind. Refuses (DemoCountyExistsError) when the demo county is already there.
 *
 * Everything is fixed by the seed and the number of students except the few visits that are out
 * right now, timed from `now` (default: the real clock) so some are always overdue.
 */
export async function seedDemoCounty(orm: MikroORM, options: { students?: number; seed?: number; now?: Date } = {}): Promise<DemoSummary> {
  const total = options.students ?? 3000;
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  if (!Number.isInteger(total) || total < 0 || total > 2_000_000) throw new Error(`students must be a whole number from 0 to 2,000,000 (got ${total})`);
  if (!Number.isInteger(seed)) throw new Error(`seed must be a whole number (got ${seed})`);
  const started = Date.now();

  const plan = planCounty(seed);
  const notEnrolled = Math.round(total * NOT_ENROLLED_SHARE);
  const staffing = planClasses(plan, total - notEnrolled, seed);
  const roster = generateRoster(plan, staffing.classes, total, seed);
  const families = generateHouseholds(roster.people, plan.bureau.id, seed);
  const users = demoUsers(plan, staffing, hashPassword(DEMO_PASSWORD), seed);
  const login = (name: string) => users.find((u) => u.username === name)!;
  const activity = generateActivity({
    plan, staffing, roster, seed, now: (options.now ?? new Date()).getTime(),
    who: {
      teacher: { userId: login('teacher').id, staffId: login('teacher').staff_id! },
      principal: { userId: login('principal').id, staffId: login('principal').staff_id! },
      aidUserId: login('aid').id,
    },
  });

  const archive = generateArchive(plan, staffing, seed, login('principal').id);
  const enrollmentChanges = generateEnrollmentChanges(plan, staffing, roster, seed);
  markDropoutSigns(activity.visits, roster.students, seed);

  const em = orm.em.fork() as unknown as SqlEntityManager;
  await em.transactional(async (tx) => {
    const trx = tx.getTransactionContext<Knex.Transaction>()!;
    // A large demo county is loaded in statements longer than a request's limit.
    await trx.raw('set local statement_timeout = 0');
    const found = await findDemoCounty(trx);
    if (found.length) throw new DemoCountyExistsError(found);
    // The bureau comes first (every row refers to it), its county region once the regions exist.
    await insertAll(trx, 'bureau', [{ ...plan.bureau, region_id: null }]);
    await insertAll(trx, 'region', plan.regions);
    await trx('bureau').where({ id: plan.bureau.id }).update({ region_id: plan.bureau.region_id });
    // Central schools before the kindergartens and teaching points that refer to them.
    const schools = plan.schools.map((s) => s.row);
    await insertAll(trx, 'school', [...schools.filter((s) => !s.parent_school_id), ...schools.filter((s) => s.parent_school_id)]);
    await insertAll(trx, 'staff_member', staffing.staff);
    await insertAll(trx, 'school_class', staffing.classes.map((c) => c.row));
    await insertAll(trx, 'student', roster.students);
    await insertAll(trx, 'guardian', roster.guardians);
    await insertAll(trx, 'household', families.households);
    await insertAll(trx, 'household_students', families.members);
    await insertAll(trx, 'user', users);
    await insertActivity(trx, activity);
    await insertAll(trx, 'document', archive.documents);
    await insertAll(trx, 'enrollment_change', enrollmentChanges);
    await insertAll(trx, 'attachment', archive.files);
  });
  const count = <T>(rows: T[], key: (r: T) => string) => rows.reduce<Record<string, number>>((acc, r) => ((acc[key(r)] = (acc[key(r)] ?? 0) + 1), acc), {});
  const nowMs = Date.now();

  return {
    bureauId: plan.bureau.id,
    seed,
    regions: plan.regions.length,
    towns: plan.towns.length,
    villages: plan.towns.reduce((a, t) => a + t.villages.length, 0),
    schools: plan.schools.length,
    classes: staffing.classes.length,
    staff: staffing.staff.length,
    students: roster.students.length,
    enrolled: roster.enrolled,
    notEnrolled: roster.notEnrolled,
    guardians: roster.guardians.length,
    households: families.households.length,
    siblings: families.members.length,
    users: users.length,
    campaigns: activity.campaigns.length,
    rosterEntries: activity.rosterEntries.length,
    pairings: activity.pairings.length,
    pairingsByMode: count(activity.pairings, (p) => p.mode),
    visits: activity.visits.length,
    visitsByStatus: count(activity.visits, (v) => v.status),
    overdueVisits: activity.visits.filter((v) => v.status === 'DEPARTED' && v.expected_return_at && v.expected_return_at.getTime() < nowMs).length,
    suggestions: activity.suggestions.length,
    escalatedSuggestions: activity.suggestions.filter((s) => s.status === 'ESCALATED').length,
    careChecks: activity.careChecks.length,
    assistanceItems: activity.assistanceItems.length,
    assistanceFen: activity.assistanceItems.reduce((a, i) => a + (i.cash_fen ?? 0) + (i.goods_value_fen ?? 0), 0),
    dropoutCases: activity.dropoutCases.length,
    dropoutCasesByStatus: count(activity.dropoutCases, (c) => c.status),
    attachments: activity.attachments.length + archive.files.length,
    enrollmentChecks: activity.enrollmentChecks.length,
    documents: archive.documents.length,
    enrollmentChanges: enrollmentChanges.length,
    ms: Date.now() - started,
  };
}
