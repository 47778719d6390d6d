import path from 'node:path';

/** Settings from the environment, read once at start. */
export interface Config {
  port: number;
  databaseUrl?: string;
  jwtSecret?: string;
  jwtExpiresIn: string;
  production: boolean;
  /** Repository root: `.data/` and the built admin are found from here. */
  rootDir: string;
  adminDir: string;
  seedDemo: 'auto' | 'always' | 'never';
  demoScale: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const rootDir = path.resolve(__dirname, '../../..');
  return {
    port: Number(env.PORT ?? 4000),
    databaseUrl: env.DATABASE_URL || undefined,
    jwtSecret: env.JWT_SECRET || undefined,
    jwtExpiresIn: env.JWT_EXPIRES_IN ?? '8h',
    production: env.NODE_ENV === 'production',
    rootDir,
    adminDir: env.ADMIN_DIR ?? path.join(rootDir, 'packages/admin/dist'),
    seedDemo: (env.SEED_DEMO as Config['seedDemo']) ?? 'auto',
    demoScale: Number(env.DEMO_STUDENTS ?? 3000),
  };
}

/** Production refuses to start without the secrets a real deployment must set. */
export function checkProductionConfig(config: Config): void {
  if (!config.production) return;
  const missing = [!config.databaseUrl && 'DATABASE_URL', !config.jwtSecret && 'JWT_SECRET'].filter(Boolean);
  if (missing.length) throw new Error(`NODE_ENV=production needs ${missing.join(' and ')}`);
  if ((config.jwtSecret ?? '').length < 32) throw new Error('JWT_SECRET must be at least 32 characters in production');
}
