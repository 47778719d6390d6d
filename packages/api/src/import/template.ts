import ExcelJS from 'exceljs';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../core/context';
import type { FieldSpec, ResourceSpec } from '../core/resource/spec';
import { targetResource } from '../core/resource/registry';
import { enumLabel } from '../core/resource/enums';
import { ScopedOrm } from '../core/data/scoped-orm';
import { naturalKey } from '../core/bulk/run';
import { makeIdNumber } from '../core/validation/id-number';
import { schoolTermOf, todayInChina } from '../core/time/school-year';
import { CHILD_GROUPS, importFields, type ImportField } from './heads';
import { isKeyField, lookupFields } from './lookup-fields';
import { opsOf, type Importable } from './importable';
import { enumChoices } from './values';

const EXAMPLE_BIRTH = '2015-03-14';
const EXAMPLE_ID = makeIdNumber('110101', EXAMPLE_BIRTH, 1, 'MALE');

/** Example values of made-up people and texts, by field label (never real personal data). */
const EXAMPLES: Record<string, string | number> = {
  姓名: '张明',
  出生日期: EXAMPLE_BIRTH,
  身份证号: EXAMPLE_ID,
  全国学籍号: `G${EXAMPLE_ID}`,
  民族: '汉族',
  家庭住址: '城关镇东村3组',
  联系电话: '13812345678',
  年级: 3,
  班级名称: '三年级（1）班',
  学年: schoolTermOf(todayInChina()).schoolYear,
  资助内容: '春节慰问',
  '现金金额（分）': 500,
};
const CHILD_EXAMPLES: Record<string, string> = { 姓名: '张大山', 联系电话: '13912345678' };

export const DATE_HELP = '日期：2015-03-14、2015/3/14、2015年3月14日，或 Excel 日期格式';
export const MONEY_HELP = '金额以元为单位，最多两位小数，如 500 或 1200.50';
export const LIST_HELP = '可填多个，用“、”“，”或“；”分隔';

const sampleValue = (target: ResourceSpec, row: Record<string, any> | null | undefined): string | undefined => {
  if (!row) return undefined;
  const f = lookupFields(target).find((x) => !x.sensitivity && x.name === target.display) ?? lookupFields(target).find((x) => !x.sensitivity);
  const v = f && row[f.name];
  return typeof v === 'string' ? v : undefined;
};

/** How a reference column finds its record, for the notes. */
function refHelp(res: ResourceSpec, f: FieldSpec): string {
  const target = targetResource(f);
  const by = lookupFields(target).map((x) => x.label).join('或');
  const narrowed = target.fields
    .filter((x) => x.kind === 'ref' && targetResource(x) !== target && res.fields.some((o) => (o.kind === 'ref') && o !== f && targetResource(o) === targetResource(x)))
    .map((x) => `本行${x.label}`);
  return `填写${target.label}的${by}${narrowed.length ? `（须属于${narrowed.join('、')}）` : ''}${f.kind === 'refList' ? `；${LIST_HELP}` : ''}`;
}

/** What a column takes, for the 说明 sheet and the head's note. */
export function helpOf(res: ResourceSpec, i: ImportField): { help: string; choices: string[] } {
  const f = i.field;
  if (f.kind === 'enum') return { help: '从可选值中选择', choices: enumChoices(f.enumObject!) };
  if (f.kind === 'enumList') return { help: LIST_HELP, choices: enumChoices(f.enumObject!) };
  if (f.kind === 'json' && f.jsonMembers) return { help: LIST_HELP, choices: enumChoices(f.jsonMembers.enumObject) };
  if (f.kind === 'bool') return { help: '填“是”或“否”', choices: ['是', '否'] };
  if (f.kind === 'date') return { help: DATE_HELP, choices: [] };
  if (f.kind === 'datetime') return { help: '时间，如 2025-01-20 14:30', choices: [] };
  if (f.money) return { help: MONEY_HELP, choices: [] };
  if (f.kind === 'int') return { help: '整数', choices: [] };
  if (f.kind === 'ref' || f.kind === 'refList') return { help: refHelp(res, f), choices: [] };
  return { help: f.maxLength ? `文字，最多${f.maxLength}字` : '文字', choices: [] };
}

/**
 * The import template of a resource: the heads in declaration order (the nested children's
 * groups last), an example row, text-formatted columns for numbers that are codes (身份证号),
 * drop-downs of every enum, and a 说明 sheet with the allowed values and formats.
 */
