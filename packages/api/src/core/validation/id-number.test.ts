import { idNumberCheckChar, idNumberFacts, idNumberProblem, makeIdNumber } from './id-number';
import { studentNumberProblem } from './student-number';
import { phoneProblem } from './phone';
import { regionCodeProblem } from './region-code';

describe('身份证号', () => {
  // The standard's worked example: 11010519491231002X.
  it('accepts the GB 11643 example and computes its check character', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(idNumberProblem('11010519491231002X')).toBeNull();
    expect(idNumberFacts('11010519491231002X')).toEqual({ regionCode: '110105', birthDate: '1949-12-31', gender: 'FEMALE' });
  });
  it('refuses a wrong check digit, a bad length, a lowercase x and an impossible date', () => {
    expect(idNumberProblem('110105194912310021')?.rule).toBe('ID_NUMBER_CHECK_DIGIT');
    expect(idNumberProblem('11010519491231002')?.rule).toBe('ID_NUMBER_FORMAT');
    expect(idNumberProblem('11010519491231002x')?.rule).toBe('ID_NUMBER_FORMAT');
    const feb30 = '61052620150230001';
    expect(idNumberProblem(feb30 + idNumberCheckChar(feb30))?.rule).toBe('ID_NUMBER_BIRTH_DATE');
  });
  it('makes valid numbers whose sequence parity matches the gender', () => {
    const male = makeIdNumber('610526', '2015-03-08', 42, 'MALE');
    const female = makeIdNumber('610526', '2015-03-08', 42, 'FEMALE');
    expect(idNumberProblem(male)).toBeNull();
    expect(idNumberProblem(female)).toBeNull();
    expect(idNumberFacts(male).gender).toBe('MALE');
    expect(idNumberFacts(female).gender).toBe('FEMALE');
  });
});

describe('学籍号, phone and region code', () => {
  it('checks 学籍号 forms', () => {
    expect(studentNumberProblem('G11010519491231002X')).toBeNull();
    expect(studentNumberProblem('G110105194912310021')?.rule).toBe('STUDENT_NUMBER_FORMAT');
    expect(studentNumberProblem('J61052620150308123')).toBeNull();
    expect(studentNumberProblem('X123')?.rule).toBe('STUDENT_NUMBER_FORMAT');
  });
  it('checks phone numbers', () => {
    expect(phoneProblem('13812345678')).toBeNull();
    expect(phoneProblem('0913-7212345')).toBeNull();
    expect(phoneProblem('12812345678')?.rule).toBe('PHONE_FORMAT');
    expect(phoneProblem('1381234567')?.rule).toBe('PHONE_FORMAT');
  });
  it('checks region codes and their level', () => {
    expect(regionCodeProblem('610526')).toBeNull();
    expect(regionCodeProblem('610526100', 'TOWN')).toBeNull();
    expect(regionCodeProblem('610526100', 'VILLAGE')?.rule).toBe('REGION_CODE_LEVEL');
    expect(regionCodeProblem('61052')?.rule).toBe('REGION_CODE_FORMAT');
  });
});
