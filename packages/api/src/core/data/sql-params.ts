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
}
