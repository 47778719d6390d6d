/**
 * Group commit: rows handed in while one write is under way go together in the next one, and
 * each caller's promise settles when the write holding its rows has finished. Nobody is
 * answered before their rows are written, yet under load many requests share one statement
 * (and one WAL flush) instead of one each.
 */
export class GroupCommit<Row> {
  private queue: Array<{ rows: Row[]; done: (err?: unknown) => void }> = [];
  private running = false;

  constructor(
    private readonly write: (rows: Row[]) => Promise<void>,
    /** At most this many rows in one write; the rest wait for the next. */
    private readonly maxRows = 1000,
  ) {}

  add(rows: Row[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ rows, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        try {
          await this.write(batch.flatMap((b) => b.rows));
          for (const b of batch) b.done();
        } catch (err) {
          // One caller's bad row must not lose the others': each is written on its own again.
          if (batch.length === 1) batch[0].done(err ?? new Error('group write failed'));
          else await Promise.all(batch.map((b) => this.write(b.rows).then(() => b.done(), (e) => b.done(e ?? new Error('group write failed')))));
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** Whole callers only, so a caller's rows are never split over two writes. */
  private takeBatch(): typeof this.queue {
    let rows = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || rows + this.queue[n].rows.length <= this.maxRows)) rows += this.queue[n++].rows.length;
    return this.queue.splice(0, n);
  }
}
