import type { PrintContext, ResourceSpec } from '../resource/spec';
import { childrenOf, fieldOf, resourceOf } from '../resource/registry';
import { enumLabel } from '../resource/enums';
import { guardedValue } from '../access/field-guard';
import { ScopedOrm } from '../data/scoped-orm';
import { chinaDateTime } from '../time/school-year';

type Row = Record<string, any>;

/**
 * Reads records for a printed form as the GraphQL fields show them to the viewer: references and
 * child lists within the row scope (else absent), each value in full, masked or left out, and
 * every full read of an audited field noted for the VIEW event.
 */
export class FormReader {
  private readonly scoped: ScopedOrm;

  constructor(private readonly print: Pick<PrintContext, 'em' | 'viewer' | 'views'>) {
    this.scoped = new ScopedOrm(print.em, print.viewer);
  }

  private spec(row: Row): ResourceSpec {
    return resourceOf(row.constructor);
  }

  private field(res: ResourceSpec, name: string) {
    const f = fieldOf(res, name);
    if (!f) throw new Error(`${res.name} has no field ${name}`);
    return f;
  }

  /** The value as GraphQL answers it (enum codes, dates as stored; masked or null per the role). */
  value(row: Row | null | undefined, name: string): unknown {
    if (!row) return null;
    const res = this.spec(row);
    const f = this.field(res, name);
    const raw = row[f.name];
    if (raw == null) return null;
    return guardedValue(res, f, row, raw, this.print.viewer, this.print.views);
  }

  /** The value as people read it: enum labels, 是/否, China time; '' when absent or hidden. */
  text(row: Row | null | undefined, name: string): string {
    const v = this.value(row, name);
    if (v == null) return '';
    const f = this.field(this.spec(row!), name);
    if (f.kind === 'enum') return enumLabel(f.enumObject!, String(v));
    if (f.kind === 'bool') return v ? '是' : '否';
    if (f.kind === 'datetime') return chinaDateTime(v as Date);
    return String(v);
  }

  /** The referenced record when the viewer may read it, as GraphQL resolves `visitor { … }`. */
  async ref(row: Row | null | undefined, name: string): Promise<Row | null> {
    if (!row) return null;
    const f = this.field(this.spec(row), name);
    const id = row[f.name]?.id as string | undefined;
    if (f.kind !== 'ref' || !id) return null;
    const target = resourceOf(f.target!());
    return this.scoped.byId(target, id);
  }

  /** The records of a reference list (a visit's companions) the viewer may read, in stored order. */
  async refList(row: Row, name: string): Promise<Row[]> {
    const f = this.field(this.spec(row), name);
    const collection = row[f.name];
    if (f.kind !== 'refList' || !collection) return [];
    if (!collection.isInitialized()) await collection.init();
    const ids = (collection.getItems() as Row[]).map((r) => r.id as string);
    if (ids.length === 0) return [];
    const target = resourceOf(f.target!());
    const found = await this.scoped.byIds(target, ids);
    const byId = new Map(found.map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** A child list (a visit's suggestions, a student's guardians) within the viewer's scope. */
  async children(row: Row, name: string): Promise<Row[]> {
    const res = this.spec(row);
    const child = childrenOf(res).find((c) => c.name === name);
    if (!child) throw new Error(`${res.name} has no child list ${name}`);
    return this.scoped.children(child, [row.id]);
  }
}
