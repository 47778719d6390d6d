import { Role } from './org/org.enums';
import type { FieldRule, Operation, ResourcePolicy, RoleReach, Sensitivity, StudentGrant } from './core/access/types';
import type { AccessPolicy } from './core/access/policy';
import { OPEN_STATUSES } from './dropout/dropout.rules';

// The role and field matrix of DESIGN.md, in one place. The API enforces it (row scopes, field
// masking, write checks) and `me.permissions` hands it to the admin; no other file names a role.

const { BUREAU_ADMIN: BA, AID_OFFICER: AID, SCHOOL_ADMIN: SA, TEACHER: T, ANALYST: AN, INTEGRATION: INT } = Role;

/** The rows each role reaches. */
export const REACH: Record<Role, RoleReach> = {
  BUREAU_ADMIN: 'bureau',
  AID_OFFICER: 'bureau',
  SCHOOL_ADMIN: 'school',
  TEACHER: 'ownStudents',
  ANALYST: 'bureau',
  INTEGRATION: 'bureau',
};

/**
 * A mask must not be undoable (DESIGN, roles and field rules): given everything else a role reads
 * about the same child (birth date, gender, region, school, other masked numbers), at least this
 * many candidate values remain.
 *
 * A 身份证号 is a region, the birth date, a sequence whose parity is the gender, and a check
 * character that follows from the rest. Whoever reads a child's village or school knows the
 * region, and the gender fixes the parity: with the full birth date only 500 numbers remain, so no
 * mask could keep the promise. Hence a role that reads 身份证号 or 学籍号 masked reads birth dates
 * as year and month only (BIRTH_DATE 'masked'), and the mask keeps no more than that year and
 * month (******201503******): at least 28 × 500 = 14,000 candidates. core/access/candidates.test.ts
 * checks this matrix against the rule, tests/api/mask-candidates.test.ts what the API answers.
 */
export const MASK_MIN_CANDIDATES = 1000;

/** How each role reads each kind of personal data (fields declare their kind with `sensitive`). */
export const FIELD_MATRIX: Record<Role, Record<Sensitivity, FieldRule>> = {
  BUREAU_ADMIN: { ID_NUMBER: 'full', NAME: 'full', PHONE: 'full', ADDRESS: 'full', BIRTH_DATE: 'full', FOCUS: 'full', AMOUNT: 'full', NOTES: 'full' },
  AID_OFFICER: { ID_NUMBER: 'full', NAME: 'full', PHONE: 'full', ADDRESS: 'full', BIRTH_DATE: 'full', FOCUS: 'full', AMOUNT: 'full', NOTES: 'full' },
  SCHOOL_ADMIN: { ID_NUMBER: 'full', NAME: 'full', PHONE: 'full', ADDRESS: 'full', BIRTH_DATE: 'full', FOCUS: 'full', AMOUNT: 'full', NOTES: 'full' },
  // A teacher reaches only their own students, so categories and phones are theirs to see; the
  // 身份证号 is masked, hence birth dates by year and month (MASK_MIN_CANDIDATES).
  TEACHER: {
    ID_NUMBER: 'masked', NAME: 'full', PHONE: 'full', ADDRESS: 'full', BIRTH_DATE: 'masked', FOCUS: 'full', NOTES: 'full',
    AMOUNT: (row, viewer) => (row?.recordedBy?.id === viewer.userId ? 'full' : 'hidden'),
  },
  // Analysts get de-identified data.
  ANALYST: { ID_NUMBER: 'masked', NAME: 'masked', PHONE: 'masked', ADDRESS: 'masked', BIRTH_DATE: 'masked', FOCUS: 'full', AMOUNT: 'full', NOTES: 'hidden' },
  INTEGRATION: { ID_NUMBER: 'hidden', NAME: 'hidden', PHONE: 'hidden', ADDRESS: 'hidden', BIRTH_DATE: 'hidden', FOCUS: 'hidden', AMOUNT: 'hidden', NOTES: 'hidden' },
};

/**
 * Who reads the report queries and their downloads, and how far: aggregate reports carry counts
 * only; compliance reports carry counts too, and `childLists` may also read the students behind
 * them (complianceGaps, the download's list), their fields following the matrix above. A school
 * admin reads its schools' figures, a teacher the compliance of their own students. Tokens read
 * figures only, never a row per child.
 */
