import { DEMO_PASSWORD, hashPassword, passwordProblem, verifyPassword } from './password';

describe('passwords', () => {
  it('verify against their scrypt hash only', () => {
    const hash = hashPassword('correct horse 1');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(verifyPassword('correct horse 1', hash)).toBe(true);
    expect(verifyPassword('correct horse 2', hash)).toBe(false);
    expect(hashPassword('correct horse 1')).not.toBe(hash); // salted
  });

  it('follow the policy: length, not the username, not the demo password in production', () => {
    expect(passwordProblem('short')?.rule).toBe('PASSWORD_TOO_SHORT');
    expect(passwordProblem('Teacher.Li', { username: 'teacher.li' })?.rule).toBe('PASSWORD_IS_USERNAME');
    expect(passwordProblem(DEMO_PASSWORD)).toBeNull();
    const env = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      expect(passwordProblem(DEMO_PASSWORD)?.rule).toBe('PASSWORD_IS_DEMO');
    } finally {
      process.env.NODE_ENV = env;
    }
  });
});
