import ExcelJS from 'exceljs';
import { escapeHtml, sheetTable } from './html';
import { formPage } from './print-page';
import { FormSheet } from './sheet';

/** A small form: a title line, a two-row label beside two boxes, a wide box with a name in it. */
function sample(name: string) {
  const book = new ExcelJS.Workbook();
  const f = new FormSheet(book, '样表', [10, 20, 10]);
  f.line(1, '附件9 样表', { bold: true, size: 16, align: 'center' });
  f.box(2, 1, 3, 1, '家长\n姓名', { bold: true, align: 'center' });
  f.box(2, 2, 2, 3, name);
  f.box(3, 2, 3, 3, '第一行\n第二行', { valign: 'top', minLines: 3 });
  f.finish();
  return { book, sheet: f.sheet };
}

const rowsOf = (table: string) => table.split('\n').filter((l) => l.startsWith('<tr'));

describe('sheetTable', () => {
  it('spans merged boxes and leaves out the cells they cover', () => {
    const rows = rowsOf(sheetTable(sample('张大山').sheet));
    expect(rows).toHaveLength(3);
    expect(rows[0].match(/<td/g)).toHaveLength(1);
    expect(rows[0]).toContain('<td colspan="3"');
    expect(rows[1]).toContain('<td rowspan="2"');
    expect(rows[1]).toContain('<td colspan="2"');
    expect(rows[2].match(/<td/g)).toHaveLength(1); // row 3's first column belongs to the label above
  });

  it('gives the column widths as shares of the page and keeps the rows the boxes need', () => {
    const table = sheetTable(sample('张大山').sheet);
    expect(table).toContain('<colgroup><col style="width:25.00%"><col style="width:50.00%"><col style="width:25.00%"></colgroup>');
    expect(rowsOf(table)[2]).toMatch(/^<tr style="height:\d+(\.\d+)?pt">/);
  });

  it('carries bold, size, alignment, wrapping and the edges of boxed cells only', () => {
    const rows = rowsOf(sheetTable(sample('张大山').sheet));
    const title = rows[0];
    expect(title).toContain('font-weight:bold');
    expect(title).toContain('font-size:16pt');
    expect(title).toContain('text-align:center');
    expect(title).not.toContain('border');
    const label = /<td rowspan="2" style="([^"]*)"/.exec(rows[1])![1];
    expect(label.split(';')).toEqual(expect.arrayContaining(['vertical-align:middle', 'white-space:pre-wrap',
      'border-top:1px solid #000', 'border-left:1px solid #000', 'border-bottom:1px solid #000', 'border-right:1px solid #000']));
    expect(rows[2]).toContain('vertical-align:top');
  });

  it('keeps line breaks and escapes every value', () => {
    const rows = rowsOf(sheetTable(sample('<script>alert("x")</script> & \'Tom\'').sheet));
    expect(rows[1]).toContain('>家长<br>姓名</td>');
    expect(rows[1]).toContain('>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Tom&#39;</td>');
    expect(rows.join('')).not.toContain('<script');
    expect(rows[2]).toContain('>第一行<br>第二行</td>');
  });
});

describe('formPage', () => {
  it('is a standalone A4 page without script, titled and escaped', () => {
    const page = formPage(sample('张大山').book, '样表-<张>');
    expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('<title>样表-&lt;张&gt;</title>');
    expect(page).toContain('@page { size: A4; margin: 15mm }');
    expect(page).toContain('"Noto Sans CJK SC"');
    expect(page).toMatch(/@media print \{[^]*\.hint \{ display: none \}/);
    expect(page).not.toMatch(/<script|onclick/i); // our CSP allows no inline script
    expect(page).toContain('附件9 样表');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that end text or an attribute', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
