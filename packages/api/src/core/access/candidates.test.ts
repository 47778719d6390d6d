import { makeIdNumber } from '../validation/id-number';
import { birthAsRead, idNumberCandidates } from './candidates';
import { maskBirthDate, maskIdNumber } from './mask';

// A girl born in February of a year that is not a leap year: the fewest days a month can leave.
const ID = makeIdNumber('610526', '2015-02-14', 37, 'FEMALE');
const REGION = '610526';
const TODAY = new Date('2025-06-01T00:00:00Z');

const birth = birthAsRead;

describe('idNumberCandidates', () => {
  it('finds the one number the old mask left beside a full birth date', () => {
    const old = `${ID.slice(0, 6)}********${ID.slice(-4)}`;
    expect(idNumberCandidates({ masks: [old], birth: birth('2015-02-14'), gender: 'FEMALE', region: REGION }, TODAY)).toBe(1);
  });

  it('leaves 500 numbers to a full birth date and gender whatever the mask hides', () => {
    expect(idNumberCandidates({ masks: ['*'.repeat(18)], birth: birth('2015-02-14'), gender: 'FEMALE', region: REGION }, TODAY)).toBe(500);
    expect(idNumberCandidates({ masks: [maskIdNumber(ID)], birth: birth('2015-02-14'), gender: 'FEMALE', region: REGION }, TODAY)).toBe(500);
  });

  it('leaves days × 500 to a year-month birth date and the new mask, with the 学籍号 beside it', () => {
    const masks = [maskIdNumber(ID), maskIdNumber(`G${ID}`).slice(1)];
    expect(idNumberCandidates({ masks, birth: birth(maskBirthDate('2015-02-14')), gender: 'FEMALE', region: REGION }, TODAY)).toBe(28 * 500);
  });

  it('counts a shown check character as the constraint it is, and a shown region that is not the known one as none', () => {
    const checkOnly = `${'*'.repeat(17)}${ID[17]}`;
    const n = idNumberCandidates({ masks: [checkOnly], birth: birth('2015-02'), gender: 'FEMALE', region: REGION }, TODAY);
    expect(n).toBeGreaterThan(1000);
    expect(n).toBeLessThan(1500);
    expect(idNumberCandidates({ masks: [ID.replace(/^\d{6}/, '110102')], birth: null, gender: null, region: REGION }, TODAY)).toBe(0);
  });
});
