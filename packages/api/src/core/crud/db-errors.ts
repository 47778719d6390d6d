import { UnderscoreNamingStrategy } from '@mikro-orm/core';
import type { GraphQLError } from 'graphql';
import type { ResourceSpec } from '../resource/spec';
import { badField, conflict, timedOut } from '../errors';

const naming = new UnderscoreNamingStrategy();

/**
 * Database refusals turned into client errors naming the field; the SQL and the values stay in
 * the server log. Anything not recognised is rethrown (and masked by the error formatter).
 */
export function mapDbError(res: ResourceSpec, err: unknown, action: 'write' | 'delete'): GraphQLError | unknown {
  const message = err instanceof Error ? err.message : '';
  const column = (pattern: RegExp) => pattern.exec(message)?.[1] ?? '';
  // PostgreSQL's SQLSTATE codes (MikroORM converts only some of them to typed exceptions).
  const code = (err as { code?: string } | null)?.code;
  // Two writers changed the same row at once: the later one is told, as for a stale version.
  if ((err as { name?: string } | null)?.name === 'OptimisticLockError') {
    return conflict(`${res.label}已被他人同时修改，请刷新后重试`, { rule: 'STALE_VERSION', field: 'version' });
  }
  const timing = timingRefusal(err);
  if (timing) return timing;
  if (code === '23505') {
    const constraint = column(/unique constraint "([^"]+)"/);
    // A key of several fields (a child, kind and day) is named as a whole, not by its first column.
    const key = naturalKeyOfConstraint(res, constraint);
    if (key) return conflict(`已有${key.label}相同的${res.label}，不能重复`, { field: key.field?.gqlName, rule: 'UNIQUE', key: key.name });
    const field = fieldOfConstraint(res, constraint);
    return conflict(`${field?.label ?? res.label}已存在，不能重复`, { field: field?.gqlName, rule: 'UNIQUE' });
  }
  if (code === '23503' || code === '23001') {
    if (action === 'delete') {
      return conflict(`仍有其他记录引用此${res.label}，请先处理这些记录`, { rule: 'STILL_REFERENCED' });
    }
    const field = fieldOfConstraint(res, column(/foreign key constraint "([^"]+)"/));
    return badField(field?.gqlName ?? 'id', `${field?.label ?? ''}引用的记录不存在`, 'REFERENCE_NOT_FOUND');
  }
  if (code === '23502') {
    const field = fieldOfColumn(res, column(/column "([^"]+)"/));
    return badField(field?.gqlName ?? 'id', `${field?.label ?? ''}不能为空`, 'REQUIRED');
  }
  if (code === '23514') {
    const field = fieldOfConstraint(res, column(/check constraint "([^"]+)"/));
    return badField(field?.gqlName ?? 'id', `${field?.label ?? ''}的取值无效`, 'CHECK');
  }
  return err;
}

const RETRYABLE: Record<string, string> = {
  '40P01': 'DEADLOCK',
  '40001': 'SERIALIZATION_FAILURE',
  '55P03': 'LOCK_TIMEOUT',
};

/**
 * Refusals that are about timing, not about the request's data, and that no write path maps:
 * - a write that lost a race for a lock (a deadlock PostgreSQL broke, a serialization failure, a
 *   lock wait that timed out): nothing was written and the same request may be sent again, so
 *   it is a CONFLICT that says so;
 * - a statement that ran past DB_STATEMENT_TIMEOUT_MS: TIMEOUT (narrow the query).
 * Never an internal error.
 */
export function timingRefusal(err: unknown): GraphQLError | null {
  const code = (err as { code?: string } | null)?.code ?? '';
  if (code === '57014') return timedOut('查询超时，已取消；请缩小范围（筛选、分页）后重试');
  const rule = RETRYABLE[code];
  return rule ? conflict('与其他同时进行的修改冲突，未写入任何数据，请重试', { rule, retryable: true }) : null;
}

/** The field whose column the constraint is named after (skipping the tenant column). */
function fieldOfConstraint(res: ResourceSpec, constraint: string) {
  return [...res.fields]
    .filter((f) => f.name !== 'bureau')
    .sort((a, b) => columnOf(b).length - columnOf(a).length)
    .find((f) => constraint.includes(`_${columnOf(f)}_`));
}

/** The resource's natural key of several fields whose unique constraint this is (MikroORM names it `<table>_<columns>_unique`), with its last field. */
export function naturalKeyOfConstraint(res: ResourceSpec, constraint: string) {
  for (const [name, key] of Object.entries(res.naturalKeys)) {
    const fields = key.fields.map((k) => res.fields.find((f) => f.name === k));
    if (fields.length < 2 || fields.some((f) => !f)) continue;
    if (constraint.endsWith(`_${fields.map((f) => columnOf(f!)).join('_')}_unique`)) return { name, label: key.label, field: fields.at(-1) };
  }
  return undefined;
}

function fieldOfColumn(res: ResourceSpec, col: string) {
  return res.fields.find((f) => columnOf(f) === col);
}

function columnOf(f: { name: string; kind: string }): string {
  const base = naming.propertyToColumnName(f.name);
  return f.kind === 'ref' ? `${base}_id` : base;
}
