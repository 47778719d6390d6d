import { careRecorderProblem, type CaredChild, type CareRecorder } from './care.rules';

const child: CaredChild = { schoolId: 'school', parentSchoolId: 'central', classId: 'class', classTeacherIds: ['head', 'maths'] };
const who = (staffId: string, position: CareRecorder['position'], staffSchoolId = 'school'): CareRecorder => ({ staffId, position, staffSchoolId });
const rule = (kind: 'DAILY_ASK' | 'WEEKLY_MEET', w: CareRecorder, c = child) => careRecorderProblem(kind, w, c)?.rule ?? null;

describe('who records a care check (001 班主任每日一问、校长每周一见)', () => {
  it('每日一问: the class’s head teacher or teachers; without a class, a teacher of the school', () => {
    expect(rule('DAILY_ASK', who('head', 'HEAD_TEACHER'))).toBeNull();
    expect(rule('DAILY_ASK', who('maths', 'TEACHER'))).toBeNull();
    expect(rule('DAILY_ASK', who('art', 'TEACHER'))).toBe('CARE_DAILY_BY_CLASS_TEACHER');
    expect(rule('DAILY_ASK', who('principal', 'PRINCIPAL'))).toBe('CARE_DAILY_BY_CLASS_TEACHER');
    const noClass = { ...child, classId: null, classTeacherIds: [] };
    expect(rule('DAILY_ASK', who('art', 'TEACHER'), noClass)).toBeNull();
    expect(rule('DAILY_ASK', who('art', 'TEACHER', 'elsewhere'), noClass)).toBe('CARE_DAILY_BY_CLASS_TEACHER');
  });

  it('每周一见: the principal or leaders of the school or its 中心校, never a head teacher', () => {
    expect(rule('WEEKLY_MEET', who('p', 'PRINCIPAL'))).toBeNull();
    expect(rule('WEEKLY_MEET', who('l', 'LEADER', 'central'))).toBeNull();
    expect(rule('WEEKLY_MEET', who('head', 'HEAD_TEACHER'))).toBe('CARE_WEEKLY_BY_LEADER');
    expect(rule('WEEKLY_MEET', who('p', 'PRINCIPAL', 'elsewhere'))).toBe('CARE_WEEKLY_BY_LEADER');
  });
});
