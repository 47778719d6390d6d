import type { TestApp } from './app';

/** Every message the API's pool sends while `run` runs: a simple query's text, a prepared statement's text or name. */
export async function messagesOf(app: TestApp, run: () => Promise<unknown>): Promise<string[]> {
  const pool = (app.orm.em.getConnection() as any).getKnex().client.pool;
  const messages: string[] = [];
  const spied = new WeakSet<object>();
  const spy = (_id: unknown, conn: any) => {
    const wire = conn.connection;
    if (spied.has(wire)) return;
    spied.add(wire);
    const query = wire.query.bind(wire);
    wire.query = (text: string) => {
      if (recording) messages.push(text);
      return query(text);
    };
    // The extended protocol: Parse (first time on this connection) or Bind of a prepared statement, then Sync ends the message.
    // A message of several statements (db/statement-pipeline.ts) is written with " | " between them.
    const [parse, bind, sync] = [wire.parse.bind(wire), wire.bind.bind(wire), wire.sync.bind(wire)];
    let extended: string[] = [];
    let parsed: string | undefined;
    wire.parse = (q: { text: string; name?: string }) => ((parsed = q.name ? `prepared ${q.name}: ${q.text}` : q.text), parse(q));
    wire.bind = (b: { statement?: string }) => (extended.push(parsed ?? `prepared ${b.statement}`), (parsed = undefined), bind(b));
    wire.sync = () => {
      const message = extended.join(' | ');
      // The request's rate limit (rate-limiter-flexible's own prepared statements) is not the write's.
      if (recording && !message.includes('rate_limit')) messages.push(message || '(extended)');
      extended = [];
      return sync();
    };
  };
  let recording = true;
  pool.on('acquireSuccess', spy);
  try {
    await run();
  } finally {
    recording = false;
    pool.removeListener('acquireSuccess', spy);
  }
  return messages;
}
