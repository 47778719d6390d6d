// The parts of the compiled API (packages/api/dist, built by the bench:race script) the race uses
// in its own process, as bench/harness.ts does: the embedded PostgreSQL, the ORM and the demo seed.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const API_DIST = path.join(REPO_ROOT, 'packages/api/dist');

/** The handful of API types the race touches, kept loose: the dist is CommonJS without types here. */
export interface Orm {
  em: { getConnection(): { execute(sql: string): Promise<any[]> } };
  close(force?: boolean): Promise<void>;
}
export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

interface Api {
  startEmbeddedPostgres(dataDir: string, database: string, log?: (m: string) => void): Promise<EmbeddedDatabase>;
  freePort(): Promise<number>;
  openOrm(url: string): Promise<Orm>;
  migrate(orm: Orm): Promise<string[]>;
  isDatabaseEmpty(orm: Orm): Promise<boolean>;
  seedDemoCounty(orm: Orm, options: { students: number }): Promise<{ students: number; guardians: number }>;
  DEMO_PASSWORD: string;
  DEMO_USERS: Array<{ username: string; role: string }>;
}

let api: Api | undefined;

export function jiafangDist(): Api {
  if (api) return api;
  const require = createRequire(path.join(API_DIST, 'main.js'));
  try {
    require('reflect-metadata');
    const { startEmbeddedPostgres, freePort } = require('./db/embedded.js');
    const { openOrm, migrate } = require('./db/orm.js');
    const { isDatabaseEmpty, seedDemoCounty, DEMO_PASSWORD, DEMO_USERS } = require('./demo/seed.js');
    api = { startEmbeddedPostgres, freePort, openOrm, migrate, isDatabaseEmpty, seedDemoCounty, DEMO_PASSWORD, DEMO_USERS };
    return api;
  } catch (err) {
    throw new Error(`cannot load the built API from ${API_DIST} (run through \`pnpm bench:race\`, which builds it first): ${err instanceof Error ? err.message : String(err)}`);
  }
}