export const REPORT_READERS: Record<'aggregate' | 'compliance' | 'childLists', readonly Role[]> = {
  aggregate: [BA, AID, SA, AN, INT],
  compliance: [BA, AID, SA, T, AN, INT],
  childLists: [BA, AID, SA, T, AN],
};

/**
 * Readers of aggregates only, for whom report cells counting 1–4 are shown as `<5` (in answers and
 * downloads), with whatever would let such a cell be recomputed withheld too: a percentage or an
 * amount over it, the last unknown of a sum (docs/reports.md, small cells).
 */
export const SMALL_CELL_READERS: readonly Role[] = [INT];
/** Counts from 1 to below this are small cells. */
export const SMALL_CELL_LIMIT = 5;

const READ: readonly Operation[] = ['read'];
const CRUD: readonly Operation[] = ['read', 'create', 'update', 'delete'];
const READ_UPDATE: readonly Operation[] = ['read', 'update'];
const staffRoles = { [BA]: CRUD, [AID]: READ, [SA]: CRUD, [T]: READ, [AN]: READ };

/**
 * Per resource: how rows link to schools and students, and what each role may do. Tokens
 * (INTEGRATION) read the organisation (regions, schools, classes, campaigns) and the reports,
 * and no resource with a row per child.
 */
export const RESOURCES: Record<string, ResourcePolicy> = {
  Region: { links: 'bureau', access: { [BA]: CRUD, [AID]: READ, [SA]: READ, [T]: READ, [AN]: READ, [INT]: READ } },
  Bureau: { links: 'bureau', access: { [BA]: READ_UPDATE, [AID]: READ, [SA]: READ, [T]: READ, [AN]: READ, [INT]: READ } },
  School: { links: { school: ['id'] }, access: { [BA]: CRUD, [AID]: READ, [SA]: READ_UPDATE, [T]: READ, [AN]: READ, [INT]: READ } },
  SchoolClass: { links: { school: ['school'] }, access: { ...staffRoles, [INT]: READ } },
  StaffMember: { links: { school: ['school'] }, access: staffRoles },
  User: { links: { school: ['school'] }, access: { [BA]: CRUD } },
  // The child of a school's dropout case stays readable with the guardians (GRANTS).
  Student: {
    links: { school: ['school'], student: ['id'], granted: ['id'] },
    access: { [BA]: CRUD, [AID]: READ_UPDATE, [SA]: CRUD, [T]: READ, [AN]: READ },
    writableFields: { [AID]: ['focusCategories', 'disabilityType', 'disabilityGrade', 'homeTeaching'] },
  },
  Guardian: { links: { school: ['student.school'], student: ['student'], granted: ['student'] }, access: staffRoles },
  // A family is in reach with any of its children (a teacher's student's brother shows, not his record).
  Household: { links: { school: ['students[].school'], student: ['students[]'] }, access: staffRoles },
  Campaign: { links: 'bureau', access: { [BA]: CRUD, [AID]: READ, [SA]: READ, [T]: READ, [AN]: READ, [INT]: READ } },
  RosterEntry: { links: { school: ['student.school'], student: ['student'] }, access: staffRoles },
  Pairing: {
    links: { school: ['students[].school', 'helpers[].school'], student: ['students[]'], staff: ['helpers[]'] },
    access: staffRoles,
  },
  VisitRecord: {
    links: { school: ['student.school'], student: ['student'] },
    access: { [BA]: [...CRUD, 'review'], [AID]: READ, [SA]: [...CRUD, 'review'], [T]: CRUD, [AN]: READ },
  },
  ParentSuggestion: { links: { school: ['visit.student.school'], student: ['visit.student'] }, access: { ...staffRoles, [T]: CRUD } },
  CareCheck: { links: { school: ['student.school'], student: ['student'] }, access: { ...staffRoles, [T]: CRUD } },
  AssistanceItem: { links: { school: ['school'], student: ['student'] }, access: { ...staffRoles, [AID]: CRUD } },
  // The teacher who reported a case keeps it after the child left her class.
  DropoutCase: { links: { school: ['school'], student: ['student'], staff: ['reporter'] }, access: staffRoles },
  // Per-school counts as entered, small ones included: tokens take them from the reports instead.
  EnrollmentCheck: { links: { school: ['school'] }, access: { [BA]: CRUD, [AID]: READ, [SA]: CRUD, [AN]: READ } },
  // 学籍异动 are recorded, never edited (the student has moved): read by both schools of a transfer.
  EnrollmentChange: {
    links: { school: ['fromSchool', 'toSchool'], student: ['student'] },
    access: { [BA]: ['read', 'create'], [AID]: READ, [SA]: ['read', 'create'], [T]: READ, [AN]: READ },
  },
  // 档案资料 (002 附件2-2) of a school, campaign or the bureau; teachers read their school's.
  // Teachers read the school's rules and plans, not who signed an agreement (乙方 may be any class's
  // parent) nor the notes.
  Document: {
    links: { school: ['school'] },
    access: { [BA]: CRUD, [AID]: READ, [SA]: CRUD, [T]: READ, [AN]: READ },
    fieldRules: { partyB: { [T]: 'hidden' }, note: { [T]: 'hidden' } },
  },
  Attachment: {
    links: { school: ['dropoutCase.school', 'visit.student.school', 'document.school'], student: ['dropoutCase.student', 'visit.student'] },
    access: { [BA]: CRUD, [AID]: READ, [SA]: CRUD, [T]: CRUD },
  },
  ApiToken: { links: 'bureau', access: { [BA]: ['read', 'create', 'update'] } },
  // Everyone reads their own reminders through myNotifications; the bureau admin may list them all.
  Notification: { links: 'bureau', access: { [BA]: READ } },
  // A school's channels are set up by its admin; the county's (no school) by the bureau.
  NotificationChannel: { links: { school: ['school'] }, access: { [BA]: CRUD, [SA]: CRUD } },
  NotificationDelivery: { links: { school: ['channel.school'] }, access: { [BA]: READ, [SA]: READ } },
  // The trail is read by bureau admins only; the API offers no way to change it.
  AuditEvent: { links: 'bureau', access: { [BA]: READ } },
};

