import type { ChildrenSpec, FieldSpec, ResourceSpec } from '../core/resource/spec';
import { childrenOf, targetResource } from '../core/resource/registry';
import { lookupFields } from './lookup-fields';

/**
 * Column heads as schools write them. A head matches a field by the field's Chinese label, its
 * GraphQL name, or one of the aliases below; money columns are in yuan (元) unless the head is the
 * field's own label in fen (现金金额（分）) or its GraphQL name (cashFen).
 */

/** Head text as compared: full-width forms folded (（）→()), spaces and required-marks (*) dropped. */
export function normHead(s: string): string {
  return s.normalize('NFKC').replace(/[\s*]/g, '').replace(/[:：]$/, '').toLowerCase();
}

/**
 * Heads clerks use → the labels they stand for, tried in order (the first one the resource has
 * wins; 学生姓名 is a student's 姓名, and an aid list's 学生). null: a column to leave alone.
 */
const ALIAS_TABLE: Array<[string[], string[] | null]> = [
  [['序号', '行号', '原行号', '错误说明'], null],
  [['学生姓名', '儿童姓名', '姓名(学生)'], ['姓名', '学生']],
  [['身份证号码', '身份证', '公民身份号码', '证件号码', '学生身份证号', '学生身份证号码', '身份证号'], ['身份证号', '学生']],
  [['学籍号', '学生学籍号', '全国学籍号', '学籍号码'], ['全国学籍号', '学生']],
  [['学校名称', '学校代码', '学校标识码', '所在学校', '就读学校', '学校(单位)'], ['学校']],
  [['班级名称', '所在班级', '班别', '就读班级'], ['班级']],
  [['班级'], ['班级名称']],
  [['户籍', '户籍地', '户籍所在地', '户籍村', '户口所在地', '户籍所在村(社区)'], ['户籍所在村']],
  [['家庭地址', '住址', '现住址', '居住地址', '地址'], ['家庭住址']],
  [['出生年月', '出生年月日', '生日'], ['出生日期']],
  [['就读状态', '就学情况', '在校状态'], ['就学状态']],
  [['关注类别', '重点关注', '重点关注对象类别', '特殊群体类别', '学生类别'], ['重点关注类别']],
  [['残疾类型'], ['残疾类别']],
  [['残疾级别'], ['残疾等级']],
  [['是否送教上门'], ['送教上门']],
  [['电话', '手机', '手机号', '手机号码', '联系方式', '联系电话'], ['联系电话']],
  [['关系', '与学生关系', '与本人关系', '监护关系'], ['与学生关系']],
  [['其他电话', '备用手机', '电话2'], ['备用电话']],
  [['是否同住'], ['与学生同住']],
  [['是否外出务工', '务工'], ['外出务工']],
  [['职位', '岗位'], ['职务']],
  [['是否在岗'], ['在岗']],
  [['教师姓名', '教职工姓名', '教师'], ['姓名']],
  [['班主任姓名'], ['班主任']],
  [['任课老师'], ['任课教师']],
  [['学年度'], ['学年']],
  [['金额', '现金', '现金(元)', '金额(元)', '现金金额', '资助金额', '慰问金额', '发放金额', '慰问金(元)'], ['现金金额(分)']],
  [['物资价值', '物资价值(元)', '物资折价', '物资折价(元)', '折合金额', '折合金额(元)'], ['物资价值(分)']],
  [['日期', '发放时间', '资助日期', '慰问日期'], ['发放日期']],
  [['类别', '资助项目', '资助类型'], ['资助类别']],
  [['内容', '慰问内容'], ['资助内容']],
  [['资金渠道'], ['资金来源']],
  [['捐赠方', '捐助单位', '捐赠单位'], ['捐助方']],
];

const ALIASES = new Map<string, string[] | null>(
  ALIAS_TABLE.flatMap(([heads, labels]) => heads.map((h) => [normHead(h), labels && labels.map(normHead)] as const)),
);

/** Shorter heads for a nested child's fields, as rosters write them after 监护人 (监护人关系, 监护人电话). */
const CHILD_HEADS: Record<string, string> = { 与学生关系: '关系', 联系电话: '电话' };

