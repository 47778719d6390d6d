import { caseDateProblems, schoolingStatusOfClosing, STATUSES_OF_NON_DROPOUT } from './dropout.rules';

const rules = (c: Parameters<typeof caseDateProblems>[0]) => caseDateProblems(c, '2024-12-01').map((p) => `${p.field}:${p.rule}`);

describe('附件4 dates', () => {
  it('takes a case whose steps follow each other, on the same day too', () => {
    expect(rules({ discoveredOn: '2024-10-01', schoolVerifiedOn: '2024-10-01', confirmedOn: '2024-10-08', returnedOn: '2024-11-05', guardianSignedOn: '2024-10-02' })).toEqual([]);
    expect(rules({ discoveredOn: '2024-10-01', closedOn: '2024-10-01' })).toEqual([]);
  });

  it('names each step that comes before the one it follows, against the latest before it', () => {
    expect(rules({ discoveredOn: '2024-10-10', schoolVerifiedOn: '2024-10-05', confirmedOn: '2024-10-07' })).toEqual([
      'schoolVerifiedOn:CASE_DATE_ORDER',
      'confirmedOn:CASE_DATE_ORDER',
    ]);
    // Without a verification, the confirmation follows the discovery.
    expect(rules({ discoveredOn: '2024-10-10', confirmedOn: '2024-10-09' })).toEqual(['confirmedOn:CASE_DATE_ORDER']);
    expect(rules({ discoveredOn: '2024-10-10', confirmedOn: '2024-10-20', returnedOn: '2024-10-15' })).toEqual(['returnedOn:CASE_DATE_ORDER']);
    expect(rules({ discoveredOn: '2024-10-10', policeSignedOn: '2024-10-09', townSignedOn: '2024-10-10' })).toEqual(['policeSignedOn:CASE_DATE_ORDER']);
  });

  it('refuses any date after today', () => {
    expect(rules({ discoveredOn: '2024-12-02' })).toEqual(['discoveredOn:CASE_DATE_FUTURE']);
    expect(rules({ discoveredOn: '2024-11-01', villageSignedOn: '2025-01-01' })).toEqual(['villageSignedOn:CASE_DATE_FUTURE']);
  });
});

describe('the child’s status on closing as non-dropout (附件1-1)', () => {
  it('follows the category, and asks where a category covers several', () => {
    expect(schoolingStatusOfClosing('MOVED_UNREACHABLE', null)).toBe('MOVED_UNREACHABLE');
    expect(schoolingStatusOfClosing('DEFERRED_ENTRY', null)).toBe('DEFERRED');
    expect(schoolingStatusOfClosing('HOUSEHOLD_REGISTRATION', null)).toMatchObject({ field: 'schoolingStatus', rule: 'SCHOOLING_STATUS_REQUIRED' });
    expect(schoolingStatusOfClosing('HOUSEHOLD_REGISTRATION', 'MULTIPLE_REGISTRATION')).toBe('MULTIPLE_REGISTRATION');
    expect(schoolingStatusOfClosing('ABROAD', 'IN_COUNTY')).toMatchObject({ rule: 'SCHOOLING_STATUS_OF_CATEGORY' });
  });

  it('never leaves a closed case counted as a dropout', () => {
    for (const { allowed } of Object.values(STATUSES_OF_NON_DROPOUT)) {
      expect(allowed.filter((s) => s.startsWith('DROPOUT_'))).toEqual([]);
    }
  });
});
