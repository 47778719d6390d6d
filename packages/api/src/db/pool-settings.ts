/**
 * The database pool's settings from the environment: checked once at start-up (config.ts), so a
 * bad value stops the process with its reason, and read by the ORM's pool (orm.ts).
 */

/** DB_POOL_MAX, default 10: the pool's most connections. */
export function poolMax(env: NodeJS.ProcessEnv = process.env): number {
  // The start-up migrations hold one connection in their transaction while MikroORM's migrator
  // reads its own table on another: with one connection the start would wait for ever.
  return wholeNumber(env, 'DB_POOL_MAX', 10, 2, 'the start-up migrations hold one connection while the migrator reads its table on another');
}

/** DB_PREPARED_PER_CONNECTION, default 200: statements kept prepared on each connection (prepared-cap.ts). */
export function preparedPerConnection(env: NodeJS.ProcessEnv = process.env): number {
  return wholeNumber(env, 'DB_PREPARED_PER_CONNECTION', 200, 1);
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, least: number, why?: string): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < least) throw new Error(`${name} must be a whole number of at least ${least} (got ${raw})${why ? `: ${why}` : ''}`);
  return n;
}