/** Guardians offered by the template and the mapping step (a file may carry more: 监护人3姓名 …). */
export const CHILD_GROUPS = 2;
const MAX_CHILD_GROUPS = 9;

export type Unit = 'yuan' | 'fen';

/** A column of the file as the import reads it. */
export interface ImportField {
  /** gqlName, or `<child list>.<n>.<gqlName>` for the n-th nested child (guardians.1.phone). */
  key: string;
  /** The head the template writes (money in 元). */
  head: string;
  required: boolean;
  field: FieldSpec;
  child?: { spec: ChildrenSpec; res: ResourceSpec; group: number };
}

const moneyHead = (label: string) => (label.includes('（分）') ? label.replace('（分）', '（元）') : `${label}（元）`);

/** A field the import can fill: writable, and for references a target it can find by code or name. */
export function importableField(f: FieldSpec): boolean {
  if (!f.writable || f.kind === 'secret' || f.kind === 'id') return false;
  if (f.kind === 'json') return !!f.jsonMembers;
  if (f.kind === 'ref' || f.kind === 'refList') return lookupFields(targetResource(f)).length > 0;
  return true;
}

/** Fields a create needs a value for (no default). */
export const requiredForCreate = (f: FieldSpec) => !f.nullable && !f.defaultValue && !f.createOnly;

/** The fields of the resource an import fills, in declaration order, then the nested children's groups. */
export function importFields(res: ResourceSpec, groups = CHILD_GROUPS): ImportField[] {
  const own = res.fields.filter(importableField).map(
    (f): ImportField => ({ key: f.gqlName, head: f.money ? moneyHead(f.label) : f.label, required: requiredForCreate(f), field: f }),
  );
  const nested = childrenOf(res)
    .filter((c) => c.nested)
    .flatMap((c) => {
      const childRes = targetResource(c);
      const inverse = childRes.fields.find((f) => f.name === c.inverse);
      const fields = childRes.fields.filter((f) => f !== inverse && importableField(f));
      return Array.from({ length: groups }, (_, group) =>
        fields.map(
          (f): ImportField => ({
            key: `${c.name}.${group}.${f.gqlName}`,
            head: `${c.label}${group ? group + 1 : ''}${CHILD_HEADS[f.label] ?? (f.money ? moneyHead(f.label) : f.label)}`,
            required: false,
            field: f,
            child: { spec: c, res: childRes, group },
          }),
        ),
      ).flat();
    });
  return [...own, ...nested];
}

/** A column matched to a field, or kept as a lookup hint of a reference (学年 narrows 班级). */
export type ColumnTarget =
  | { kind: 'field'; field: ImportField; unit: Unit }
  | { kind: 'hint'; ref: FieldSpec; targetField: FieldSpec }
  | { kind: 'ignore' };

export interface Column {
  /** 0-based position in the row. */
  index: number;
  header: string;
  target: ColumnTarget | null;
}

/**
 * The field a head names among `fields` (own or one child group's), with the unit of a money
 * column; `exact` when by label or GraphQL name, not by alias. null: a column to leave alone.
 */
function matchAmong(head: string, fields: FieldSpec[]): { field: FieldSpec; unit: Unit; exact: boolean } | null | undefined {
  const h = normHead(head);
  for (const f of fields) {
    if (h === normHead(f.label) || h === f.gqlName.toLowerCase()) return { field: f, unit: 'fen', exact: true };
    if (f.money && h === normHead(moneyHead(f.label))) return { field: f, unit: 'yuan', exact: true };
    const short = CHILD_HEADS[f.label];
    if (short && h === normHead(short)) return { field: f, unit: 'yuan', exact: true };
  }
  if (!ALIASES.has(h)) return undefined;
  const labels = ALIASES.get(h);
  if (labels === null) return null;
  for (const label of labels ?? []) {
    const f = fields.find((x) => normHead(x.label) === label);
    if (f) return { field: f, unit: 'yuan', exact: false };
  }
  return undefined;
}

/**
 * What each head of a file stands for. `mapping` (head → key or null) is the user's answer to the
 * mapping step and wins; then labels and GraphQL names; then aliases; then nested child groups
 * (监护人2电话); then lookup hints (a 学年 column beside 班级 narrows the class). A second column
 * for a field already taken stays unmatched, as do heads nothing names (target null).
 */
