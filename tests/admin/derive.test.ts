import fc from 'fast-check';
import { derivedValue, idNumberFacts, shouldFill } from '../../packages/admin/src/auto/derive';
import { idNumberFacts as apiFacts, idNumberProblem, makeIdNumber } from '../../packages/api/src/core/validation/id-number';

// The admin reads a 身份证号 as it is typed with its own copy of GB 11643's rules: it must agree
// with the API's, which refuses what the admin would fill in otherwise.
describe('the admin reads gender and birth date from a 身份证号', () => {
  const good = makeIdNumber('610526', '2015-03-08', 777, 'FEMALE');

  it('reads a complete, valid number, and nothing from one still being typed or mistyped', () => {
    expect(idNumberFacts(good)).toEqual({ birthDate: '2015-03-08', gender: 'FEMALE' });
    expect(idNumberFacts(good.slice(0, 17))).toBeNull();
    expect(idNumberFacts(good.slice(0, 17) + (good[17] === '1' ? '2' : '1'))).toBeNull();
    expect(idNumberFacts(makeIdNumber('610526', '2014-02-30', 1, 'MALE'))).toBeNull();
    expect(derivedValue('ID_NUMBER_GENDER', good)).toBe('FEMALE');
    expect(derivedValue('ID_NUMBER_BIRTH_DATE', ` ${good} `)).toBe('2015-03-08');
    expect(derivedValue('SOMETHING_ELSE', good)).toBeUndefined();
    expect(derivedValue('ID_NUMBER_GENDER', null)).toBeUndefined();
  });

  it('agrees with the API on any 18 characters', () => {
    const digit = fc.constantFrom(...'0123456789');
    const numbers = fc.oneof(
      fc.tuple(fc.date({ min: new Date('1950-01-01'), max: new Date('2024-12-31'), noInvalidDate: true }), fc.nat(999), fc.boolean()).map(([d, seq, male]) =>
        makeIdNumber('610526', d.toISOString().slice(0, 10), seq, male ? 'MALE' : 'FEMALE'),
      ),
      fc.tuple(fc.array(digit, { minLength: 17, maxLength: 17 }), fc.constantFrom(...'0123456789X')).map(([d, c]) => d.join('') + c),
    );
    fc.assert(
      fc.property(numbers, (n) => {
        const valid = idNumberProblem(n) === null;
        expect(idNumberFacts(n)).toEqual(valid ? { birthDate: apiFacts(n).birthDate, gender: apiFacts(n).gender } : null);
      }),
      { numRuns: 2000 },
    );
  });

  it('fills an empty input or one still holding what it filled, never one the user typed', () => {
    expect(shouldFill(undefined, undefined, 'MALE')).toBe(true);
    expect(shouldFill('', undefined, 'MALE')).toBe(true);
    expect(shouldFill('MALE', 'MALE', 'FEMALE')).toBe(true); // another number typed
    expect(shouldFill('FEMALE', undefined, 'MALE')).toBe(false); // typed by the user
    expect(shouldFill('FEMALE', 'MALE', 'MALE')).toBe(false); // changed by the user after filling
    expect(shouldFill('MALE', undefined, 'MALE')).toBe(false); // nothing to change
    expect(shouldFill('', undefined, undefined)).toBe(false);
  });
});
