import { GroupCommit } from './group-commit';

/** A write that the test finishes by hand, to see what was batched while it ran. */
function controlledWrite() {
  const writes: Array<{ rows: string[]; finish: (err?: Error) => void }> = [];
  const write = (rows: string[]) => new Promise<void>((resolve, reject) => writes.push({ rows, finish: (err) => (err ? reject(err) : resolve()) }));
  return { writes, write };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('writes at once when idle, and batches what arrives while a write runs', async () => {
    const { writes, write } = controlledWrite();
    const group = new GroupCommit(write);
    const settled: string[] = [];
    const a = group.add(['a']).then(() => settled.push('a'));
    const b = group.add(['b1', 'b2']).then(() => settled.push('b'));
    const c = group.add(['c']).then(() => settled.push('c'));
    await tick();
    expect(writes.map((w) => w.rows)).toEqual([['a']]);
    writes[0].finish();
    await a;
    await tick();
    // b and c were waiting: one write for both, and neither is answered before it finishes.
    expect(writes.map((w) => w.rows)).toEqual([['a'], ['b1', 'b2', 'c']]);
    expect(settled).toEqual(['a']);
    writes[1].finish();
    await Promise.all([b, c]);
    expect(settled.sort()).toEqual(['a', 'b', 'c']);
  });

  it('never splits a caller and keeps a batch within the row bound', async () => {
    const { writes, write } = controlledWrite();
    const group = new GroupCommit(write, 3);
    const all = [group.add(['x']), group.add(['a1', 'a2']), group.add(['b1', 'b2']), group.add(['c1', 'c2', 'c3', 'c4'])];
    await tick();
    writes[0].finish();
    for (let i = 1; i < 4; i++) {
      await tick();
      writes[i].finish();
    }
    await Promise.all(all);
    expect(writes.map((w) => w.rows)).toEqual([['x'], ['a1', 'a2'], ['b1', 'b2'], ['c1', 'c2', 'c3', 'c4']]);
  });

  it("a failed batch is retried caller by caller, so one bad row loses only its own caller's", async () => {
    const seen: string[][] = [];
    let block: (() => void) | undefined;
    const group = new GroupCommit<string>(async (rows) => {
      seen.push(rows);
      if (rows.length === 1 && rows[0] === 'first') await new Promise<void>((r) => (block = r));
      if (rows.includes('bad')) throw new Error('bad row');
    });
    const first = group.add(['first']);
    const good = group.add(['good']);
    const bad = group.add(['bad']);
    await tick();
    block!();
    await first;
    await expect(good).resolves.toBeUndefined();
    await expect(bad).rejects.toThrow('bad row');
    expect(seen).toEqual([['first'], ['good', 'bad'], ['good'], ['bad']]);
  });

  it('an empty add resolves without writing', async () => {
    const write = jest.fn(async () => undefined);
    await new GroupCommit(write).add([]);
    expect(write).not.toHaveBeenCalled();
  });
});
