import type { ResourceSpec } from '../resource/spec';
import { targetResource } from '../resource/registry';
import type { ScopedOrm } from '../data/scoped-orm';
import { UUID } from './where';
import type { RefLookup } from './write';
import { aheadStatement, keepReadAhead } from './read-ahead';

/** Reads a new record's rules will make (ResourceSpec.readAhead), to send with its references. */
export interface ReadAhead {
  record: object;
  reads: Array<{ text: string; values: unknown[] }>;
}

type Input = Record<string, unknown>;

/**
 * The references a write gives (one record's or a batch's), looked up in the viewer's scope
 * together: every target resource in one round trip. Ids compare as PostgreSQL's do (any case).
 */
export class RefBatch implements RefLookup {
  private readonly found = new Map<string, Map<string, object | null>>();

  get(target: ResourceSpec, id: string): object | null | undefined {
    return this.found.get(target.name)?.get(id.toLowerCase());
  }

  put(target: ResourceSpec, id: string, row: object): void {
    this.ids(target).set(id.toLowerCase(), row);
  }

  private ids(target: ResourceSpec): Map<string, object | null> {
    let map = this.found.get(target.name);
    if (!map) this.found.set(target.name, (map = new Map()));
    return map;
  }

  /**
   * Looks up every id the inputs give to a writable reference not yet known (null: not in the
   * scope written in); with `ahead`, the reads a new record's rules will make, in the same message.
   */
  async load(scoped: ScopedOrm, res: ResourceSpec, inputs: Input[], ahead?: ReadAhead): Promise<this> {
    const wanted = new Map<ResourceSpec, Set<string>>();
    for (const f of res.fields) {
      // A reference to anything of the bureau is looked up by itself (write.ts), not in scope.
      if (!f.writable || f.anyInBureau || (f.kind !== 'ref' && f.kind !== 'refList')) continue;
      const target = targetResource(f);
      const ids = wanted.get(target) ?? new Set<string>();
      for (const input of inputs) {
        const v = input[f.gqlName];
        for (const id of Array.isArray(v) ? v : [v]) if (typeof id === 'string' && UUID.test(id) && this.get(target, id) === undefined) ids.add(id.toLowerCase());
      }
      if (ids.size) wanted.set(target, ids);
    }
    if (!wanted.size) return this;
    // In the scope the viewer writes in (a batch's viewer already is one), as a single write checks them.
    const reads = ahead?.reads ?? [];
    const lookups = new Map([...wanted].map(([target, ids]) => [target, [...ids]]));
    let answer: Awaited<ReturnType<ScopedOrm['byIdsAcross']>>;
    try {
      answer = await scoped.writing().byIdsAcross(lookups, reads.map((r) => aheadStatement(r.text, r.values)));
    } catch (err) {
      // A read ahead refused (a value the rules would refuse first, say): the lookups alone, and the rules read for themselves.
      if (!reads.length) throw err;
      answer = await scoped.writing().byIdsAcross(lookups);
    }
    if (ahead && answer.ahead.length === reads.length) keepReadAhead(ahead.record, reads, answer.ahead);
    const rows = answer.rows;
    for (const [target, ids] of wanted) {
      const map = this.ids(target);
      for (const id of ids) map.set(id, null);
      for (const row of rows.get(target) ?? []) map.set(String(row.id), row);
    }
    return this;
  }
}
