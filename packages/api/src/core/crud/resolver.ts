import { Arg, Args, Ctx, Field, FieldResolver, ID, Info, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import type { Context } from '../context';
import type { ResourceSpec } from '../resource/spec';
import { childrenOf, targetResource } from '../resource/registry';
import { gqlNames } from '../names';
import { buildCreateArgs, buildFilterInput, buildPatchInput, buildUpdateArgs } from './input-types';
import { checkId, checkPage, orderBy } from './where';
import { createRecord, findForWrite, findInScope, findManyForWrite, flushFor, updateRecord, viewerOf } from './mutations';
import { notFound } from '../errors';
import { assertCan } from '../access/policy';
import { guardFields } from '../access/field-guard';
import { bulkWrite, rowError } from '../bulk/run';

export const MAX_PAGE_SIZE = 1000;

@ObjectType('ListMetadata', { description: '列表统计' })
export class ListMetadata {
  @Field(() => Int, { description: '总数' })
  count!: number;
}

type QueryResolve = (root: unknown, args: Record<string, any>, ctx: Context, info: GraphQLResolveInfo) => unknown;
/** The list and count queries, by field name, called with GraphQL's argument values as they are. */
const plainArgResolvers = new Map<string, QueryResolve>();

/**
 * Puts the list and count resolvers on the built schema in place of type-graphql's, which copy
 * every filter into instances of its input classes on every request (about 5 % of a list page's
 * Node time); nothing reads them as instances.
 */
export function withPlainListArgs(schema: GraphQLSchema): GraphQLSchema {
  const fields = schema.getQueryType()?.getFields() ?? {};
  for (const [name, resolve] of plainArgResolvers) if (fields[name]) fields[name].resolve = resolve as never;
  return schema;
}

type Decorate = (proto: object, method: string, descriptor: PropertyDescriptor) => void;
type Param = (proto: object, method: string, index: number) => void;

/** Applies type-graphql method and parameter decorators to a method of a generated class. */
export function decorate(cls: Function, method: string, methodDecorator: Decorate, params: Param[]): void {
  const proto = cls.prototype;
  params.forEach((p, i) => p(proto, method, i));
  methodDecorator(proto, method, Object.getOwnPropertyDescriptor(proto, method)!);
}

/**
 * The CRUD resolver of one resource in ra-data-graphql-simple's dialect, derived from its spec:
 * list, count, one, create, update, delete, bulk delete and bulk update, and the nested
 * references and child lists (batched by the request's loaders).
 */
export function buildCrudResolver(res: ResourceSpec): Function {
  const n = gqlNames(res.name);
  const Entity = res.entity;
  const Filter = buildFilterInput(res, n);
  const CreateArgs = res.operations.create ? buildCreateArgs(res, n) : undefined;
  const UpdateArgs = res.operations.update ? buildUpdateArgs(res, n) : undefined;
  const Patch = res.operations.update ? buildPatchInput(res, n) : undefined;

  guardFields(res);
  const reader = (ctx: Context) => {
    const viewer = viewerOf(ctx);
    assertCan(viewer, res, 'read');
    return viewer;
  };

  class CrudResolver {
    async list(page: number | null, perPage: number | null, sortField: string | null, sortOrder: string | null, filter: Record<string, unknown> | null, ctx: Context, info: GraphQLResolveInfo) {
      // Without perPage (react-admin's getMany sends only ids) a list answers up to the maximum.
      const size = checkPage(page, perPage, MAX_PAGE_SIZE);
      const viewer = reader(ctx);
      const query = ctx.data.listQuery(res, { limit: size, offset: (page ?? 0) * size, sortField, sortOrder, filter });
      // A query (not a mutation's answer) is compiled to one statement; a selection with computed fields goes through the ORM.
      const compiled = info.operation.operation === 'query' ? await ctx.data.list(query, info, { field: n.meta, filter }) : undefined;
      if (compiled) return compiled;
      return ctx.scoped.list(res, filter, { orderBy: orderBy(res, sortField, sortOrder, viewer) as never, limit: size, offset: (page ?? 0) * size });
    }

    // ra-data-graphql-simple sends the list's paging arguments to the count query too.
    async meta(_page: number | null, _perPage: number | null, _sortField: string | null, _sortOrder: string | null, filter: Record<string, unknown> | null, ctx: Context) {
      reader(ctx);
      return { count: await ctx.data.count(res, filter) };
    }

    async one(id: string, ctx: Context, info: GraphQLResolveInfo) {
      reader(ctx);
      checkId(id, 'id');
      const compiled = info.operation.operation === 'query' ? await ctx.data.one(res, id, info) : undefined;
      if (compiled === null) throw notFound(res.name, id);
      return compiled ?? findInScope(ctx, res, id);
    }

    async create(args: Record<string, unknown>, ctx: Context) {
      return createRecord(ctx, res, { ...args });
    }

    async update(args: Record<string, any>, ctx: Context) {
      const { id, version, ...changes } = args;
      return updateRecord(ctx, res, id, version, changes);
    }

    async remove(id: string, ctx: Context) {
      const entity = await findForWrite(ctx, res, id, 'delete');
      ctx.em.remove(entity);
      await flushFor(ctx, res, 'delete');
      return entity;
    }

    async removeMany(ids: string[], ctx: Context) {
      const rows = await findManyForWrite(ctx, res, ids, 'delete');
      rows.forEach((r) => ctx.em.remove(r));
      await flushFor(ctx, res, 'delete');
      return ids;
    }

    // The admin's bulk edit is a bulk write of the same change to every row: all or nothing.
    async updateMany(ids: string[], data: Record<string, unknown>, ctx: Context) {
      assertCan(viewerOf(ctx), res, 'update');
      const outcome = await bulkWrite(ctx, res, ids.map((id) => ({ ...data, id })), { op: 'update', mode: 'ALL_OR_NOTHING' });
      const failed = outcome.rows.find((r) => r.status === 'ERROR');
      if (failed) throw rowError(failed);
      return ids;
    }
  }

  const P = CrudResolver.prototype as any;
  // The list's and the count's arguments, in the order of their methods' parameters: type-graphql
  // passes them so, and so does the plain resolver (withPlainListArgs) below.
  const listArg = (...[name, type, options]: Parameters<typeof Arg>) => [name, () => Arg(name, type, options)] as const;
  const listParams = [
    listArg('page', () => Int, { nullable: true, description: '页码，从0开始' }),
    listArg('perPage', () => Int, { nullable: true, description: `每页条数，最多${MAX_PAGE_SIZE}（缺省即为最多）` }),
    listArg('sortField', () => String, { nullable: true, description: '排序字段' }),
    listArg('sortOrder', () => String, { nullable: true, description: 'ASC 或 DESC' }),
    listArg('filter', () => Filter, { nullable: true }),
  ];
  const listArgs = () => [...listParams.map(([, arg]) => arg()), Ctx(), Info()];
  decorate(CrudResolver, 'list', Query(() => [Entity], { name: n.list, description: `${res.label}列表` }), listArgs());
  decorate(CrudResolver, 'meta', Query(() => ListMetadata, { name: n.meta, description: `${res.label}总数（分页参数被忽略）` }), listArgs());
  const withArgs = (method: 'list' | 'meta'): QueryResolve => (_root, a, ctx, info) => P[method](...listParams.map(([name]) => a[name] ?? null), ctx, info);
  plainArgResolvers.set(n.list, withArgs('list'));
  plainArgResolvers.set(n.meta, withArgs('meta'));
  decorate(CrudResolver, 'one', Query(() => Entity, { name: n.one, description: `一条${res.label}` }), [Arg('id', () => ID), Ctx(), Info()]);
  if (res.operations.create) {
    decorate(CrudResolver, 'create', Mutation(() => Entity, { name: n.create, description: `新建${res.label}` }), [Args(() => CreateArgs!), Ctx()]);
  }
  if (res.operations.update) {
    decorate(CrudResolver, 'update', Mutation(() => Entity, { name: n.update, description: `修改${res.label}` }), [Args(() => UpdateArgs!), Ctx()]);
    decorate(CrudResolver, 'updateMany', Mutation(() => [ID], { name: n.updateMany, description: `批量修改${res.label}` }), [
      Arg('ids', () => [ID]),
      Arg('data', () => Patch!),
      Ctx(),
    ]);
  }
  if (res.operations.delete) {
    decorate(CrudResolver, 'remove', Mutation(() => Entity, { name: n.delete, description: `删除${res.label}` }), [Arg('id', () => ID), Ctx()]);
    decorate(CrudResolver, 'removeMany', Mutation(() => [ID], { name: n.deleteMany, description: `批量删除${res.label}` }), [
      Arg('ids', () => [ID]),
      Ctx(),
    ]);
  }

  // Nested objects behind reference ids, and child lists, one batched query per level.
  for (const f of res.fields.filter((x) => x.kind === 'ref')) {
    const method = `ref_${f.name}`;
    P[method] = function (root: Record<string, any>, ctx: Context) {
      const id = root[f.name]?.id;
      return id ? ctx.loaders.one(targetResource(f), id) : null;
    };
    decorate(CrudResolver, method, FieldResolver(() => f.target!(), { name: f.name, nullable: true, description: f.label }), [Root(), Ctx()]);
  }
  for (const f of res.fields.filter((x) => x.kind === 'refList')) {
    const objects = `refList_${f.name}`;
    const ids = `refListIds_${f.name}`;
    P[objects] = (root: Record<string, any>, ctx: Context) => ctx.loaders.refList(res, f, root.id);
    P[ids] = async (root: Record<string, any>, ctx: Context) => ((await ctx.loaders.refList(res, f, root.id)) as any[]).map((r) => r.id);
    decorate(CrudResolver, objects, FieldResolver(() => [f.target!()], { name: f.name, description: f.label }), [Root(), Ctx()]);
    // Labelled as the list itself: the admin shows this label on the input (not "…编号").
    decorate(CrudResolver, ids, FieldResolver(() => [ID], { name: f.gqlName, description: f.label }), [Root(), Ctx()]);
  }
  for (const c of childrenOf(res)) {
    const method = `children_${c.name}`;
    P[method] = function (root: Record<string, any>, ctx: Context) {
      return ctx.loaders.children(res, c, root.id);
    };
    decorate(CrudResolver, method, FieldResolver(() => [c.target()], { name: c.name, description: c.label }), [Root(), Ctx()]);
  }

  Object.defineProperty(CrudResolver, 'name', { value: `${res.name}CrudResolver` });
  Resolver(() => Entity)(CrudResolver);
  return CrudResolver;
}

