// What no text the API accepts may hold, wherever it comes from (GraphQL, an imported file):
// PostgreSQL refuses a NUL byte in text, and a lone UTF-16 surrogate cannot be stored as UTF-8
// (the audit event's JSON would fail after the row was checked).

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface TextProblem {
  rule: 'NUL_CHARACTER' | 'INVALID_CHARACTER';
  message: string;
}

/** Why a text cannot be stored, or null. */
export function textProblem(value: string, label: string): TextProblem | null {
  if (value.includes('\u0000')) return { rule: 'NUL_CHARACTER', message: `${label}含有不允许的空字符（\\u0000）` };
  if (LONE_SURROGATE.test(value)) return { rule: 'INVALID_CHARACTER', message: `${label}含有无效的字符编码（不成对的代理字符）` };
  return null;
}
