import type { Knex } from '@mikro-orm/postgresql';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * Where request rates and login failures are counted. PostgreSQL by default and Redis when
 * REDIS_URL is set: shared by every process behind the database, so two processes do not give a
 * caller twice the limit. `memory` only for a single process that must not touch the database
 * per request (benchmarks). Should the store fail, counting goes on in memory until it is back.
 */
export type LimitStoreKind = 'memory' | 'postgres' | 'redis';

export function readLimitStoreKind(env: NodeJS.ProcessEnv = process.env): LimitStoreKind {
  const v = env.RATE_LIMIT_STORE;
  if (v === 'memory' || v === 'postgres' || v === 'redis') return v;
  if (v) throw new Error(`RATE_LIMIT_STORE: "${v}" is not memory, postgres or redis`);
  return env.REDIS_URL ? 'redis' : 'postgres';
}

export interface LimitStore {
  /** `points` per `seconds` for each key, counted under `name`. */
  limiter(name: string, points: number, seconds: number): RateLimiterAbstract;
  /** Resolves once the store answers (or after a few seconds: until then counts go to memory). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export function limitStore(kind: LimitStoreKind, knex: Knex | undefined, redisUrl = process.env.REDIS_URL): LimitStore {
  const memory = (name: string, points: number, seconds: number) => new RateLimiterMemory({ keyPrefix: `jiafang_${name}`, points, duration: seconds });
  if (kind === 'redis') {
    if (!redisUrl) throw new Error('RATE_LIMIT_STORE=redis needs REDIS_URL');
    // No offline queue: while Redis is away a count fails at once and the memory insurance takes it.
    const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined); // reconnects by itself; each failed count falls back to memory
    return {
      limiter: (name, points, seconds) =>
        new RateLimiterRedis({ storeClient: redis, keyPrefix: `jiafang_${name}`, points, duration: seconds, insuranceLimiter: memory(name, points, seconds) }),
      ready: () =>
        new Promise<void>((resolve) => {
          if (redis.status === 'ready') return resolve();
          const timer = setTimeout(resolve, 3000);
          redis.once('ready', () => (clearTimeout(timer), resolve()));
        }),
      close: async () => void (await redis.quit().catch(() => redis.disconnect())),
    };
  }
  if (kind === 'postgres' && knex) {
    return {
      limiter: (name, points, seconds) =>
        new RateLimiterPostgres({
          storeClient: knex, storeType: 'knex', tableName: 'rate_limit', tableCreated: true, clearExpiredByTimeout: true,
          keyPrefix: `jiafang_${name}`, points, duration: seconds, insuranceLimiter: memory(name, points, seconds),
        }),
      ready: async () => undefined,
      close: async () => undefined,
    };
  }
  return { limiter: memory, ready: async () => undefined, close: async () => undefined };
}
