import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * The process's structured log: JSON lines on stdout (level LOG_LEVEL, default info), readable
 * lines when a developer watches a terminal. What goes in is chosen where it is logged: ids,
 * roles, codes and durations, never a name, an ID number, a token or a query's values.
 */
export function createLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  const level = env.LOG_LEVEL || 'info';
  const pretty = env.NODE_ENV !== 'production' && process.stdout.isTTY && canLoad('pino-pretty');
  return pino({
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    // A last guard, should a header object ever be handed to the log.
    redact: { paths: ['authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization', 'password', '*.password'], censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  });
}

function canLoad(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}
