import pg from 'pg';
import { countStatement } from './query-log';

/** A statement with `$n` placeholders; named: prepared once per connection under that name. */
export interface PipedStatement {
  text: string;
  values: readonly unknown[];
  name?: string;
}

type Row = Record<string, unknown>;
type Callback = (err: Error | null, rows?: Row[][]) => void;

interface PgConnection {
  parsedStatements: Record<string, string>;
  stream: { cork?(): void; uncork?(): void };
  parse(q: { text: string; name: string; types: unknown[] }): void;
  bind(b: { statement: string; values: unknown[] }): void;
  describe(d: { type: 'P'; name: string }): void;
  execute(e: { portal: string; rows: number }): void;
  sync(): void;
  sendCopyFail(msg: string): void;
  on(event: 'parseComplete', fn: () => void): unknown;
  removeListener(event: 'parseComplete', fn: () => void): unknown;
}

interface TypeSource {
  getTypeParser(oid: number, format?: string): (value: string) => unknown;
}

const prepareValue = (pg as unknown as { utils: { prepareValue(v: unknown): unknown } }).utils.prepareValue;

/**
 * Several statements sent in one message on the extended protocol: Parse (a named statement only
 * the first time on the connection), Bind, Describe and Execute for each, then one Sync. A write
 * looks up its references and reads what its rules need (a care check's class and teachers) in
 * one round trip, each statement prepared, where pg sends one statement a message. PostgreSQL
 * runs them in order; the first failure skips the rest up to the Sync and is the whole's answer.
 * Outside a transaction they run in one implicit transaction, so they read one snapshot.
 *
 * A pg Submittable: `client.query(pipeline)` queues it like any query. db/prepared-cap.ts counts
 * its named statements (`statementNames`) as it counts a prepared query's name.
 */
export class StatementPipeline {
  private readonly results: Row[][] = [];
  private current: pg.Result | undefined;
  /** Statements whose Parse was sent, in order: a ParseComplete answers the first. */
  private readonly parsing: PipedStatement[] = [];
  private stopListening: (() => void) | undefined;
  private finished = false;
  /** The names of its statements, each once. */
  readonly statementNames: string[];

  constructor(
    private readonly statements: readonly PipedStatement[],
    private readonly types: TypeSource,
    public callback: Callback,
  ) {
    this.statementNames = [...new Set(statements.flatMap((s) => (s.name ? [s.name] : [])))];
  }

  /** Sends every message, corked into one write; an error mapping a value sends nothing. */
  submit(connection: PgConnection): Error | undefined {
    let bound: unknown[][];
    try {
      bound = this.statements.map((s) => s.values.map((v) => prepareValue(v)));
    } catch (err) {
      return err as Error;
    }
    const parsed = connection.parsedStatements;
    // As pg checks a prepared query: a name stands for one text on a connection.
    const clash = this.statements.find((s) => s.name && parsed[s.name] !== undefined && parsed[s.name] !== s.text);
    if (clash) return new Error(`Prepared statements must be unique - '${clash.name}' was used for a different statement`);
    const onParsed = () => {
      const s = this.parsing.shift();
      if (s?.name) parsed[s.name] = s.text;
    };
    connection.on('parseComplete', onParsed);
    this.stopListening = () => connection.removeListener('parseComplete', onParsed);
    const sent = new Set<string>();
    connection.stream.cork?.();
    try {
      this.statements.forEach((s, i) => {
        countStatement();
        if (!s.name || (parsed[s.name] === undefined && !sent.has(s.name))) {
          connection.parse({ text: s.text, name: s.name ?? '', types: [] });
          this.parsing.push(s);
          if (s.name) sent.add(s.name);
        }
        connection.bind({ statement: s.name ?? '', values: bound[i] });
        connection.describe({ type: 'P', name: '' });
        connection.execute({ portal: '', rows: 0 });
      });
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return undefined;
  }

  handleRowDescription(msg: { fields: unknown[] }): void {
    this.current = new pg.Result(undefined as never, this.types as never);
    (this.current as unknown as { addFields(f: unknown[]): void }).addFields(msg.fields);
  }

  handleDataRow(msg: { fields: unknown[] }): void {
    const r = this.current as unknown as { parseRow(f: unknown[]): Row; addRow(row: Row): void };
    r.addRow(r.parseRow(msg.fields));
  }

  handleCommandComplete(): void {
    this.results.push(this.current?.rows ?? []);
    this.current = undefined;
  }

  handleEmptyQuery(): void {
    this.results.push([]);
  }

  handlePortalSuspended(): void {}

  handleCopyInResponse(connection: PgConnection): void {
    connection.sendCopyFail('COPY is not sent in a pipeline');
  }

  handleCopyData(): void {}

  /** PostgreSQL skips to the Sync; pg hands the ReadyForQuery after it to no query. */
  handleError(err: Error): void {
    this.finish(err);
  }

  handleReadyForQuery(): void {
    this.finish(null);
  }

  private finish(err: Error | null): void {
    if (this.finished) return;
    this.finished = true;
    this.stopListening?.();
    if (err) this.callback(err);
    else this.callback(null, this.results);
  }
}

interface PoolClient extends TypeSource {
  query(pipeline: StatementPipeline): unknown;
}

interface KnexClientLike {
  acquireConnection(): Promise<unknown>;
  releaseConnection(conn: unknown): Promise<unknown>;
}

/**
 * The rows of each statement, sent in one message on a connection of `knex` (the unit of work's
 * transaction when it is one: its connection, released by it).
 */
export async function pipelined(knex: { client: KnexClientLike }, statements: readonly PipedStatement[]): Promise<Row[][]> {
  const client = (await knex.client.acquireConnection()) as PoolClient;
  try {
    return await new Promise<Row[][]>((resolve, reject) => {
      client.query(new StatementPipeline(statements, client, (err, rows) => (err ? reject(err) : resolve(rows!))));
    });
  } finally {
    await knex.client.releaseConnection(client);
  }
}

/**
 * A knex-style text's `?` placeholders as `$1`, `$2`, …, exactly as knex's PostgreSQL client
 * numbers them (a `\\?` stays a `?`): a statement prepared under one name by either way must have
 * the same text, or pg refuses it.
 */
export function positional(text: string): string {
  let n = 0;
  return text.replace(/(\\*)(\?)/g, (match: string, escapes: string) => (escapes.length % 2 ? '?' : `$${++n}`));
}
