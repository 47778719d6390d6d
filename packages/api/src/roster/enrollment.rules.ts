import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, type FieldProblem } from '../core/errors';
import { todayInChina } from '../core/time/school-year';
import { SchoolKind } from '../org/org.enums';
import { EnrollmentChangeKind as K, EnrollmentState as E } from './enrollment.enums';
import { SchoolingStatus } from './roster.enums';

/** The part of a change the rules read and write (the entity, without importing it here). */
interface Change {
  kind: K;
  effectiveOn: string;
  leaveUntil?: string | null;
  student: Moved;
  fromSchool?: Ref | null;
  fromClass?: Ref | null;
  fromStatus: SchoolingStatus;
  toSchool?: (Ref & { kind?: SchoolKind }) | null;
  toClass?: (Ref & { school?: Ref; grade?: number }) | null;
  toStatus: SchoolingStatus;
  stateAfter: E;
}
type Ref = { id: string };
interface Moved {
  id: string;
  school?: (Ref & { kind?: SchoolKind }) | null;
  class?: (Ref & { grade?: number }) | null;
  schoolingStatus: SchoolingStatus;
  updatedAt: Date;
}
/** The student's latest change before this one. */
export type Previous = { kind: K; effectiveOn: string; stateAfter: E; leaveUntil?: string | null } | null;

/** Kinds that need the student enrolled (at a school, 县域内就读) and keep them there or move them on. */
const FROM_ENROLLED: K[] = [K.TRANSFER_OUT, K.SUSPENSION, K.RESUMPTION, K.LONG_LEAVE, K.GRADUATION];
/** Kinds that may name the school (and class) the student goes to. */
const WITH_TARGET: K[] = [K.TRANSFER_IN, K.TRANSFER_OUT, K.GRADUATION, K.RESUMPTION];

const enrolled = (s: Moved) => !!s.school && s.schoolingStatus === SchoolingStatus.IN_COUNTY;

/** A primary pupil's graduation (小学毕业库): the class's grade, else the school's kind. */
function leavesPrimary(s: Moved): boolean {
  if (s.class?.grade != null) return s.class.grade <= 6;
  return s.school?.kind === SchoolKind.PRIMARY || s.school?.kind === SchoolKind.TEACHING_POINT;
}

/** The student's state on the change's day, from their latest change (a leave ends on its last day). */
export function stateBefore(prev: Previous, day: string): E {
  if (!prev) return E.ATTENDING;
  if (prev.stateAfter === E.ON_LEAVE && prev.leaveUntil && prev.leaveUntil < day) return E.ATTENDING;
  return prev.stateAfter;
}

/**
 * Why a change cannot be recorded for this student as they stand, with `prev` their latest
 * change; dates are `YYYY-MM-DD` and compare as text.
 */
export function enrollmentChangeProblems(c: Change, prev: Previous, today = todayInChina()): FieldProblem[] {
  const found: FieldProblem[] = [];
  const s = c.student;
  const add = (field: string, rule: string, message: string) => found.push({ field, rule, message });
  if (c.effectiveOn > today) add('effectiveOn', 'ENROLLMENT_DATE_FUTURE', `异动日期不能晚于今天（${today}）`);
  if (prev && c.effectiveOn < prev.effectiveOn) {
    add('effectiveOn', 'ENROLLMENT_DATE_ORDER', `异动日期（${c.effectiveOn}）不能早于该学生上一次学籍异动（${prev.effectiveOn}）`);
  }
  const state = stateBefore(prev, c.effectiveOn);
  if (FROM_ENROLLED.includes(c.kind) && !enrolled(s)) {
    add('studentId', 'STUDENT_NOT_ENROLLED', '该学生目前不在县内学校就读，不能办理转出、休学、复学、请假或毕业');
  }
  if (c.kind === K.RESUMPTION && state !== E.SUSPENDED) add('kind', 'RESUMPTION_WITHOUT_SUSPENSION', '复学须在休学之后办理：该学生目前不在休学中');
  if (c.kind === K.SUSPENSION && state === E.SUSPENDED) add('kind', 'ALREADY_SUSPENDED', '该学生已在休学中');
  if ((c.kind === K.LONG_LEAVE || c.kind === K.GRADUATION) && state === E.SUSPENDED) {
    add('kind', 'SUSPENDED_STUDENT', '休学中的学生须先办理复学');
  }
  if (c.leaveUntil && c.kind !== K.LONG_LEAVE) add('leaveUntil', 'LEAVE_UNTIL_NOT_FOR_KIND', '请假截止日期只用于长期请假');
  if (!WITH_TARGET.includes(c.kind) && (c.toSchool || c.toClass)) {
    add('toSchoolId', 'TARGET_NOT_FOR_KIND', '休学、请假不改变学生的学校和班级');
  }
  if (c.kind === K.RESUMPTION && c.toSchool && c.toSchool.id !== s.school?.id) {
    add('toSchoolId', 'RESUMPTION_OTHER_SCHOOL', '复学回到原学校；到其他学校就读请办理转学');
  }
  if (c.kind === K.TRANSFER_IN) {
    if (!c.toSchool) add('toSchoolId', 'REQUIRED', '转入须选择转入学校');
    else if (enrolled(s) && s.school!.id === c.toSchool.id) add('toSchoolId', 'TRANSFER_IN_SAME_SCHOOL', '该学生已在此学校就读，无需转入');
  }
  if (c.kind === K.TRANSFER_OUT && c.toSchool && c.toSchool.id === s.school?.id) {
    add('toSchoolId', 'TRANSFER_OUT_SAME_SCHOOL', '转出学校与转入学校相同');
  }
  if (c.kind === K.GRADUATION && enrolled(s) && leavesPrimary(s) && !c.toSchool) {
    add('toSchoolId', 'PRIMARY_GRADUATE_DESTINATION', '小学毕业须登记升入的初中（小学毕业库逐人销号）；到县外就读请办理转出');
  }
  const school = c.toSchool ?? (c.kind === K.RESUMPTION ? s.school : null);
  if (c.toClass && (!school || c.toClass.school?.id !== school.id)) add('toClassId', 'CLASS_NOT_IN_SCHOOL', '班级不属于转入（复学）的学校');
  return found;
}