/**
 * Who may download a school's whole 控辍保学 archive (GET /archive/<schoolId>.zip): roles reaching
 * every child of the school, its ledgers under their field rules. Teachers reach only their own
 * students, tokens no row per child.
 */
export const ARCHIVE_READERS: readonly Role[] = [BA, AID, SA, AN];

/**
 * An open dropout case opens its child to the staff of the case's school and to the teacher who
 * reported it, for reading: a child who left the roster (or never enrolled) is whom the school must persuade
 * back, so the principal must see the name, guardians and address. Nothing else about the child
 * (visits, aid of other schools) and no writes; another school still reads nothing.
 */
export const GRANTS: readonly StudentGrant[] = [
  // While the case is open: returned, the child is on the school's roll again; closed, not a dropout.
  { resource: 'DropoutCase', student: 'student', school: 'school', staff: 'reporter', while: { status: OPEN_STATUSES } },
];

/**
 * What a role's menu lists, where it is not everything it may read: a teacher's day is her
 * students, visits and cases. The rest stays reachable from the records that name it.
 */
export const MENUS: Partial<Record<Role, readonly string[]>> = {
  TEACHER: ['Student', 'VisitRecord', 'RosterEntry', 'ParentSuggestion', 'CareCheck', 'Pairing', 'DropoutCase'],
  // 资助中心: students' categories and families, aid and consolation, the pairings that carry support.
  AID_OFFICER: ['Student', 'Guardian', 'Household', 'AssistanceItem', 'Pairing', 'School'],
};

/** Who may switch on 技术信息 (record ids and versions) in the admin and in exports: the bureau's administrators, who answer support questions. */
export const TECHNICAL_READERS: readonly Role[] = [BA];

/** Who at a school hears of its reminders (a visit overdue, a case to sign): its leads, beside the staff concerned. */
export const REMINDED_AT_SCHOOL: readonly Role[] = [SA];

/** The whole policy, as core reads it (installed by registry.ts). */
export const POLICY: AccessPolicy = {
  reach: REACH,
  fieldMatrix: FIELD_MATRIX,
  resources: RESOURCES,
  reportReaders: REPORT_READERS,
  smallCellReaders: SMALL_CELL_READERS,
  smallCellLimit: SMALL_CELL_LIMIT,
  grants: GRANTS,
  technicalReaders: TECHNICAL_READERS,
};
