import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../core/context';
import type { FieldSpec, ResourceSpec } from '../core/resource/spec';
import { targetResource } from '../core/resource/registry';
import { ScopedOrm } from '../core/data/scoped-orm';
import { fullForEveryRow } from '../core/access/policy';
import { UUID } from '../core/crud/where';
import { isKeyField, lookupFields } from './lookup-fields';

/** A referenced record as the import compares it: id, scalar values, references by id. */
export type Plain = Record<string, unknown> & { id: string };

/** How a cell named a record: by key (code) beats by name. */
interface Hit {
  row: Plain;
  byKey: boolean;
}

/** Below this many rows a target is read whole once (schools, classes, villages, staff). */
const PRELOAD_LIMIT = 10_000;
/** Values remembered per large target before the memory is dropped. */
const CACHE_LIMIT = 50_000;

export const normValue = (v: string) => v.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

function plainOf(target: ResourceSpec, e: Record<string, any>): Plain {
  const out: Plain = { id: e.id };
  for (const f of target.fields) {
    if (f.kind === 'ref') out[f.name] = e[f.name]?.id ?? null;
    else if (f.kind !== 'refList' && f.kind !== 'secret' && f.kind !== 'json') out[f.name] = e[f.name] ?? null;
  }
  return out;
}

/** What a row already knows when it looks a reference up: the other references it resolved, hints. */
export interface LookupContext {
  /** Resolved references of the row by field name (school → its id). */
  resolved: Map<string, string>;
  /** Values of hint columns for this reference, by target field name (schoolYear → 2024-2025). */
  hints: Map<string, string>;
}

export type LookupResult =
  | { id: string }
  | { problem: { code: string; rule: string; message: string } };

/**
 * Finds referenced records by code or name within the viewer's reach, a chunk of rows at a time:
 * small targets are read whole once, large ones (students) by the values of each chunk. Scope
 * first, then look up: a record out of reach is never seen, so naming one answers exactly as
 * naming none (找不到…), hint columns narrow only among reachable records, and counts of
 * records sharing a name (对应2条记录) count those only. Records are found only by fields the
 * viewer reads in full, as filters are (a masked 身份证号 is no key).
 */
