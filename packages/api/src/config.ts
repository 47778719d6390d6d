import fs from 'node:fs';
import path from 'node:path';
import { parseCorsOrigins, parseHstsMaxAge, parseTrustProxy, type TrustProxy } from './http/security-headers';
import type { ReminderOptions } from './notify/scheduler';
import { poolMax, preparedPerConnection } from './db/pool-settings';

/** Settings from the environment, read once at start. */
export interface Config {
  port: number;
  /** Address the HTTP server binds: loopback unless production (see readConfig). */
  host: string;
  databaseUrl?: string;
  jwtSecret?: string;
  jwtExpiresIn: string;
  production: boolean;
  /** Repository root: `.data/` and the built admin are found from here. */
  rootDir: string;
  /** Folder of the embedded database and the development JWT key (`.data/` unless JIAFANG_DATA_DIR). */
  dataDir: string;
  adminDir: string;
  seedDemo: 'auto' | 'always' | 'never';
  demoScale: number;
  /** How long a stop waits for requests in flight before cutting them. */
  shutdownTimeoutSeconds: number;
  /** Origins of other sites whose browser pages may call the API (CORS); none by default. */
  corsOrigins: string[];
  /** Express's `trust proxy`: which X-Forwarded-For hops give the client's address. */
  trustProxy: TrustProxy;
  /** Strict-Transport-Security max-age; 0 sends none. */
  hstsMaxAgeSeconds: number;
  /** Reminders (notify/): off with NOTIFY=off; the database URL is added at start. */
  notify: Omit<ReminderOptions, 'databaseUrl' | 'log'> | null;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const rootDir = path.resolve(__dirname, '../../..');
  const production = env.NODE_ENV === 'production';
  // The pool reads these itself (db/orm.ts); checked here, so a bad value stops the start with its reason.
  poolMax(env);
  preparedPerConnection(env);
  return {
    port: Number(env.PORT ?? 4000),
    // The demo has a published password: it stays on this machine unless HOST says otherwise.
    // A production container must be reachable from outside it.
    host: env.HOST || (production ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl: databaseUrl(env),
    jwtSecret: secret(env, 'JWT_SECRET'),
    jwtExpiresIn: env.JWT_EXPIRES_IN ?? '8h',
    production,
    rootDir,
    dataDir: env.JIAFANG_DATA_DIR ? path.resolve(env.JIAFANG_DATA_DIR) : path.join(rootDir, '.data'),
    adminDir: env.ADMIN_DIR ?? path.join(rootDir, 'packages/admin/dist'),
    seedDemo: (env.SEED_DEMO as Config['seedDemo']) ?? 'auto',
    demoScale: Number(env.DEMO_STUDENTS ?? 3000),
    shutdownTimeoutSeconds: positive(env.SHUTDOWN_TIMEOUT_SECONDS, 10),
    corsOrigins: parseCorsOrigins(env.CORS_ORIGINS),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    hstsMaxAgeSeconds: parseHstsMaxAge(env.HSTS_MAX_AGE_SECONDS),
    notify: notifySettings(env),
  };
}

/** NOTIFY=off turns the reminders off; the rest tune them (docs/operations.md, reminders). */
function notifySettings(env: NodeJS.ProcessEnv): Config['notify'] {
  if (env.NOTIFY === 'off') return null;
  return {
    scanCron: env.NOTIFY_SCAN_CRON || '* * * * *',
    pollSeconds: positive(env.NOTIFY_POLL_SECONDS, 5),
    retryLimit: positive(env.NOTIFY_RETRY_LIMIT, 5),
    retryDelaySeconds: positive(env.NOTIFY_RETRY_DELAY_SECONDS, 30),
    suggestionDays: positive(env.NOTIFY_SUGGESTION_DAYS, 7),
    campaignDays: positive(env.NOTIFY_CAMPAIGN_DAYS, 7),
    smtpUrl: secret(env, 'SMTP_URL'),
    smtpFrom: env.SMTP_FROM || 'jiafang@localhost',
  };
}

/**
 * A secret from NAME, or from the file NAME_FILE names (Docker and compose secrets), trimmed of
 * the newline an editor leaves. Setting both is a mistake worth stopping for.
 */
export function secret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const file = env[`${name}_FILE`];
  if (!file) return env[name] || undefined;
  if (env[name]) throw new Error(`set ${name} or ${name}_FILE, not both`);
  let value: string;
  try {
    value = fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new Error(`${name}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!value) throw new Error(`${name}_FILE: ${file} is empty`);
  return value;
}

/**
 * DATABASE_URL, with the password from DATABASE_PASSWORD(_FILE) when given: compose hands the same
 * secret file to PostgreSQL (POSTGRES_PASSWORD_FILE) and to us, and no password is written in a URL.
 */
function databaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const url = secret(env, 'DATABASE_URL');
  const password = secret(env, 'DATABASE_PASSWORD');
  if (!url || !password) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('DATABASE_URL is not a URL (postgresql://user@host:5432/database)');
  }
  if (parsed.password) throw new Error('DATABASE_URL holds a password and DATABASE_PASSWORD is set: give it once');
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/** A positive number from a setting, else the default. */
export function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? n : fallback;
}

/** Production refuses to start without the secrets a real deployment must set. */
export function checkProductionConfig(config: Config): void {
  if (!config.production) return;
  const missing = [!config.databaseUrl && 'DATABASE_URL', !config.jwtSecret && 'JWT_SECRET'].filter(Boolean);
  if (missing.length) throw new Error(`NODE_ENV=production needs ${missing.join(' and ')}`);
  if ((config.jwtSecret ?? '').length < 32) throw new Error('JWT_SECRET must be at least 32 characters in production');
}
