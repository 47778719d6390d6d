import { planHouseholds, type PhoneRow } from './household-plan';

const row = (studentId: string, phone: string, guardianName = '张大山', householdId: string | null = null): PhoneRow =>
  ({ studentId, phone, guardianName, householdId, villageId: 'v1', address: '东村3组' });

describe('planHouseholds', () => {
  it('makes one family of children sharing a phone, named after the guardian most of them list', () => {
    const plan = planHouseholds([row('a', '13812345678', '张大山'), row('b', '138-1234-5678', '张大山'), row('b', '13900000000', '李小花'), row('c', '13700000000')]);
    expect(plan).toEqual({ create: [{ name: '张大山家', phone: '13812345678', villageId: 'v1', address: '东村3组', studentIds: ['a', 'b'] }], join: [] });
  });

  it('follows a chain of phones: a shares with b, b with c', () => {
    const plan = planHouseholds([row('a', '13811111111'), row('b', '13811111111'), row('b', '13922222222', '王芳'), row('c', '13922222222', '王芳')]);
    expect(plan.create.map((h) => h.studentIds)).toEqual([['a', 'b', 'c']]);
  });

  it('adds a new brother to the family already there, and leaves families split by hand alone', () => {
    expect(planHouseholds([row('a', '13811111111', '张大山', 'h1'), row('b', '13811111111')])).toEqual({ create: [], join: [{ householdId: 'h1', studentIds: ['b'] }] });
    expect(planHouseholds([row('a', '13811111111', '张大山', 'h1'), row('b', '13811111111', '张大山', 'h2')])).toEqual({ create: [], join: [] });
  });

  it('ignores a lone child and numbers too short to be a phone', () => {
    expect(planHouseholds([row('a', '13811111111'), row('b', '110'), row('c', '110')])).toEqual({ create: [], join: [] });
  });
});
