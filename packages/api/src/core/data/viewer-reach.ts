import type { MetadataStorage } from '@mikro-orm/core';
import type { Viewer } from '../context';
import { accessPolicy } from '../access/policy';
import { resourceNamed } from '../resource/registry';
import { kindOf, REACH_KINDS, type GrantSql, type ReachPlaces, type ReachUser, type ResolvedReach } from './reach';
import { columnOf, ident, tableOf } from './tables';

// What code outside the gateway asks of a viewer's reach; the kinds themselves stay in reach.ts.

/**
 * A user's schools and students as SQL over the user's row, for each role the kind of its reach
 * (a CASE on the role column): read with the user, so building the viewer is one statement.
 */
export function reachOfUserSql(meta: MetadataStorage, role: string, user: ReachUser): ResolvedReach {
  const grants = grantSql(meta);
  const byRole = Object.entries(accessPolicy().reach).map(([name, kind]) => [`'${name.replaceAll("'", "''")}'`, REACH_KINDS[kind].resolve(user, grants)] as const);
  const pick = (key: keyof ResolvedReach) => `case ${role} ${byRole.map(([name, r]) => `when ${name} then ${r[key]}`).join(' ')} else '{}'::uuid[] end`;
  return { schoolIds: pick('schoolIds'), studentIds: pick('studentIds'), grantedStudentIds: pick('grantedStudentIds') };
}

/** An enum value fixed in the policy, as a SQL literal (anything but an enum code is a programming error). */
function enumLiteral(value: string): string {
  if (!/^[A-Z_]+$/.test(value)) throw new Error(`grant: not an enum value: ${value}`);
  return `'${value}'`;
}

/** The policy's grants as SQL: the students their rows name, by the rows' school or staff member. */
function grantSql(meta: MetadataStorage): GrantSql {
  const grants = (accessPolicy().grants ?? []).map((g) => {
    const res = resourceNamed(g.resource);
    if (!res) throw new Error(`grant: no resource ${g.resource}`);
    const column = (field: string) => `g.${ident(columnOf(meta, res, field))}`;
    const holds = Object.entries(g.while ?? {}).map(([field, values]) => ` and ${column(field)} in (${values.map(enumLiteral).join(', ')})`).join('');
    return { from: `${ident(tableOf(meta, res).name)} g`, student: column(g.student), school: column(g.school), staff: g.staff && column(g.staff), holds };
  });
  const union = (selects: string[]) => (selects.length ? `array(${selects.join(' union ')})` : `'{}'::uuid[]`);
  return {
    bySchools: (schoolIds) => union(grants.map((g) => `select ${g.student} from ${g.from} where ${g.school} = any(${schoolIds})${g.holds}`)),
    byStaff: (staffId) => union(grants.filter((g) => g.staff).map((g) => `select ${g.student} from ${g.from} where ${g.staff} = ${staffId}${g.holds}`)),
  };
}

/** The schools and students a report's places are bounded by (null: the whole bureau). */
export function reachPlaces(viewer: Viewer): ReachPlaces {
  return kindOf(viewer.role).places(viewer);
}

/** The values of `me.scope`, one per kind, with their descriptions. */
export const SCOPE_LABELS: Record<string, string> = Object.fromEntries(Object.values(REACH_KINDS).map((k) => [k.scope.name, k.scope.label]));

/** What `me.scope` answers for a role. */
export function scopeNameOf(role: string): string {
  return kindOf(role).scope.name;
}
