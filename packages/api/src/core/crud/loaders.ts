import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChildrenSpec, FieldSpec, ResourceSpec } from '../resource/spec';
import { resourceOf } from '../resource/registry';
import type { Viewer } from '../context';
import type { ScopedOrm } from '../data/scoped-orm';

/**
 * Per-request batch loaders: every nested reference or child list of one level of a query is
 * fetched with one SQL statement, through the same row scope as the lists.
 */
export class Loaders {
  private readonly byId = new Map<ResourceSpec, DataLoader<string, object | null>>();
  private readonly byParent = new Map<string, DataLoader<string, object[]>>();
  private readonly named = new Map<string, DataLoader<string, unknown>>();

  /** Reads through the request's scoped ORM (its EntityManager and viewer). */
  constructor(private readonly scoped: ScopedOrm) {}

  private get em(): EntityManager {
    return this.scoped.em as EntityManager;
  }

  one(res: ResourceSpec, id: string): Promise<object | null> {
    let loader = this.byId.get(res);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const rows = await this.scoped.byIds(res, ids);
        const map = new Map(rows.map((r: any) => [r.id, r]));
        return ids.map((id) => map.get(id) ?? null);
      });
      this.byId.set(res, loader);
    }
    return loader.load(id);
  }

  /**
   * A named batch loader for a computed field (a student's latest visit): `load` gets every key
   * asked for in one tick and answers in the same order. The row scope is the caller's to apply.
   */
  batch<V>(name: string, load: (keys: readonly string[], em: EntityManager, viewer: Viewer | null) => Promise<V[]>, key: string): Promise<V> {
    let loader = this.named.get(name) as DataLoader<string, V> | undefined;
    if (!loader) {
      loader = new DataLoader<string, V>((keys) => load(keys, this.em, this.scoped.viewer));
      this.named.set(name, loader as DataLoader<string, unknown>);
    }
    return loader.load(key);
  }

  /** The targets of a many-to-many reference (a pairing's helpers), in the viewer's scope. */
  refList(parent: ResourceSpec, field: FieldSpec, parentId: string): Promise<object[]> {
    const key = `${parent.name}.${field.name}`;
    let loader = this.byParent.get(key);
    if (!loader) {
      const target = resourceOf(field.target!());
      loader = new DataLoader(async (ids) => {
        const owners = await this.em.find(parent.entity, { id: { $in: [...ids] } }, { populate: [field.name] as never });
        const byOwner = new Map(owners.map((o: any) => [o.id, o[field.name].getItems() as Array<{ id: string }>]));
        const allowed = await this.scoped.idsInScope(target, [...new Set([...byOwner.values()].flat().map((r) => r.id))]);
        return ids.map((id) => (byOwner.get(id) ?? []).filter((r) => allowed.has(r.id)));
      });
      this.byParent.set(key, loader);
    }
    return loader.load(parentId);
  }

  children(parent: ResourceSpec, child: ChildrenSpec, parentId: string): Promise<object[]> {
    const key = `${parent.name}.${child.name}`;
    let loader = this.byParent.get(key);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const rows = await this.scoped.children(child, ids);
        const groups = new Map<string, object[]>(ids.map((id) => [id, []]));
        for (const row of rows) groups.get(row[child.inverse].id)?.push(row);
        return ids.map((id) => groups.get(id)!);
      });
      this.byParent.set(key, loader);
    }
    return loader.load(parentId);
  }
}
