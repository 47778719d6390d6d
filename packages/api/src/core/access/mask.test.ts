import { maskAddress, maskIdNumber, maskName, maskPhone } from './mask';

describe('masks', () => {
  it('keeps the first 6 and last 4 of a 身份证号, and the G of a 学籍号', () => {
    expect(maskIdNumber('11010219900101123X')).toBe('110102********123X');
    expect(maskIdNumber('G11010219900101123X')).toBe('G110102********123X');
  });
  it('keeps the first and last character of a name', () => {
    expect(maskName('张晓明')).toBe('张*明');
    expect(maskName('张明')).toBe('张*');
    expect(maskName('欧阳振华')).toBe('欧**华');
  });
  it('keeps the first 3 and last 4 of a phone', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
  it('keeps an address down to its town', () => {
    expect(maskAddress('龙阳镇王家庄村3组')).toBe('龙阳镇***');
    expect(maskAddress('城关街道东街社区5号')).toBe('城关街道***');
    expect(maskAddress('东村3组')).toBe('***');
  });
});
