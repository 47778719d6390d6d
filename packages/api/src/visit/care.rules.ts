import type { FieldProblem } from '../core/errors';
import { StaffPosition } from '../org/org.enums';
import { CareCheckKind } from './visit.enums';

/** Who is asked to record a care check (001 "班主任每日一问、校（园）长每周一见"). */
export interface CareRecorder {
  staffId: string;
  position: StaffPosition;
  staffSchoolId: string;
}

/** The child's class and school, as far as the record knows them. */
export interface CaredChild {
  schoolId: string | null;
  /** The school's 中心校, whose leaders answer for an attached kindergarten or teaching point too. */
  parentSchoolId: string | null;
  classId: string | null;
  classTeacherIds: string[];
}

const LEADERS: StaffPosition[] = [StaffPosition.PRINCIPAL, StaffPosition.LEADER];

/**
 * 每日一问 is the class's to ask: its head teacher or one of its teachers (a child without a class:
 * a teacher of the school). 每周一见 is the school's principal or leaders, or its 中心校's.
 */
export function careRecorderProblem(kind: CareCheckKind, who: CareRecorder, child: CaredChild): FieldProblem | null {
  if (kind === CareCheckKind.DAILY_ASK) {
    const ok = child.classId ? child.classTeacherIds.includes(who.staffId) : who.staffSchoolId === child.schoolId;
    return ok ? null : { field: 'staffId', rule: 'CARE_DAILY_BY_CLASS_TEACHER', message: '每日一问应由学生所在班级的班主任或任课教师记录' };
  }
  const ofSchool = who.staffSchoolId === child.schoolId || (child.parentSchoolId != null && who.staffSchoolId === child.parentSchoolId);
  return LEADERS.includes(who.position) && ofSchool
    ? null
    : { field: 'staffId', rule: 'CARE_WEEKLY_BY_LEADER', message: '每周一见应由学生所在学校的校（园）长或学校领导记录' };
}