/**
 * What the change does to the student: a transfer in or within the county and a primary
 * pupil's graduation move them to the new school (县域内就读); a transfer out of the county
 * makes them 县域外就读 and a junior graduate 初中已毕业, both leaving the school; suspension and
 * leave keep them on the roll (附件2-2 Ⅳ counts them in school).
 */
export function moveStudent(c: Change): void {
  const s = c.student;
  c.fromSchool = s.school ?? null;
  c.fromClass = s.class ?? null;
  c.fromStatus = s.schoolingStatus;
  const goTo = (school: Change['toSchool'], cls: Change['toClass']) => {
    s.school = school ?? null;
    s.class = cls ?? null;
  };
  switch (c.kind) {
    case K.TRANSFER_IN:
      goTo(c.toSchool, c.toClass);
      s.schoolingStatus = SchoolingStatus.IN_COUNTY;
      c.stateAfter = E.ATTENDING;
      break;
    case K.TRANSFER_OUT:
    case K.GRADUATION:
      if (c.toSchool) {
        goTo(c.toSchool, c.toClass);
        s.schoolingStatus = SchoolingStatus.IN_COUNTY;
        c.stateAfter = E.ATTENDING;
      } else {
        goTo(null, null);
        s.schoolingStatus = c.kind === K.GRADUATION ? SchoolingStatus.JUNIOR_GRADUATED : SchoolingStatus.OUT_OF_COUNTY;
        c.stateAfter = E.LEFT;
      }
      break;
    case K.SUSPENSION:
      c.stateAfter = E.SUSPENDED;
      break;
    case K.LONG_LEAVE:
      c.stateAfter = E.ON_LEAVE;
      break;
    case K.RESUMPTION:
      if (c.toClass) s.class = c.toClass;
      c.stateAfter = E.ATTENDING;
      break;
  }
  c.toStatus = s.schoolingStatus;
  // Touching the student makes two changes recorded at once for them collide on its version.
  s.updatedAt = new Date();
}

/** Changes recorded but not yet written, per unit of work: a bulk write checks each row against the one before it. */
const unwritten = new WeakMap<EntityManager, Map<string, Previous>>();

/** beforeSave of a new change: the rules against the student's latest change, then the move. */
export async function recordEnrollmentChange(em: EntityManager, c: Change & object): Promise<void> {
  await em.populate(c.student as never, ['school', 'class'] as never);
  let pending = unwritten.get(em);
  if (!pending) unwritten.set(em, (pending = new Map()));
  const [stored] = await em.find(
    c.constructor as never,
    { student: c.student.id } as never,
    { orderBy: { effectiveOn: 'desc', createdAt: 'desc' } as never, limit: 1 },
  ) as unknown as Previous[];
  const prev = pending.get(c.student.id) ?? stored ?? null;
  const found = enrollmentChangeProblems(c, prev);
  if (found.length) throw badInput(found);
  moveStudent(c);
  pending.set(c.student.id, { kind: c.kind, effectiveOn: c.effectiveOn, stateAfter: c.stateAfter, leaveUntil: c.leaveUntil });
}
