import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import { PINYIN_WORDS, PRODUCT_WORDS } from './password-words';

// scrypt with per-password salt; parameters are stored with the hash so they can be raised later.
const N = 16384, R = 8, P = 1, KEYLEN = 32;

export function hashPassword(plain: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(plain, salt, KEYLEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyPassword(plain: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(plain, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

/** A hash of nothing anyone can type, so unknown users cost the same time as known ones. */
export const UNUSABLE_HASH = hashPassword(randomBytes(24).toString('hex'));

/** The demo county's shared password: refused for real accounts in production. */
export const DEMO_PASSWORD = 'jiafang-demo';

/** zxcvbn's score (0–4) a password needs: 3 is "safely unguessable" against an offline attack on a slow hash. */
export const MIN_PASSWORD_SCORE = 3;

// The dictionaries take ~100 ms and some megabytes to rank: built on the first check, not at import.
// The check blocks the event loop: with zxcvbn's defaults a random 256-character input takes
// seconds, so it reads the first 64 characters and tries fewer l33t substitutions (under 50 ms).
let estimator: ZxcvbnFactory | undefined;
function strength(plain: string, userInputs: string[]): ZxcvbnResult {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary, pinyin: PINYIN_WORDS },
    graphs: zxcvbnCommon.adjacencyGraphs,
    maxLength: 64,
    l33tMaxSubstitutions: 10,
  });
  return estimator.check(plain, userInputs);
}

// zxcvbn's feedback keys (its default translations are the keys themselves), in Chinese.
const WARNINGS: Record<string, string> = {
  straightRow: '键盘上连成一行的键很容易被猜到',
  keyPattern: '短的键盘图案很容易被猜到',
  simpleRepeat: '“aaa”这样的重复字符很容易被猜到',
  extendedRepeat: '“abcabcabc”这样的重复片段很容易被猜到',
  sequences: '“abc”“123”这样的顺序很容易被猜到',
  recentYears: '近年的年份很容易被猜到',
  dates: '日期很容易被猜到',
  topTen: '这是最常用的密码之一',
  topHundred: '这是很常用的密码',
  common: '这是常用密码',
  similarToCommon: '这与常用密码相近',
  wordByItself: '单个词语很容易被猜到',
  namesByThemselves: '单独的姓名或姓氏很容易被猜到',
  commonNames: '常见姓名很容易被猜到',
  userInputs: '不要包含用户名、姓名或本系统的名称',
  pwned: '这个密码已在网上泄露',
};

/** Strings of the account and of this system a password must not be built on. */
function userInputsOf(record: { username?: unknown; displayName?: unknown }): string[] {
  const own = [record.username, record.displayName].filter((v): v is string => typeof v === 'string' && v.length > 0);
  // "zhang.teacher" is guessable as "zhang" and "teacher" too.
  return [...new Set([...own, ...own.flatMap((v) => v.split(/[^\p{L}\p{N}]+/u)).filter((p) => p.length >= 3), ...PRODUCT_WORDS])];
}

/**
 * Password policy: 8 characters or more, not the username, not the demo password in production,
 * and not guessable (zxcvbn score at least 3, counting the account's names and this system's
 * words as known to an attacker). `label` names the field in the message (密码, 新密码).
 */
export function passwordProblem(plain: string, record: { username?: unknown; displayName?: unknown } = {}, label = '密码'): { rule: string; message: string } | null {
  if (plain.length < 8) return { rule: 'PASSWORD_TOO_SHORT', message: `${label}至少8位` };
  if (typeof record.username === 'string' && plain.toLowerCase() === record.username.toLowerCase()) {
    return { rule: 'PASSWORD_IS_USERNAME', message: `${label}不能与用户名相同` };
  }
  if (process.env.NODE_ENV === 'production' && plain === DEMO_PASSWORD) {
    return { rule: 'PASSWORD_IS_DEMO', message: `生产环境${label}不能使用演示密码` };
  }
  const result = strength(plain, userInputsOf(record));
  if (result.score < MIN_PASSWORD_SCORE) {
    const why = result.feedback.warning ? WARNINGS[result.feedback.warning] : undefined;
    return {
      rule: 'WEAK_PASSWORD',
      message: `${label}太容易被猜到${why ? `（${why}）` : ''}：请用更长、不常见的组合，例如几个不相关的词加数字，不要用常用密码、键盘顺序、重复字符、日期或姓名`,
    };
  }
  return null;
}
