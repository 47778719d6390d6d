import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Resolver, registerEnumType } from 'type-graphql';
import type { Context } from '../context';
import type { ResourceSpec } from '../resource/spec';
import { defineEnum } from '../resource/enums';
import { gqlNames } from '../names';
import { declareField, inputTypeOf, namedClass } from '../crud/gql-types';
import { nestedChildren, nestedInput } from '../crud/nested';
import { decorate } from '../crud/resolver';
import { viewerOf } from '../crud/mutations';
import { bulkWrite, MAX_BULK_ROWS, type BulkMode as Mode, type BulkOp } from './run';
import { checkKey, claimKey, remember, replayOf, requestHash } from './idempotency';

export const BulkMode = defineEnum('BulkMode', '批量写入方式', {
  ALL_OR_NOTHING: '全部成功才写入（任一行出错则都不写）',
  VALID_ONLY: '只写入无误的行，出错的行逐行报告',
});

export const BulkRowStatus = defineEnum('BulkRowStatus', '单行结果', {
  CREATED: '已新建',
  UPDATED: '已更新',
  UNCHANGED: '无变化',
  ERROR: '出错（未写入）',
  NOT_WRITTEN: '无误但未写入（同批其他行出错，或为试运行）',
});

@ObjectType('BulkProblem', { description: '一行中的一处问题' })
class BulkProblem {
  @Field(() => String, { description: '字段（嵌套时如 guardians.0.phone）' }) field!: string;
  @Field(() => String, { description: '规则编号' }) rule!: string;
  @Field(() => String) message!: string;
}

@ObjectType('BulkRowResult', { description: '一行的结果（与提交的行按 index 对应）' })
class BulkRowResult {
  @Field(() => Int, { description: '行号，从0开始' }) index!: number;
  @Field(() => BulkRowStatus) status!: string;
  @Field(() => ID, { nullable: true, description: '写入或匹配到的记录' }) id?: string;
  @Field(() => Int, { nullable: true, description: '写入后的版本' }) version?: number;
  @Field(() => String, { nullable: true, description: '错误代码（BAD_USER_INPUT、CONFLICT、FORBIDDEN、NOT_FOUND）' }) code?: string;
  @Field(() => String, { nullable: true, description: '出错的字段' }) field?: string;
  @Field(() => String, { nullable: true, description: '规则编号' }) rule?: string;
  @Field(() => String, { nullable: true }) message?: string;
  @Field(() => [BulkProblem], { nullable: true, description: '该行的全部问题' }) problems?: BulkProblem[];
}

@ObjectType('BulkResult', { description: '批量写入的结果' })
class BulkResult {
  @Field(() => Boolean, { description: '是否已提交写入' }) committed!: boolean;
  @Field(() => Boolean, { description: '试运行（只检查不写入）' }) dryRun!: boolean;
  @Field(() => Boolean, { description: '同一幂等键的重复请求：返回首次的结果，未再次写入' }) replayed!: boolean;
  @Field(() => Int) total!: number;
  @Field(() => Int) created!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => Int) failed!: number;
  @Field(() => [BulkRowResult], { description: '每行结果（onlyErrors 时只有出错的行）' }) rows!: BulkRowResult[];
}

function rowInput(res: ResourceSpec, update: boolean): Function {
  const name = update ? `${res.name}UpdateInput` : `${res.name}Input`;
  const cls = namedClass(name);
  if (update) {
    declareField(cls, 'id', () => ID, { description: '编号' });
    declareField(cls, 'version', () => Int, { description: '编辑时看到的版本；已被他人修改时该行出错（STALE_VERSION）' });
  }
  for (const f of res.fields.filter((x) => x.writable)) {
    const required = !update && !f.nullable && !f.defaultValue;
    declareField(cls, f.gqlName, () => inputTypeOf(f), { nullable: !required, description: f.label });
  }
  for (const c of nestedChildren(res)) {
    const Child = nestedInput(res, c);
    declareField(cls, c.name, () => [Child], { nullable: true, description: `${c.label}（给出时逐条新建或更新，未列出的不删除）` });
  }
  InputType(name, { description: `${res.label}（批量写入的一行）` })(cls);
  return cls;
}

/**
 * createManyXs, upsertManyXs (resources with natural keys) and updateManyXs of one resource:
 * one transaction, per-row outcomes, ALL_OR_NOTHING or VALID_ONLY, dry run, idempotency key.
 */