export function planColumns(res: ResourceSpec, headers: string[], mapping?: Record<string, string | null> | null): Column[] {
  const fields = importFields(res, MAX_CHILD_GROUPS);
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const own = fields.filter((f) => !f.child).map((f) => f.field);
  const nested = childrenOf(res).filter((x) => x.nested);
  const refs = res.fields.filter((f) => (f.kind === 'ref' || f.kind === 'refList') && importableField(f));
  const mapped = new Map(Object.entries(mapping ?? {}).map(([k, v]) => [normHead(k), v]));
  const taken = new Set<string>();
  const columns = new Map<number, Column>();
  const heads = headers.map((raw, index) => ({ index, header: String(raw ?? '').trim() })).filter((x) => x.header);

  const put = (index: number, header: string, target: ColumnTarget | null) => {
    if (target?.kind === 'field') taken.add(target.field.key);
    columns.set(index, { index, header, target });
  };
  const field = (f: ImportField | undefined, unit: Unit): ColumnTarget | undefined => (f && !taken.has(f.key) ? { kind: 'field', field: f, unit } : undefined);

  // The user's mapping first, then exact heads, so an alias never takes a field a later column names exactly.
  for (const { index, header } of heads) {
    const h = normHead(header);
    if (mapped.has(h)) {
      const key = mapped.get(h);
      if (key == null) put(index, header, { kind: 'ignore' });
      else put(index, header, field(byKey.get(key) ?? fields.find((x) => normHead(x.head) === normHead(key)), 'yuan') ?? null);
    }
  }
  for (const { index, header } of heads) {
    if (columns.has(index)) continue;
    const found = matchAmong(header, own);
    const target = found?.exact ? field(byKey.get(found.field.gqlName), found.unit) : undefined;
    if (target) put(index, header, target);
  }
  for (const { index, header } of heads) {
    if (columns.has(index)) continue;
    const h = normHead(header);
    const found = matchAmong(header, own);
    if (found === null) {
      put(index, header, { kind: 'ignore' });
      continue;
    }
    const target = found && field(byKey.get(found.field.gqlName), found.unit);
    if (target) {
      put(index, header, target);
      continue;
    }
    // A nested child's column: <child label><n?><field> (监护人姓名, 监护人2电话; 监护人 alone is the name).
    let child: ColumnTarget | undefined;
    for (const c of nested) {
      const m = new RegExp(`^${normHead(c.label)}(\\d?)(.*)$`).exec(h);
      if (!m) continue;
      const group = m[1] ? Number(m[1]) - 1 : 0;
      const groupFields = fields.filter((f) => f.child?.spec.name === c.name && f.child.group === group);
      const display = groupFields.find((f) => f.field.name === f.child!.res.display);
      const hit = m[2] ? matchAmong(m[2], groupFields.map((f) => f.field)) : display && { field: display.field, unit: 'yuan' as Unit };
      child = hit ? field(groupFields.find((x) => x.field === hit.field), hit.unit) : undefined;
      if (child) break;
    }
    if (child) {
      put(index, header, child);
      continue;
    }
    // A lookup hint: a field of a referenced resource the resource lacks (学年 beside 班级, 年级).
    const hint = refs.flatMap((ref) => {
      const tf = targetResource(ref).fields.find((x) => (x.kind === 'text' || x.kind === 'int') && normHead(x.label) === h);
      return tf ? [{ kind: 'hint' as const, ref, targetField: tf }] : [];
    })[0];
    put(index, header, hint ?? null);
  }
  return [...columns.values()].sort((a, b) => a.index - b.index);
}

/** Whether a file must have a column for the field: the upsert key's fields when the role only updates. */
export const requiredIn = (f: ImportField, onlyUpdates: boolean, keyFields: string[]) => !f.child && (onlyUpdates ? keyFields.includes(f.field.name) : f.required);

/** Required fields no column fills. */
export function missingFields(res: ResourceSpec, columns: Column[], onlyUpdates: boolean, keyFields: string[]): ImportField[] {
  const filled = new Set(columns.flatMap((c) => (c.target?.kind === 'field' ? [c.target.field.key] : [])));
  return importFields(res).filter((f) => requiredIn(f, onlyUpdates, keyFields) && !filled.has(f.key));
}
