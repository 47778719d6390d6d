import { maskAddress, maskBirthDate, maskIdNumber, maskName, maskPhone, shownAs } from './mask';

describe('masks', () => {
  it('keeps only the birth year and month of a 身份证号, after the G of a 学籍号', () => {
    expect(maskIdNumber('11010219900101123X')).toBe('******199001******');
    expect(maskIdNumber('11010219900101123x')).toBe('******199001******');
    expect(maskIdNumber('G11010219900101123X')).toBe('G******199001******');
    // Region, day, sequence and check character are all gone.
    expect(maskIdNumber('61052620150314002X')).not.toMatch(/610526|14002|X$/);
  });
  it('keeps only the letter of other 学籍号 and nothing of other values', () => {
    expect(maskIdNumber('L20150314610526001')).toBe('L*****************');
    expect(maskIdNumber('123')).toBe('***');
  });
  it('keeps the year and month of a birth date', () => {
    expect(maskBirthDate('2015-03-14')).toBe('2015-03');
    expect(shownAs('masked', 'BIRTH_DATE', '2015-03-14')).toBe('2015-03');
    expect(shownAs('hidden', 'BIRTH_DATE', '2015-03-14')).toBeNull();
  });
  it('keeps the first and last character of a name', () => {
    expect(maskName('张晓明')).toBe('张*明');
    expect(maskName('张明')).toBe('张*');
    expect(maskName('欧阳振华')).toBe('欧**华');
  });
  it('keeps the first 3 and last 4 of a phone', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
  it('keeps an address down to the town it starts with, and nothing after', () => {
    expect(maskAddress('龙阳镇王家庄村3组')).toBe('龙阳镇***');
    expect(maskAddress('城关街道东街社区5号')).toBe('城关街道***');
    expect(maskAddress('红岩苗族乡中寨村')).toBe('红岩苗族乡***');
    expect(maskAddress('陕西省蒲城县龙阳镇王家庄村3组')).toBe('陕西省蒲城县龙阳镇***');
    expect(maskAddress('龙阳镇超市旁')).toBe('龙阳镇***');
    expect(maskAddress('东村3组')).toBe('***');
    // A town named late does not pull the village, group and house before it along.
    expect(maskAddress('幸福村3组12号王家院（孙镇）')).toBe('***');
    expect(maskAddress('王家庄村龙阳镇')).toBe('***');
  });
});