export async function writeTemplate(em: EntityManager, viewer: Viewer, imp: Importable): Promise<ExcelJS.Workbook> {
  const { res } = imp;
  const fields = importFields(res, CHILD_GROUPS);
  const book = new ExcelJS.Workbook();
  book.creator = '家访管理平台';
  const sheet = book.addWorksheet(res.label, { views: [{ state: 'frozen', ySplit: 1 }] });
  const notes = book.addWorksheet('说明');
  const choicesSheet = book.addWorksheet('可选值', { state: 'hidden' });

  // Example references from a record the viewer already has (a school, class and village that go together).
  const refs = res.fields.filter((f) => f.kind === 'ref' || f.kind === 'refList').map((f) => f.name);
  const sample = await new ScopedOrm(em, viewer).findOne(res, [], { orderBy: { createdAt: 'desc' }, populate: refs });

  sheet.columns = fields.map((i) => ({ header: i.head, key: i.key, width: Math.max(12, i.head.length * 2 + 4) }));
  const head = sheet.getRow(1);
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', horizontal: 'center' };
  const example: Array<string | number | null> = [];
  let choiceColumn = 0;
  for (const [n, i] of fields.entries()) {
    const f = i.field;
    const column = sheet.getColumn(n + 1);
    const cell = head.getCell(n + 1);
    const { help, choices } = helpOf(res, i);
    cell.note = `${i.required ? '必填。' : ''}${help}`;
    if (i.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
    // Codes and phone numbers stay text (Excel would turn 18 digits into 6.1E+17).
    if (f.kind === 'text' || f.kind === 'ref' || f.kind === 'refList') column.numFmt = '@';
    if (f.kind === 'date') column.numFmt = 'yyyy-mm-dd';
    if (choices.length && (f.kind === 'enum' || f.kind === 'bool')) {
      choiceColumn++;
      const letter = choicesSheet.getColumn(choiceColumn).letter;
      choicesSheet.getCell(1, choiceColumn).value = i.head;
      choices.forEach((c, k) => (choicesSheet.getCell(k + 2, choiceColumn).value = c));
      const range = `'可选值'!$${letter}$2:$${letter}$${choices.length + 1}`;
      const col = column.letter;
      (sheet as any).dataValidations.add(`${col}2:${col}5000`, {
        type: 'list',
        allowBlank: true,
        formulae: [range],
        showErrorMessage: true,
        errorTitle: i.head,
        error: `请从可选值中选择：${choices.slice(0, 12).join('、')}${choices.length > 12 ? '…' : ''}`,
      });
    }
    example.push(exampleOf(i, sample));
  }
  const row = sheet.addRow(example);
  row.font = { color: { argb: 'FF808080' } };

  writeNotes(notes, imp, fields);
  return book;
}

function exampleOf(i: ImportField, sample: Record<string, any> | null): string | number | null {
  const f = i.field;
  if (i.child) {
    if (i.child.group > 0) return null;
    if (CHILD_EXAMPLES[f.label]) return CHILD_EXAMPLES[f.label];
    if (f.kind === 'enum') return enumChoices(f.enumObject!)[0];
    if (f.kind === 'bool') return f.defaultValue?.() === true ? '是' : '否';
    return null;
  }
  if (f.kind === 'ref' || f.kind === 'refList') {
    const target = targetResource(f);
    const value = sample?.[f.name];
    const first = f.kind === 'refList' ? value?.getItems?.()?.[0] : value;
    const fromSample = first ? sampleValue(target, first) : undefined;
    if (fromSample) return fromSample;
    const key = lookupFields(target).find((x) => isKeyField(target, x));
    const fake = key ? EXAMPLES[key.label] : undefined;
    return fake != null ? String(fake) : f.nullable ? null : `（${target.label}名称）`;
  }
  if (EXAMPLES[f.label] != null) return f.money ? Number(EXAMPLES[f.label]) : EXAMPLES[f.label];
  if (f.kind === 'bool') return f.defaultValue?.() === true ? '是' : '否';
  if (f.kind === 'enum' && f.defaultValue) return enumLabel(f.enumObject!, String(f.defaultValue()));
  if (f.nullable || f.defaultValue) return null;
  if (f.kind === 'enum') return enumChoices(f.enumObject!)[0];
  if (f.kind === 'date') return todayInChina();
  if (f.kind === 'int') return f.money ? 500 : 1;
  return null;
}

function writeNotes(sheet: ExcelJS.Worksheet, imp: Importable, fields: ImportField[]) {
  const { res, spec } = imp;
  sheet.columns = [{ width: 22 }, { width: 8 }, { width: 60 }, { width: 80 }];
  sheet.addRow([`${res.label}导入说明`]).font = { bold: true, size: 14 };
  const lines = [
    `1. 第一个工作表的第一行为列名，从第二行起每行一条${res.label}；灰色的示例行请在导入前删除。`,
    '2. 红色列名为必填列；其余可留空。',
    `3. ${DATE_HELP}。`,
    `4. ${MONEY_HELP}。`,
    '5. “是/否”列填“是”或“否”；有可选值的列可从下拉列表选择，也可填写代码（如 MALE）。',
    `6. 一格填多个值时，${LIST_HELP}。`,
    '7. 列名也可使用常见写法（如 学生姓名、身份证号码、学籍号、学校名称）；无法识别的列会在导入前请您指定对应字段。',
    '8. 也可上传 CSV 文件（UTF-8 或 GBK 编码，首行为列名）。先“检查（试运行）”，确认无误后再导入；出错的行可下载错误报告，改正后重新导入。',
  ];
  if (spec.key && opsOf(imp).includes('upsert')) {
    lines.push(`9. 按“${naturalKey(res, spec.key).label}”匹配已有${res.label}：已存在的将被更新，空白单元格不修改原有内容；不存在的将新建。`);
  }
  const groups = fields.filter((f) => f.child && f.child.group === 0);
  if (groups.length) {
    const c = groups[0].child!;
    lines.push(`${lines.length + 1}. ${c.spec.label}：每人一组列（${groups.map((g) => g.head).join('、')}），第二人为“${c.spec.label}2…”，依此类推。`);
  }
  for (const line of lines) sheet.addRow([line]);
  sheet.addRow([]);
  const head = sheet.addRow(['列名', '必填', '填写说明', '可选值']);
  head.font = { bold: true };
  for (const i of fields) {
    const { help, choices } = helpOf(res, i);
    const row = sheet.addRow([i.head, i.required ? '是' : '', help, choices.join('、')]);
    row.alignment = { wrapText: true, vertical: 'top' };
  }
}
