import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { checkProductionConfig, readConfig, type Config } from './config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded';
import { migrate, openOrm } from './db/orm';
import { startServer } from './http/server';
import { DEMO_PASSWORD, DEMO_USERS, isDatabaseEmpty, seedDemoCounty } from './demo/seed';

/** The development key lives in .data/ beside the embedded database, so logins survive restarts. */
function jwtSecretFor(config: Config, embedded: boolean): string {
  if (config.jwtSecret) return config.jwtSecret;
  if (!embedded) {
    console.warn('JWT_SECRET is not set: using a random key; tokens end with this process');
    return randomBytes(32).toString('hex');
  }
  const file = path.join(config.rootDir, '.data', 'jwt-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

async function main(): Promise<void> {
  const config = readConfig();
  checkProductionConfig(config);
  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    console.log('DATABASE_URL is not set: starting the embedded PostgreSQL in .data/ …');
    embedded = await startEmbeddedPostgres(path.join(config.rootDir, '.data', 'pg'), 'jiafang');
  }
  const orm = await openOrm(config.databaseUrl ?? embedded!.url);
  const applied = await migrate(orm);
  if (applied.length) console.log(`applied migrations: ${applied.join(', ')}`);

  // The demo county goes only into an empty database: by default on the embedded one, or on
  // DATABASE_URL when SEED_DEMO=always.
  const wanted = config.seedDemo === 'always' || (config.seedDemo === 'auto' && Boolean(embedded));
  const seed = wanted && (await isDatabaseEmpty(orm));
  if (seed) {
    console.log(`loading the demo county (${config.demoScale} students) …`);
    const started = Date.now();
    await seedDemoCounty(orm, { students: config.demoScale });
    console.log(`demo county loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  const server = await startServer(
    { orm, jwtSecret: jwtSecretFor(config, Boolean(embedded)), jwtExpiresIn: config.jwtExpiresIn, adminDir: config.adminDir },
    config.port,
  );
  console.log(`\nJiafang 家访 is running\n  admin:   ${server.url}/\n  GraphQL: ${server.url}/graphql`);
  if (embedded || seed) {
    console.log(`  demo logins (password ${DEMO_PASSWORD}): ${DEMO_USERS.map((u) => `${u.username} (${u.role})`).join(', ')}`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping …`);
    await server.close();
    await orm.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  if (process.env.DEBUG) console.error(err);
  process.exit(1);
});
