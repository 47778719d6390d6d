import { GraphQLError } from 'graphql';
import { archivePeriod } from './archive-period';
import { CATALOGUE, itemBoxProblems, itemNumber } from './catalogue';
import { ArchiveBox, ArchiveItem } from './archive.enums';

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as GraphQLError).extensions;
  }
  throw new Error('not refused');
};

describe('archivePeriod', () => {
  it('defaults to the current school year, and ends reports at today while the period runs', () => {
    expect(archivePeriod({}, '2025-03-14')).toEqual({
      schoolYear: '2024-2025', semester: null, from: '2024-09-01', to: '2025-08-31', asOf: '2025-03-14', periodLabel: '2024-2025学年',
    });
    expect(archivePeriod({ schoolYear: '2023-2024', semester: 'FIRST' }, '2025-03-14')).toMatchObject({ from: '2023-09-01', to: '2024-01-31', asOf: '2024-01-31', periodLabel: '2023-2024学年第一学期' });
  });

  it('names the parameter it refuses', () => {
    expect(refusal(() => archivePeriod({ schoolYear: '2024-2026' }, '2025-03-14'))).toMatchObject({ field: 'schoolYear', rule: 'SCHOOL_YEAR_FORMAT' });
    expect(refusal(() => archivePeriod({ semester: 'SPRING' }, '2025-03-14'))).toMatchObject({ field: 'semester', rule: 'ENUM' });
    expect(refusal(() => archivePeriod({ schoolYear: '2024-2025', semester: 'SECOND' }, '2024-12-01'))).toMatchObject({ field: 'semester', rule: 'PERIOD_NOT_BEGUN' });
    expect(refusal(() => archivePeriod({ schoolYear: ['2024-2025', '2023-2024'] }, '2025-03-14'))).toMatchObject({ field: 'schoolYear', rule: 'REPEATED_ARGUMENT' });
    expect(refusal(() => archivePeriod({ asOf: '2025-01-01' }, '2025-03-14'))).toMatchObject({ field: 'asOf', rule: 'UNKNOWN_ARGUMENT' });
  });
});

describe('the catalogue of 附件2-2', () => {
  it('files every item in exactly one box, numbered as the seed numbers them', () => {
    expect(CATALOGUE.map((b) => b.box)).toEqual(Object.values(ArchiveBox));
    expect(CATALOGUE.flatMap((b) => b.items).sort()).toEqual(Object.values(ArchiveItem).sort());
    expect(CATALOGUE.map((b) => b.items.length)).toEqual([3, 5, 5, 2, 5, 3, 2, 2]);
    expect(itemNumber(ArchiveItem.AGREEMENT_HEAD_TEACHER_PARENT)).toBe('⑤');
    expect(itemBoxProblems({ box: ArchiveBox.RESPONSIBILITY, item: ArchiveItem.AGREEMENT_PRINCIPAL_TEACHER })).toEqual([]);
    expect(itemBoxProblems({ box: ArchiveBox.PUBLICITY, item: ArchiveItem.MONTHLY_REPORT })).toMatchObject([{ field: 'item', rule: 'ARCHIVE_ITEM_OF_BOX' }]);
  });
});
