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
    const env = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      expect(passwordProblem(DEMO_PASSWORD)?.rule).toBe('PASSWORD_IS_DEMO');
    } finally {
      process.env.NODE_ENV = env;
    }
  });

  it('refuse common and guessable passwords, naming the field in the message', () => {
    for (const weak of ['12345678', 'password', ' '.repeat(8), 'qwertyuiop', 'P@ssw0rd123', 'woaini1314', 'zhangwei123', '88888888']) {
      expect([weak, passwordProblem(weak)?.rule]).toEqual([weak, 'WEAK_PASSWORD']);
    }
    expect(passwordProblem('12345678', {}, '新密码')?.message).toMatch(/^新密码太容易被猜到（这是最常用的密码之一）/);
    // The account's own names and this system's words count as known to an attacker.
    expect(passwordProblem('zhang.teacher2024', { username: 'zhang.teacher' })?.rule).toBe('WEAK_PASSWORD');
    expect(passwordProblem('Jiafang2024!')?.rule).toBe('WEAK_PASSWORD');
    // The demo password is published: it scores 2 and is refused outside production as well.
    expect(passwordProblem(DEMO_PASSWORD)?.rule).toBe('WEAK_PASSWORD');
    for (const strong of ['long-enough-1', 'reset-by-admin-3', 'correct horse 1', 'x7#Lp9-Kq2!m']) expect([strong, passwordProblem(strong)]).toEqual([strong, null]);
  });

  it('bound the time a check takes, whatever the input', () => {
    const started = Date.now();
    passwordProblem('4@8(3{6|!1|0]'.repeat(20));
    passwordProblem('x'.repeat(100_000));
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