export function buildBulkResolver(res: ResourceSpec): Function | null {
  const n = gqlNames(res.name);
  const ops: BulkOp[] = [];
  if (res.operations.create) ops.push('create');
  if (res.operations.create && res.operations.update && Object.keys(res.naturalKeys).length) ops.push('upsert');
  if (res.operations.update) ops.push('update');
  if (!ops.length) return null;
  const Input = res.operations.create ? rowInput(res, false) : undefined;
  const UpdateInput = res.operations.update ? rowInput(res, true) : undefined;
  const keyNames = Object.keys(res.naturalKeys);
  const KeyEnum = keyNames.length ? Object.fromEntries(keyNames.map((k) => [k, k])) : undefined;
  if (KeyEnum) {
    registerEnumType(KeyEnum, {
      name: `${res.name}UpsertKey`,
      description: `${res.label}的唯一标识（upsert 按此匹配已有记录）`,
      valuesConfig: Object.fromEntries(keyNames.map((k) => [k, { description: res.naturalKeys[k].label }])) as never,
    });
  }

  class BulkResolver {}
  const P = BulkResolver.prototype as any;
  const common = () => [
    Arg('mode', () => BulkMode, { defaultValue: 'ALL_OR_NOTHING', description: '出错时：ALL_OR_NOTHING 全部不写；VALID_ONLY 写入无误的行' }),
    Arg('dryRun', () => Boolean, { defaultValue: false, description: '只检查、报告每行结果，不写入' }),
    Arg('idempotencyKey', () => String, { nullable: true, description: '幂等键：同一键的重复请求返回首次结果而不重复写入' }),
    Arg('onlyErrors', () => Boolean, { defaultValue: false, description: '结果只列出错的行（计数不变）' }),
    Ctx(),
  ];
  const run = async (op: BulkOp, operation: string, data: Record<string, unknown>[], key: string | undefined, mode: Mode, dryRun: boolean, idempotencyKey: string | null, onlyErrors: boolean, ctx: Context) => {
    const viewer = viewerOf(ctx);
    // Hashing 100,000 rows is not free: only a request with a key needs it.
    const idem = idempotencyKey && !dryRun ? { key: checkKey(idempotencyKey), hash: requestHash(operation, { data, key, mode }) } : null;
    const outcome = await bulkWrite(ctx, res, data, {
      op, mode, key, dryRun,
      claim: idem ? async () => {
        const earlier = await claimKey(ctx.em, viewer, idem.key);
        return earlier && replayOf(earlier, viewer, operation, idem.hash);
      } : undefined,
      beforeCommit: idem ? (o) => remember(ctx.em, viewer, idem.key, operation, idem.hash, o) : undefined,
    });
    return onlyErrors ? { ...outcome, rows: outcome.rows.filter((r) => r.status === 'ERROR') } : outcome;
  };
  const dataArg = (type: Function) => Arg('data', () => [type], { description: `要写入的行（最多 ${MAX_BULK_ROWS} 行）` });

  if (Input) {
    const name = `createMany${n.plural}`;
    P.createMany = (data: any[], mode: Mode, dryRun: boolean, key: string | null, onlyErrors: boolean, ctx: Context) => run('create', name, data, undefined, mode, dryRun, key, onlyErrors, ctx);
    decorate(BulkResolver, 'createMany', Mutation(() => BulkResult, { name, description: `批量新建${res.label}（一个事务，逐行报告）` }), [dataArg(Input), ...common()]);
  }
  if (Input && KeyEnum && ops.includes('upsert')) {
    const name = `upsertMany${n.plural}`;
    P.upsertMany = (data: any[], key: string, mode: Mode, dryRun: boolean, idem: string | null, onlyErrors: boolean, ctx: Context) => run('upsert', name, data, key, mode, dryRun, idem, onlyErrors, ctx);
    decorate(BulkResolver, 'upsertMany', Mutation(() => BulkResult, { name, description: `按唯一标识批量新建或更新${res.label}` }), [
      dataArg(Input),
      Arg('key', () => KeyEnum, { defaultValue: keyNames[0], description: `匹配已有记录的唯一标识（缺省 ${keyNames[0]}）` }),
      ...common(),
    ]);
  }
  if (UpdateInput) {
    const name = `updateMany${n.plural}`;
    P.updateMany = (data: any[], mode: Mode, dryRun: boolean, key: string | null, onlyErrors: boolean, ctx: Context) => run('update', name, data, undefined, mode, dryRun, key, onlyErrors, ctx);
    decorate(BulkResolver, 'updateMany', Mutation(() => BulkResult, { name, description: `按编号逐行修改${res.label}（每行可带版本号）` }), [dataArg(UpdateInput), ...common()]);
  }
  Object.defineProperty(BulkResolver, 'name', { value: `${res.name}BulkResolver` });
  Resolver()(BulkResolver);
  return BulkResolver;
}
