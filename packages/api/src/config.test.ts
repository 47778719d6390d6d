import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkProductionConfig, readConfig, secret } from './config';

describe('secrets from *_FILE', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jf-secret-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };

  it('reads the file, without its trailing newline', () => {
    const env = { JWT_SECRET_FILE: file('jwt', 'k'.repeat(40) + '\n'), DATABASE_URL_FILE: file('db', 'postgresql://a@b/c\n'), NODE_ENV: 'production' };
    const config = readConfig(env);
    expect(config.jwtSecret).toBe('k'.repeat(40));
    expect(config.databaseUrl).toBe('postgresql://a@b/c');
    expect(() => checkProductionConfig(config)).not.toThrow();
  });

  it('falls back to the plain variable, and treats an empty one as unset', () => {
    expect(secret({ JWT_SECRET: 'x' }, 'JWT_SECRET')).toBe('x');
    expect(secret({ JWT_SECRET: '' }, 'JWT_SECRET')).toBeUndefined();
  });

  it('stops on both set, a missing file or an empty one, naming the setting and not the value', () => {
    expect(() => secret({ JWT_SECRET: 'x', JWT_SECRET_FILE: file('a', 'y') }, 'JWT_SECRET')).toThrow('set JWT_SECRET or JWT_SECRET_FILE, not both');
    expect(() => secret({ JWT_SECRET_FILE: path.join(dir, 'absent') }, 'JWT_SECRET')).toThrow(/JWT_SECRET_FILE: cannot read .*ENOENT/);
    expect(() => secret({ JWT_SECRET_FILE: file('empty', ' \n') }, 'JWT_SECRET')).toThrow('is empty');
  });

  it('puts DATABASE_PASSWORD(_FILE) into the URL, escaped, and refuses a second password', () => {
    const env = { DATABASE_URL: 'postgresql://jiafang@db:5432/jiafang', DATABASE_PASSWORD_FILE: file('pw', 'p@ss/wörd:1\n') };
    const url = new URL(readConfig(env).databaseUrl!);
    expect(decodeURIComponent(url.password)).toBe('p@ss/wörd:1');
    expect(url.hostname).toBe('db');
    expect(() => readConfig({ DATABASE_URL: 'postgresql://u:x@db/j', DATABASE_PASSWORD: 'y' })).toThrow('give it once');
  });
});
