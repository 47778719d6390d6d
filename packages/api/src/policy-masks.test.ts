import { FIELD_MATRIX, MASK_MIN_CANDIDATES } from './policy';
import { Role } from './org/org.enums';
import { makeIdNumber } from './core/validation/id-number';
import { birthAsRead, idNumberCandidates, type IdNumberKnowledge } from './core/access/candidates';
import { maskBirthDate, maskIdNumber } from './core/access/mask';

// A girl born in February of a year that is not a leap year: the fewest days a month can leave.
const ID = makeIdNumber('610526', '2015-02-14', 37, 'FEMALE');
const REGION = '610526';
const TODAY = new Date('2025-06-01T00:00:00Z');

const birth = birthAsRead;

describe('the role matrix keeps DESIGN\'s promise for masks', () => {
  it.each(Object.values(Role))('%s', (role) => {
    const rules = FIELD_MATRIX[role];
    if (rules.ID_NUMBER !== 'masked') return expect(['full', 'hidden']).toContain(rules.ID_NUMBER);
    const read = (rule: unknown, full: string, masked: string) => (rule === 'full' ? full : rule === 'masked' ? masked : null);
    const knowledge: IdNumberKnowledge = {
      masks: [maskIdNumber(ID), maskIdNumber(`G${ID}`).slice(1)],
      birth: birth(read(rules.BIRTH_DATE, '2015-02-14', maskBirthDate('2015-02-14'))),
      gender: 'FEMALE',
      region: REGION,
    };
    expect(idNumberCandidates(knowledge, TODAY)).toBeGreaterThanOrEqual(MASK_MIN_CANDIDATES);
  });
});
