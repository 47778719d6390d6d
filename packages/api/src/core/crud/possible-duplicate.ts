import type { Context } from '../context';
import type { ResourceSpec } from '../resource/spec';
import { targetResource } from '../resource/registry';
import { conflict } from '../errors';

/** The create argument that confirms a possible duplicate, and the rule its refusal names. */
export const CONFIRM_DUPLICATE = 'confirmDuplicate';
export const POSSIBLE_DUPLICATE = 'POSSIBLE_DUPLICATE';
const SHOWN = 3;

type Row = Record<string, any>;

/** How a value reads in the refusal: a reference by its display field. */
function shown(res: ResourceSpec, name: string, value: unknown): string {
  const f = res.fields.find((x) => x.name === name)!;
  if (value == null) return `无${f.label}`;
  if (f.kind === 'ref') return String((value as Row)[targetResource(f).display] ?? '');
  return String(value);
}

const valueOf = (v: unknown) => (v as Row | null)?.id ?? v ?? null;

function sharesNaturalKey(res: ResourceSpec, row: Row, entity: Row): boolean {
  return Object.values(res.naturalKeys).some((key) => key.fields.every((name) => valueOf(entity[name]) != null && valueOf(row[name]) === valueOf(entity[name])));
}

/**
 * Refuses a new record when records in the creator's reach match it on the declared fields
 * (same name, birth date and school), naming them, unless the input confirms it. Only the
 * creator's reach is searched: a record they cannot see is neither revealed nor a reason to ask.
 */
export async function checkPossibleDuplicate(ctx: Context, res: ResourceSpec, entity: Row, input: Record<string, unknown>): Promise<void> {
  const rule = res.possibleDuplicate;
  if (!rule || input[CONFIRM_DUPLICATE] === true) return;
  const where = Object.fromEntries(rule.fields.map((name) => [name, valueOf(entity[name])]));
  const found = await ctx.scoped.find<Row>(res, where, { limit: SHOWN + 1, orderBy: { createdAt: 'asc' } as never });
  // The same 身份证号 is no question: the write is refused for it (UNIQUE), naming that field.
  if (!found.length || found.some((row) => sharesNaturalKey(res, row, entity))) return;
  const first = res.fields.find((f) => f.name === rule.fields[0])!;
  const same = rule.fields.map((name) => shown(res, name, entity[name])).join('，');
  const more = found.length > SHOWN ? `等${SHOWN}条以上` : found.length > 1 ? `共${found.length}条` : '';
  throw conflict(`${rule.label}（${same}${more}），仍要新建吗？`, {
    rule: POSSIBLE_DUPLICATE,
    field: first.gqlName,
    confirm: CONFIRM_DUPLICATE,
    duplicates: found.slice(0, SHOWN).map((r) => r.id),
  });
}
