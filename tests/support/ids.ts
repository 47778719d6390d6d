import { makeIdNumber } from '../../packages/api/src/core/validation/id-number';

let seq = 100;
/** A fresh valid 身份证号 with its birth date and gender. */
export function newIdNumber(birthDate = '2014-05-20', gender: 'MALE' | 'FEMALE' = 'MALE') {
  seq += 2;
  return { idNumber: makeIdNumber('610526', birthDate, seq, gender), birthDate, gender };
}
