import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { Int } from 'type-graphql';
import type { GqlNames } from '../names';
import type { ResourceSpec } from '../resource/spec';
import { comparisonOperators, declareField, inputTypeOf, namedClass } from './gql-types';
import { nestedChildren, nestedInput } from './nested';
import { CONFIRM_DUPLICATE, POSSIBLE_DUPLICATE } from './possible-duplicate';

/** `XFilter`: q, ids, equality per field, `field_op` comparisons, any-of for enum lists. */
export function buildFilterInput(res: ResourceSpec, names: GqlNames) {
  const cls = namedClass(names.filterInput);
  const add = (name: string, type: () => unknown, description: string) =>
    Field(type as never, { nullable: true, description })(cls.prototype, name);
  add('q', () => String, searchLabel(res, res.search));
  add('ids', () => [ID], '编号列表');
  for (const f of res.fields) {
    if (f.kind === 'secret') continue;
    if (f.kind === 'json') {
      if (f.jsonMembers) add(f.gqlName, () => [f.jsonMembers!.enumObject], `${f.label}（包含任一）`);
      continue;
    }
    const type = inputTypeOf(f);
    add(f.gqlName, () => type, f.kind === 'enumList' ? `${f.label}（包含任一）` : f.label);
    for (const op of comparisonOperators(f)) {
      add(`${f.gqlName}_${op}`, op === 'in' ? () => [type] : () => type, `${f.label} ${OPERATOR_LABELS[op]}`);
    }
  }
  InputType(names.filterInput, { description: `${res.label}筛选条件` })(cls);
  return cls;
}

const OPERATOR_LABELS: Record<string, string> = { neq: '不等于', lt: '小于', lte: '不大于', gt: '大于', gte: '不小于', in: '属于' };

/** `关键词（搜索姓名、全国学籍号）`: what a search over `paths` looks in. */
export function searchLabel(res: ResourceSpec, paths: string[]): string {
  return '关键词（搜索' + paths.map((s) => labelOf(res, s)).join('、') + '）';
}

function labelOf(res: ResourceSpec, path: string): string {
  const [head] = path.split('.');
  return res.fields.find((f) => f.name === head)?.label ?? path;
}

/**
 * `createX` arguments: every writable field, flat, required when the column is and has no
 * default; the nested child lists (a student's guardians); the confirmation of a possible duplicate.
 */
export function buildCreateArgs(res: ResourceSpec, names: GqlNames) {
  const cls = namedClass(names.createArgs);
  for (const f of res.fields.filter((x) => x.writable)) {
    const required = !f.nullable && !f.defaultValue;
    Field(() => inputTypeOf(f) as never, { nullable: !required, description: f.label })(cls.prototype, f.gqlName);
  }
  for (const c of nestedChildren(res)) {
    const Child = nestedInput(res, c);
    declareField(cls, c.name, () => [Child], { nullable: true, description: `${c.label}（随${res.label}一并新建）` });
  }
  if (res.possibleDuplicate) {
    const description = `确认新建：即使${res.possibleDuplicate.label}，仍新建（否则以 CONFLICT / ${POSSIBLE_DUPLICATE} 拒绝）`;
    declareField(cls, CONFIRM_DUPLICATE, () => Boolean, { nullable: true, description });
  }
  ArgsType()(cls);
  return cls;
}

/** `updateX` arguments: id, the version the editor saw, and any writable field to change. */
export function buildUpdateArgs(res: ResourceSpec, names: GqlNames) {
  const cls = namedClass(names.updateArgs);
  Field(() => ID, { description: '编号' })(cls.prototype, 'id');
  // Required: an update without the version it was based on would overwrite others' changes unseen.
  Field(() => Int, { description: '编辑时看到的版本；已被他人修改时拒绝保存' })(cls.prototype, 'version');
  for (const f of res.fields.filter((x) => x.writable)) {
    Field(() => inputTypeOf(f) as never, { nullable: true, description: f.label })(cls.prototype, f.gqlName);
  }
  ArgsType()(cls);
  return cls;
}

/** `XPatch`: the same changes for `updateXs(ids, data)`, the admin's bulk update. */
export function buildPatchInput(res: ResourceSpec, names: GqlNames) {
  const cls = namedClass(names.patchInput);
  for (const f of res.fields.filter((x) => x.writable)) {
    Field(() => inputTypeOf(f) as never, { nullable: true, description: f.label })(cls.prototype, f.gqlName);
  }
  InputType(names.patchInput, { description: `${res.label}批量修改` })(cls);
  return cls;
}