export class RefResolver {
  private readonly hits = new Map<string, Map<string, Hit[]>>();
  private readonly complete = new Set<string>();
  private readonly sizes = new Map<string, number>();
  private readonly scoped: ScopedOrm;

  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
  ) {
    // What an import may write to: a child only a dropout case lets the school read is not matched.
    this.scoped = new ScopedOrm(em, viewer).writing();
  }

  private index(target: ResourceSpec): Map<string, Hit[]> {
    let map = this.hits.get(target.name);
    if (!map) this.hits.set(target.name, (map = new Map()));
    return map;
  }

  /** The fields a cell may name a record by: the lookup fields this viewer reads in full. */
  private keysOf(target: ResourceSpec) {
    return lookupFields(target).filter((f) => fullForEveryRow(target, f, this.viewer));
  }

  private add(target: ResourceSpec, rows: Plain[]) {
    const map = this.index(target);
    const fields = this.keysOf(target);
    for (const row of rows) {
      const keys: Array<[string, boolean]> = [[row.id.toUpperCase(), true]];
      for (const f of fields) if (typeof row[f.name] === 'string') keys.push([normValue(row[f.name] as string), isKeyField(target, f)]);
      for (const [k, byKey] of keys) {
        const list = map.get(k) ?? [];
        if (!list.some((h) => h.row.id === row.id && h.byKey === byKey)) list.push({ row, byKey });
        map.set(k, list);
      }
    }
  }

  /** Loads what the values of a chunk may name; afterwards `find` answers from memory. */
  async prepare(target: ResourceSpec, values: Iterable<string>): Promise<void> {
    if (this.complete.has(target.name)) return;
    if (!this.sizes.has(target.name)) {
      const size = await this.scoped.count(target);
      this.sizes.set(target.name, size);
      if (size <= PRELOAD_LIMIT) {
        const rows = await this.scoped.find(target);
        this.add(target, rows.map((r) => plainOf(target, r)));
        this.complete.add(target.name);
        this.em.clear();
        return;
      }
    }
    const map = this.index(target);
    if (map.size > CACHE_LIMIT) map.clear();
    const wanted = [...new Set([...values].map((v) => v.trim()).filter((v) => v && !map.has(normValue(v))))];
    if (!wanted.length) return;
    const fields = this.keysOf(target);
    const ids = wanted.filter((v) => UUID.test(v));
    // Exact values, and upper-case ones for codes written with a small x (身份证号).
    const texts = [...new Set([...wanted, ...wanted.map((v) => v.toUpperCase())])];
    const or = [...fields.map((f) => ({ [f.name]: { $in: texts } })), ...(ids.length ? [{ id: { $in: ids } }] : [])];
    const rows = await this.scoped.find(target, { $or: or });
    this.add(target, rows.map((r) => plainOf(target, r)));
    for (const v of wanted) if (!map.has(normValue(v))) map.set(normValue(v), []);
    this.em.clear();
  }

  /**
   * The one record a cell names: matches on a key beat matches on the name; then it must belong
   * to what the row already names (a class of the row's school, a head teacher of the class's
   * school) and agree with hint columns; of classes in several school years the latest is taken.
   */
  find(field: FieldSpec, value: string, context: LookupContext): LookupResult {
    const target = targetResource(field);
    let hits = this.index(target).get(normValue(value)) ?? [];
    if (hits.some((h) => h.byKey)) hits = hits.filter((h) => h.byKey);
    let rows = [...new Map(hits.map((h) => [h.row.id, h.row])).values()];
    const what = `${field.label}“${value}”`;
    if (!rows.length) return { problem: { code: 'BAD_USER_INPUT', rule: 'REFERENCE_NOT_FOUND', message: `找不到${what}${hint(target)}` } };
    // Narrowed by what the row names under the same name (a student's school and its class's school).
    for (const rf of target.fields.filter((f) => f.kind === 'ref')) {
      const other = targetResource(rf);
      const id = other !== target ? context.resolved.get(`${rf.name}:${other.name}`) : undefined;
      if (!id) continue;
      const narrowed = rows.filter((r) => r[rf.name] === id);
      if (!narrowed.length) {
        return { problem: { code: 'BAD_USER_INPUT', rule: 'REFERENCE_NOT_IN_CONTEXT', message: `${what}不属于本行所填的${other.label}` } };
      }
      rows = narrowed;
    }
    for (const [name, v] of context.hints) {
      const hf = target.fields.find((f) => f.name === name)!;
      // A hint on what the viewer reads masked would test values it may not see.
      if (!fullForEveryRow(target, hf, this.viewer)) {
        return { problem: { code: 'FORBIDDEN', rule: 'FIELD_NOT_READABLE', message: `当前角色不能按${hf.label}查找${target.label}` } };
      }
      const narrowed = rows.filter((r) => r[name] != null && normValue(String(r[name])) === normValue(v));
      if (!narrowed.length) return { problem: { code: 'BAD_USER_INPUT', rule: 'REFERENCE_NOT_FOUND', message: `找不到${hf.label}为“${v}”的${what}` } };
      rows = narrowed;
    }
    if (rows.length > 1 && target.fields.some((f) => f.name === 'schoolYear')) {
      const latest = rows.map((r) => String(r.schoolYear ?? '')).sort().at(-1);
      rows = rows.filter((r) => String(r.schoolYear ?? '') === latest);
    }
    if (rows.length > 1) {
      return { problem: { code: 'BAD_USER_INPUT', rule: 'REFERENCE_AMBIGUOUS', message: `${what}对应${rows.length}条记录${hint(target, true)}` } };
    }
    return { id: rows[0].id };
  }
}

/** How to name a record unambiguously: its key (学校代码, 区划代码, 身份证号). */
function hint(target: ResourceSpec, ambiguous = false): string {
  const keys = lookupFields(target).filter((f) => isKeyField(target, f));
  if (!keys.length) return ambiguous ? '，请核对' : '';
  return `，请填写${keys.map((f) => f.label).join('或')}`;
}
