import { escapeLiteral } from 'pg';
import { UUID } from '../crud/where';

/** Bound values of one statement, referred to as $1, $2 … in the order they were added. */
export class SqlParams {
  readonly values: unknown[] = [];
  private readonly named = new Map<unknown, string>();

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** One placeholder for a value used many times in the statement (the viewer's bureau, a school list). */
  shared(value: unknown, cast = ''): string {
    let ref = this.named.get(value);
    if (!ref) this.named.set(value, (ref = `${this.add(value)}${cast}`));
    return ref;
  }

  /**
   * The statement with its values written in as literals, for a message of several statements
   * (the simple protocol binds no values), sent through knex. Undefined when a value is not one
   * written so safely: only text without `?` or NUL, finite numbers and lists of ids are.
   */
  inlined(sql: string): string | undefined {
    const literals = this.values.map(literal);
    if (literals.some((l) => l === undefined)) return undefined;
    return sql.replace(/\$(\d+)/g, (_m, k: string) => literals[Number(k) - 1]!);
  }
}

function literal(value: unknown): string | undefined {
  // knex reads `?` as a placeholder even inside a literal; a NUL ends a protocol message.
  if (typeof value === 'string') return /[?\0]/.test(value) ? undefined : escapeLiteral(value);
  // In brackets: after a `-` of the statement, a negative number would open a comment (`x--1`).
  if (typeof value === 'number' && Number.isFinite(value)) return value < 0 ? `(${value})` : String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && UUID.test(v))) return `'{${value.join(',')}}'`;
  return undefined;
}
