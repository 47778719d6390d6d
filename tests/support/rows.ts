import { randomUUID } from 'node:crypto';
import type { TestApp } from './app';

/**
 * Writes rows of one bureau straight to the tables, so records carry the dates reports slice by
 * rather than the moment the test ran; each gets an id, version and the stamps `at`. Returns the id.
 */
export function rowWriter(app: TestApp, bureauId: string, at = new Date('2025-01-01T00:00:00Z')) {
  const conn = app.orm.em.getConnection();
  return async (table: string, row: Record<string, unknown>): Promise<string> => {
    const full: Record<string, unknown> = { id: randomUUID(), version: 1, created_at: at, updated_at: at, bureau_id: bureauId, ...row };
    const cols = Object.keys(full);
    await conn.execute(`insert into "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) values (${cols.map(() => '?').join(', ')})`, cols.map((c) => full[c]) as never[]);
    return full.id as string;
  };
}

/** Noon of a day in China time. */
export const noon = (day: string) => new Date(`${day}T12:00:00+08:00`);
