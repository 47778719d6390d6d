import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../context';
import type { FieldSpec, ResourceSpec } from '../resource/spec';
import { enumLabel } from '../resource/enums';
import { resourceOf } from '../resource/registry';
import { fieldAccess, readsTechnical, ruleOf } from '../access/policy';
import { shownAs } from '../access/mask';
import { orderBy } from '../crud/where';
import { ScopedOrm } from '../data/scoped-orm';
import { chinaDateTime } from '../time/school-year';

const PAGE = 1000;
// The bureau is the reader's own; the rest of the bookkeeping is technical (FieldSpec.technical).
const SKIPPED = new Set(['bureauId']);

export interface ExportColumn {
  field: FieldSpec;
  header: string;
}

/**
 * The columns a viewer's export carries: every field but secrets and those the role never reads,
 * the record's name first (what a clerk reads a row by) and its 编号 last (rows stay matchable
 * to the records without a UUID leading the sheet). Other technical fields (版本, request ids)
 * only when a technical reader asks for them (`technical`), after the 编号.
 */
export function exportColumns(res: ResourceSpec, viewer: Viewer, technical = false): ExportColumn[] {
  const shown = res.fields.filter((f) => f.kind !== 'secret' && !SKIPPED.has(f.gqlName) && ruleOf(res, f, viewer) !== 'hidden');
  const display = shown.filter((f) => f.name === res.display);
  const plain = shown.filter((f) => f.name !== res.display && !f.technical);
  const id = shown.filter((f) => f.name === 'id');
  const more = technical && readsTechnical(viewer) ? shown.filter((f) => f.technical && f.name !== 'id') : [];
  return [...display, ...plain, ...id, ...more].map((f) => ({ field: f, header: f.money ? f.label.replace('（分）', '（元）') : f.label }));
}

/** One cell as people read it: Chinese enum labels, yuan, 是/否, reference names, masks. */
function cell(res: ResourceSpec, f: FieldSpec, row: Record<string, any>, viewer: Viewer, names: Map<string, string>): string | number | null {
  const raw = f.kind === 'ref' ? row[f.name] : f.kind === 'refList' ? row[f.name]?.getItems?.() : row[f.name];
  if (raw == null) return null;
  const access = fieldAccess(res, f, viewer, row);
  if (access === 'hidden') return null;
  let value: string | number | null;
  switch (f.kind) {
    case 'ref':
      value = names.get(raw.id) ?? raw.id;
      break;
    case 'refList':
      value = (raw as Array<{ id: string }>).map((r) => names.get(r.id) ?? r.id).join('、');
      break;
    case 'enum':
      value = enumLabel(f.enumObject!, raw);
      break;
    case 'enumList':
      value = (raw as string[]).map((v) => enumLabel(f.enumObject!, v)).join('、');
      break;
    case 'json':
      value = f.jsonMembers
        ? (raw as Array<Record<string, string>>).map((e) => enumLabel(f.jsonMembers!.enumObject, e[f.jsonMembers!.key])).join('、')
        : JSON.stringify(raw);
      break;
    case 'bool':
      value = raw ? '是' : '否';
      break;
    case 'datetime':
      value = chinaDateTime(raw as Date);
      break;
    case 'int':
      value = f.money ? Number(raw) / 100 : Number(raw);
      break;
    default:
      value = String(raw);
  }
  return shownAs(access, f.sensitivity, value) as string | number | null;
}

/**
 * Every row of a filtered, sorted list in pages (the identity map cleared between them, so a
 * county-sized export keeps memory flat), with the viewer's row scope and field rules applied.
 */
export async function* exportRows(
  em: EntityManager,
  res: ResourceSpec,
  viewer: Viewer,
  columns: ExportColumn[],
  args: { filter?: Record<string, unknown> | null; sortField?: string | null; sortOrder?: string | null },
): AsyncGenerator<Array<string | number | null>> {
  const scoped = new ScopedOrm(em, viewer);
  const order = orderBy(res, args.sortField, args.sortOrder, viewer);
  const refLists = columns.filter((c) => c.field.kind === 'refList').map((c) => c.field.name);
  for (let page = 0; ; page++) {
    const rows = await scoped.list(res, args.filter, { orderBy: order as never, limit: PAGE, offset: page * PAGE, populate: refLists });
    if (rows.length === 0) return;
    const names = await referenceNames(scoped, viewer, columns, rows);
    for (const row of rows) yield columns.map((c) => cell(res, c.field, row, viewer, names));
    em.clear();
    if (rows.length < PAGE) return;
  }
}

/** The display value of every record the page's references point to, one query per target. */
async function referenceNames(scoped: ScopedOrm, viewer: Viewer, columns: ExportColumn[], rows: Array<Record<string, any>>) {
  const names = new Map<string, string>();
  for (const c of columns.filter((x) => x.field.kind === 'ref' || x.field.kind === 'refList')) {
    const target = resourceOf(c.field.target!());
    const ids = new Set<string>();
    for (const row of rows) {
      const v = row[c.field.name];
      if (c.field.kind === 'ref' && v?.id) ids.add(v.id);
      if (c.field.kind === 'refList') for (const r of v?.getItems?.() ?? []) ids.add(r.id);
    }
    if (ids.size === 0) continue;
    const display = target.fields.find((f) => f.name === target.display)!;
    for (const t of await scoped.byIds(target, [...ids])) {
      const shown = cell(target, display, t, viewer, new Map());
      names.set(t.id, shown == null ? '' : String(shown));
    }
  }
  return names;
}
