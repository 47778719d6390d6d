import { Role } from './org/org.enums';
import type { FieldRule, Operation, ResourcePolicy, RoleReach, Sensitivity } from './core/access/types';

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

/** How each role reads each kind of personal data (fields declare their kind with `sensitive`). */
export const FIELD_MATRIX: Record<Role, Record<Sensitivity, FieldRule>> = {
  BUREAU_ADMIN: { ID_NUMBER: 'full', NAME: 'full', PHONE: 'full', ADDRESS: 'full', BIRTH_DATE: 'full', FOCUS: 'full', AMOUNT: 'full', NOTES: 'full' },
  AID_OFFICER: { ID_NUMBER: 'full', NAME: 'full', PHONE: 'full', ADDRESS: 'full', BIRTH_DATE: 'full', FOCUS: 'full', AMOUNT: 'full', NOTES: 'full' },
  SCHOOL_ADMIN: { ID_NUMBER: 'full', NAME: 'full', PHONE: 'full', ADDRESS: 'full', BIRTH_DATE: 'full', FOCUS: 'full', AMOUNT: 'full', NOTES: 'full' },
  // A teacher reaches only their own students, so categories and phones are theirs to see.
  TEACHER: {
    ID_NUMBER: 'masked', NAME: 'full', PHONE: 'full', ADDRESS: 'full', BIRTH_DATE: 'full', FOCUS: 'full', NOTES: 'full',
    AMOUNT: (row, viewer) => (row?.recordedBy?.id === viewer.userId ? 'full' : 'hidden'),
  },
  ANALYST: { ID_NUMBER: 'masked', NAME: 'masked', PHONE: 'masked', ADDRESS: 'masked', BIRTH_DATE: 'full', FOCUS: 'full', AMOUNT: 'full', NOTES: 'hidden' },
  INTEGRATION: { ID_NUMBER: 'hidden', NAME: 'hidden', PHONE: 'hidden', ADDRESS: 'hidden', BIRTH_DATE: 'hidden', FOCUS: 'hidden', AMOUNT: 'hidden', NOTES: 'hidden' },
};

/**
 * Who reads the report queries and their downloads, and how far: aggregate reports carry counts
 * only; compliance lists name students, so their fields follow the matrix above. A school admin
 * reads its schools' figures, a teacher the compliance of their own students.
 */
export const REPORT_READERS: Record<'aggregate' | 'compliance', readonly Role[]> = {
  aggregate: [BA, AID, SA, AN, INT],
  compliance: [BA, AID, SA, T, AN, INT],
};

const READ: readonly Operation[] = ['read'];
const CRUD: readonly Operation[] = ['read', 'create', 'update', 'delete'];
const READ_UPDATE: readonly Operation[] = ['read', 'update'];
const staffRoles = { [BA]: CRUD, [AID]: READ, [SA]: CRUD, [T]: READ, [AN]: READ };

/** Per resource: how rows link to schools and students, and what each role may do. */
export const RESOURCES: Record<string, ResourcePolicy> = {
  Region: { links: 'bureau', access: { [BA]: CRUD, [AID]: READ, [SA]: READ, [T]: READ, [AN]: READ, [INT]: READ } },
  Bureau: { links: 'bureau', access: { [BA]: READ_UPDATE, [AID]: READ, [SA]: READ, [T]: READ, [AN]: READ, [INT]: READ } },
  School: { links: { school: ['id'] }, access: { [BA]: CRUD, [AID]: READ, [SA]: READ_UPDATE, [T]: READ, [AN]: READ, [INT]: READ } },
  SchoolClass: { links: { school: ['school'] }, access: { ...staffRoles, [INT]: READ } },
  StaffMember: { links: { school: ['school'] }, access: staffRoles },
  User: { links: { school: ['school'] }, access: { [BA]: CRUD } },
  Student: {
    links: { school: ['school'], student: ['id'] },
    access: { [BA]: CRUD, [AID]: READ_UPDATE, [SA]: CRUD, [T]: READ, [AN]: READ, [INT]: READ },
    writableFields: { [AID]: ['focusCategories', 'disabilityType', 'disabilityGrade', 'homeTeaching'] },
  },
  Guardian: { links: { school: ['student.school'], student: ['student'] }, access: staffRoles },
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
  DropoutCase: { links: { school: ['school'], student: ['student'] }, access: staffRoles },
  EnrollmentCheck: { links: { school: ['school'] }, access: { [BA]: CRUD, [AID]: READ, [SA]: CRUD, [AN]: READ, [INT]: READ } },
  Attachment: {
    links: { school: ['dropoutCase.school', 'visit.student.school'], student: ['dropoutCase.student', 'visit.student'] },
    access: { [BA]: CRUD, [AID]: READ, [SA]: CRUD, [T]: CRUD },
  },
  ApiToken: { links: 'bureau', access: { [BA]: ['read', 'create', 'update'] } },
  // The trail is read by bureau admins only; the API offers no way to change it.
  AuditEvent: { links: 'bureau', access: { [BA]: READ } },
};
