import { GraphQLError } from 'graphql';
import { InputType } from 'type-graphql';
import type { Context } from '../context';
import type { ChildrenSpec, ResourceSpec } from '../resource/spec';
import { childrenOf, targetResource } from '../resource/registry';
import { assertCan } from '../access/policy';
import { badInput, type FieldProblem } from '../errors';
import { declareField, inputTypeOf, namedClass } from './gql-types';
import { applyInput } from './write';

type Input = Record<string, unknown>;
type Row = Record<string, any>;

/** Child lists written with their parent (a student's guardians): in bulk writes, imports and the create mutation. */
export function nestedChildren(res: ResourceSpec): ChildrenSpec[] {
  return childrenOf(res).filter((c) => c.nested);
}

const nestedInputs = new Map<string, Function>();

/** A child's input without the reference back to its parent (a guardian without studentId); one per pair, shared. */
export function nestedInput(parent: ResourceSpec, c: ChildrenSpec): Function {
  const childRes = targetResource(c);
  const name = `${parent.name}${childRes.name}Input`;
  let cls = nestedInputs.get(name);
  if (cls) return cls;
  cls = namedClass(name);
  for (const f of childRes.fields.filter((x) => x.writable && x.name !== c.inverse)) {
    declareField(cls, f.gqlName, () => inputTypeOf(f), { nullable: f.nullable || !!f.defaultValue, description: f.label });
  }
  InputType(name, { description: `${parent.label}的${c.label}（随${parent.label}一并写入，按${childRes.label}的唯一标识匹配已有记录）` })(cls);
  nestedInputs.set(name, cls);
  return cls;
}

/** A child's refusal as its parent's, the field named by its place (`guardians.1.phone`). */
export function prefixedError(err: unknown, prefix: string): unknown {
  if (!(err instanceof GraphQLError)) return err;
  const x = err.extensions as Record<string, any>;
  const problems = (x.problems as FieldProblem[] | undefined)?.map((p) => ({ ...p, field: prefix + p.field }));
  return new GraphQLError(err.message, { extensions: { ...x, field: x.field ? prefix + String(x.field) : undefined, problems } });
}

/** Takes the nested child lists out of a create input: the parent's own input and the lists given. */
export function splitNested(res: ResourceSpec, input: Input): { own: Input; lists: Array<[ChildrenSpec, Input[]]> } {
  const own = { ...input };
  const lists: Array<[ChildrenSpec, Input[]]> = [];
  for (const c of nestedChildren(res)) {
    if (Array.isArray(own[c.name])) lists.push([c, own[c.name] as Input[]]);
    delete own[c.name];
  }
  return { own, lists };
}

function problemsOf(err: unknown): FieldProblem[] {
  const x = err instanceof GraphQLError ? (err.extensions as Record<string, any>) : undefined;
  if (x?.code !== 'BAD_USER_INPUT') throw err;
  return (x.problems as FieldProblem[] | undefined) ?? [{ field: String(x.field ?? ''), rule: String(x.rule ?? ''), message: (err as GraphQLError).message }];
}

/**
 * A new record and its new children, checked together: every field problem of the parent and
 * of each child is listed in one BAD_USER_INPUT (a form shows them all at once); nothing is
 * persisted here, so a refusal leaves nothing half-written.
 */
export async function applyNewWithChildren(ctx: Context, res: ResourceSpec, entity: Row, input: Input, viewer: NonNullable<Context['viewer']>) {
  const { own, lists } = splitNested(res, input);
  const problems: FieldProblem[] = [];
  try {
    await applyInput(ctx.em, res, entity, own, 'create', viewer);
  } catch (err) {
    problems.push(...problemsOf(err));
  }
  // The children's reference back names the parent, not yet written: answered from here.
  const parent = { get: (target: ResourceSpec, id: string) => (target === res && id === entity.id ? entity : undefined) };
  const children: Array<{ res: ResourceSpec; row: Row }> = [];
  for (const [c, list] of lists) {
    const childRes = targetResource(c);
    if (list.length) assertCan(viewer, childRes, 'create');
    const inverse = childRes.fields.find((f) => f.name === c.inverse)!;
    for (const [i, childInput] of list.entries()) {
      const row = ctx.em.create(childRes.entity, {} as never, { persist: false }) as Row;
      try {
        await applyInput(ctx.em, childRes, row, { ...childInput, [inverse.gqlName]: entity.id }, 'create', viewer, parent);
        children.push({ res: childRes, row });
      } catch (err) {
        problems.push(...problemsOf(prefixedError(err, `${c.name}.${i}.`)));
      }
    }
  }
  if (problems.length) throw badInput(problems);
  return children;
}
