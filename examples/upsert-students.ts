/**
 * Creates or updates students, with their guardians, from a CSV or JSON file:
 *
 *   JIAFANG_TOKEN=… npx tsx examples/upsert-students.ts students.csv
 *   JIAFANG_TOKEN=… npx tsx examples/upsert-students.ts students.json --batch-size 2000
 *
 * Rows are sent with `upsertManyStudents(data, key: ID_NUMBER, mode: VALID_ONLY, idempotencyKey)`
 * in batches of 1,000 (one call's body is at most 1 MB on a default server): a student whose 身份证号 is already on the roster is updated (or left
 * unchanged), a new one is created, and a bad row is reported without holding back the others.
 *
 * Each batch carries an idempotency key made of the file's SHA-256, the batch size and the batch
 * number. After a crash or a lost connection, run the same command again: the batches the server
 * already wrote answer their first result (marked "replayed") and are not written twice; the rest
 * are written now. A changed file gets new keys by itself (its hash changes).
 *
 * Rows that failed go to failed-rows.csv with the API's error code, field, rule and message
 * (for JSON input also to failed-rows.json): fix them there and send that file again.
 *
 * Options: --batch-size N (default 1000), --failed FILE (default failed-rows.csv in the current
 * directory), --key-prefix TEXT (start a fresh series of idempotency keys), --dry-run (check only).
 * Exit code: 0 when every row was written, 2 when some rows failed, 1 on any other error.
 *
 * Needs Node ≥ 20 (global fetch) and nothing else; the CSV reader is at the end of the file.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const API_URL = (process.env.JIAFANG_URL ?? 'http://localhost:4000').replace(/\/+$/, '');
const TOKEN = process.env.JIAFANG_TOKEN ?? '';

// ---------------------------------------------------------------------------------------------
// The API's shapes, as schema.graphql declares them (only the fields this script uses).

type Gender = 'MALE' | 'FEMALE';
type GuardianRelation = 'FATHER' | 'MOTHER' | 'GRANDFATHER' | 'GRANDMOTHER' | 'SIBLING' | 'RELATIVE' | 'OTHER';

/** `StudentGuardianInput`: a guardian written with the student (matched by name and relation). */
interface StudentGuardianInput {
  name: string;
  relation: GuardianRelation;
  phone: string;
  phone2?: string | null;
  livesWithStudent?: boolean | null;
  worksAway?: boolean | null;
}

/** `StudentInput`: one row of `upsertManyStudents(data: [StudentInput!]!)`. */
interface StudentInput {
  name: string;
  gender: Gender;
  birthDate: string; // LocalDate, YYYY-MM-DD
  idNumber?: string | null;
  studentNumber?: string | null;
  ethnicity?: string | null;
  address?: string | null;
  note?: string | null;
  schoolId?: string | null;
  classId?: string | null;
  guardians?: StudentGuardianInput[] | null;
}

/** A JSON input row: a StudentInput, with a school given by its 学校标识码 instead of its id if wished. */
type JsonStudent = StudentInput & { schoolCode?: string | null };

type BulkRowStatus = 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'ERROR' | 'NOT_WRITTEN';

interface BulkProblem {
  field: string;
  rule: string;
  message: string;
}

/** `BulkRowResult`: `index` is the row's position in the batch. */
interface BulkRowResult {
  index: number;
  status: BulkRowStatus;
  id: string | null;
  code: string | null;
  field: string | null;
  rule: string | null;
  message: string | null;
  problems: BulkProblem[] | null;
}

/** `BulkResult`: with `onlyErrors: true`, `rows` lists the failed rows only (the counts are all rows'). */
interface BulkResult {
  committed: boolean;
  dryRun: boolean;
  replayed: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  rows: BulkRowResult[];
}

interface GraphQLError {
  message: string;
  extensions?: { code?: string; field?: string; rule?: string };
}

const UPSERT = `
  mutation upsertStudents($data: [StudentInput!]!, $idempotencyKey: String, $dryRun: Boolean!) {
    upsertManyStudents(data: $data, key: ID_NUMBER, mode: VALID_ONLY, idempotencyKey: $idempotencyKey, dryRun: $dryRun, onlyErrors: true) {
      committed dryRun replayed total created updated unchanged failed
      rows { index status id code field rule message problems { field rule message } }
    }
  }`;

const SCHOOLS = `query schools($page: Int) { allSchools(page: $page, perPage: 1000, sortField: "id") { id code name } }`;

// ---------------------------------------------------------------------------------------------
// Talking to the API.

class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errors: GraphQLError[] = [],
  ) {
    super(message);
  }
  get code() {
    return this.errors[0]?.extensions?.code;
  }
  get rule() {
    return this.errors[0]?.extensions?.rule;
  }
}

async function gql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${API_URL}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: GraphQLError[] };
  if (body.errors?.length || !body.data) {
    const first = body.errors?.[0];
    const where = first?.extensions?.field ? ` (${first.extensions.field})` : '';
    throw new ApiError(`${first?.extensions?.code ?? `HTTP ${response.status}`}: ${first?.message ?? response.statusText}${where}`, response.status, body.errors);
  }
  return body.data;
}

/** Network failures and 5xx answers are worth another try; the idempotency key makes it safe. */
const isTransient = (error: unknown) => !(error instanceof ApiError) || error.status >= 500 || error.code === 'INTERNAL_SERVER_ERROR';

async function withRetries<T>(what: string, attempt: () => Promise<T>, tries = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= tries || !isTransient(error)) throw error;
      const wait = 2_000 * 2 ** (i - 1);
      console.warn(`  ${what}: ${(error as Error).message}; trying again in ${wait / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** 学校标识码 → id and 学校 name → id, for the schools the token can see. */
async function loadSchools(): Promise<{ byCode: Map<string, string>; byName: Map<string, string | null> }> {
  const byCode = new Map<string, string>();
  const byName = new Map<string, string | null>(); // null: two schools share the name
  for (let page = 0; ; page++) {
    const { allSchools } = await gql<{ allSchools: { id: string; code: string; name: string }[] }>(SCHOOLS, { page });
    for (const s of allSchools) {
      byCode.set(s.code, s.id);
      byName.set(s.name, byName.has(s.name) ? null : s.id);
    }
    if (allSchools.length < 1000) return { byCode, byName };
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the file: CSV with the Chinese heads of examples/students.sample.csv, or JSON.

/** The CSV heads this script reads; others (such as the error columns of failed-rows.csv) are ignored. */
const HEAD = {
  name: '姓名',
  gender: '性别',
  birthDate: '出生日期',
  idNumber: '身份证号',
  studentNumber: '全国学籍号',
  ethnicity: '民族',
  schoolCode: '学校标识码',
  school: '学校',
  address: '家庭住址',
  note: '备注',
} as const;
/** Guardians as 监护人姓名/监护人关系/监护人电话, then 监护人2姓名/… up to 监护人4. */
const GUARDIAN_SLOTS = ['', '2', '3', '4'];
const guardianHead = (slot: string, part: '姓名' | '关系' | '电话') => `监护人${slot}${part}`;

const GENDERS: Record<string, Gender> = { 男: 'MALE', 女: 'FEMALE', MALE: 'MALE', FEMALE: 'FEMALE' };
const RELATIONS: Record<string, GuardianRelation> = {
  父亲: 'FATHER', 父: 'FATHER', 母亲: 'MOTHER', 母: 'MOTHER',
  祖父: 'GRANDFATHER', 外祖父: 'GRANDFATHER', '祖父/外祖父': 'GRANDFATHER', 爷爷: 'GRANDFATHER', 外公: 'GRANDFATHER',
  祖母: 'GRANDMOTHER', 外祖母: 'GRANDMOTHER', '祖母/外祖母': 'GRANDMOTHER', 奶奶: 'GRANDMOTHER', 外婆: 'GRANDMOTHER',
  兄弟姐妹: 'SIBLING', 哥哥: 'SIBLING', 姐姐: 'SIBLING', 其他亲属: 'RELATIVE', 其他监护人: 'OTHER', 其他: 'OTHER',
  FATHER: 'FATHER', MOTHER: 'MOTHER', GRANDFATHER: 'GRANDFATHER', GRANDMOTHER: 'GRANDMOTHER', SIBLING: 'SIBLING', RELATIVE: 'RELATIVE', OTHER: 'OTHER',
};

/** One row of the file: what was read, what will be sent, or why it cannot be. */
interface SourceRow {
  /** Where it is in the file: the CSV line or the JSON array position (both from 1). */
  line: number;
  csv?: Record<string, string>;
  json?: JsonStudent;
  input?: StudentInput;
  schoolCode?: string;
  schoolName?: string;
  /** A problem found before sending (a value the API has no name for, an unknown school). */
  local?: BulkProblem;
}

class LocalProblem extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** 2014-03-12, 2014/3/12, 2014.3.12 or 20140312 → 2014-03-12. */
function isoDate(value: string): string {
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(value);
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : value;
}

function fromCsv(record: Record<string, string>): { input: StudentInput; schoolCode?: string; schoolName?: string } {
  const get = (head: string) => (record[head] ?? '').trim() || undefined;
  const idNumber = get(HEAD.idNumber)?.toUpperCase();
  const fromId = idNumber && /^\d{17}[\dX]$/.test(idNumber);
  // Blank 性别 or 出生日期 are read from the 身份证号 (its 17th digit, its 7th–14th digits).
  const genderText = get(HEAD.gender);
  const gender = genderText ? GENDERS[genderText] : fromId ? (Number(idNumber[16]) % 2 ? 'MALE' : 'FEMALE') : undefined;
  if (!gender) throw new LocalProblem('gender', genderText ? 'UNKNOWN_VALUE' : 'REQUIRED', genderText ? `性别应为“男”或“女”，不是“${genderText}”` : '缺少性别');
  const birth = get(HEAD.birthDate);
  const birthDate = birth ? isoDate(birth) : fromId ? `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}` : '';

  const guardians: StudentGuardianInput[] = [];
  GUARDIAN_SLOTS.forEach((slot, i) => {
    const name = get(guardianHead(slot, '姓名'));
    const relationText = get(guardianHead(slot, '关系'));
    const phone = get(guardianHead(slot, '电话'));
    if (!name && !relationText && !phone) return;
    const relation = relationText ? RELATIONS[relationText] : undefined;
    if (!relation) {
      throw new LocalProblem(`guardians.${guardians.length}.relation`, 'UNKNOWN_VALUE', `监护人${i + 1}的关系“${relationText ?? ''}”无法识别（如 父亲、母亲、祖父、祖母、兄弟姐妹、其他亲属）`);
    }
    guardians.push({ name: name ?? '', relation, phone: phone ?? '' });
  });

  const input: StudentInput = {
    name: get(HEAD.name) ?? '',
    gender,
    birthDate,
    idNumber: idNumber ?? null,
    studentNumber: get(HEAD.studentNumber) ?? null,
    ethnicity: get(HEAD.ethnicity) ?? null,
    address: get(HEAD.address) ?? null,
    note: get(HEAD.note) ?? null,
    guardians: guardians.length ? guardians : null,
  };
  // Leave out what the file does not give, so an update does not blank it on the roster.
  for (const key of Object.keys(input) as (keyof StudentInput)[]) if (input[key] === null) delete input[key];
  return { input, schoolCode: get(HEAD.schoolCode), schoolName: get(HEAD.school) };
}

const STRING_FIELDS = ['name', 'idNumber', 'studentNumber', 'ethnicity', 'address', 'note', 'schoolId', 'classId'] as const;
const KNOWN_FIELDS = new Set<string>([...STRING_FIELDS, 'gender', 'birthDate', 'guardians']);
const GUARDIAN_FIELDS = new Set(['name', 'relation', 'phone', 'phone2', 'livesWithStudent', 'worksAway']);

/**
 * What GraphQL itself would refuse for the whole call (an unknown enum value, a malformed date, a
 * field StudentInput has not): found here, per row, so that one bad row cannot hold back its batch.
 * Everything else (check digits, phones, duplicates, access) the API checks and reports per row.
 */
function shapeProblem(input: StudentInput): BulkProblem | null {
  const bad = (field: string, rule: string, message: string) => ({ field, rule, message });
  const unknown = Object.keys(input).find((k) => !KNOWN_FIELDS.has(k));
  if (unknown) return bad(unknown, 'UNKNOWN_FIELD', `此脚本不发送 ${unknown}（StudentInput 中的其他字段可加入 KNOWN_FIELDS）`);
  for (const f of STRING_FIELDS) if (input[f] != null && typeof input[f] !== 'string') return bad(f, 'NOT_TEXT', `${f} 应为文字`);
  if (typeof input.name !== 'string') return bad('name', 'REQUIRED', '缺少姓名');
  if (input.gender !== 'MALE' && input.gender !== 'FEMALE') return bad('gender', 'UNKNOWN_VALUE', '性别应为 MALE 或 FEMALE');
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.birthDate ?? '');
  const valid = date && new Date(Date.UTC(+date[1], +date[2] - 1, +date[3])).toISOString().slice(0, 10) === input.birthDate;
  if (!valid) return bad('birthDate', input.birthDate ? 'DATE_FORMAT' : 'REQUIRED', input.birthDate ? `出生日期“${input.birthDate}”应为有效日期，如 2014-03-12` : '缺少出生日期');
  for (const [i, g] of (input.guardians ?? []).entries()) {
    const extra = Object.keys(g).find((k) => !GUARDIAN_FIELDS.has(k));
    if (extra) return bad(`guardians.${i}.${extra}`, 'UNKNOWN_FIELD', `监护人没有 ${extra} 字段`);
    if (!Object.values(RELATIONS).includes(g.relation)) return bad(`guardians.${i}.relation`, 'UNKNOWN_VALUE', `监护人关系“${g.relation}”无法识别`);
    if (typeof g.name !== 'string' || typeof g.phone !== 'string') return bad(`guardians.${i}.phone`, 'REQUIRED', '监护人应有姓名和电话');
  }
  return null;
}

function readRows(file: string, bytes: Buffer): SourceRow[] {
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD')) {
    throw new Error(`${file} is not UTF-8: in Excel save it as “CSV UTF-8（逗号分隔）”, or convert it with iconv -f GBK -t UTF-8`);
  }
  if (/\.json$/i.test(file)) {
    const data = JSON.parse(text) as JsonStudent[] | { students: JsonStudent[] };
    const list = Array.isArray(data) ? data : data.students;
    if (!Array.isArray(list)) throw new Error(`${file}: expected an array of students (or { "students": [...] })`);
    return list.map((json, i) => {
      const { schoolCode, ...input } = json;
      const local = shapeProblem(input) ?? undefined;
      return { line: i + 1, json, input: local ? undefined : input, schoolCode: schoolCode ?? undefined, local };
    });
  }
  const { heads, records } = readCsv(text);
  if (!heads.includes(HEAD.name)) throw new Error(`${file}: no “${HEAD.name}” column; the heads are ${heads.join(', ')}`);
  return records.map(({ line, values }) => {
    const csv = Object.fromEntries(heads.map((h, i) => [h, values[i] ?? '']));
    try {
      const row = fromCsv(csv);
      const local = shapeProblem(row.input);
      return local ? { line, csv, local } : { line, csv, ...row };
    } catch (error) {
      if (!(error instanceof LocalProblem)) throw error;
      return { line, csv, local: { field: error.field, rule: error.rule, message: error.message } };
    }
  });
}

// ---------------------------------------------------------------------------------------------
// failed-rows.csv: the error, then the row as read (for CSV input, ready to fix and send again).

const ERROR_HEADS = ['行号', '错误代码', '字段', '列', '规则', '说明', '全部问题'];

/** The CSV column an API field comes from: idNumber → 身份证号, guardians.1.phone → 监护人2电话. */
function columnOf(field: string | null): string {
  if (!field) return '';
  const guardian = /^guardians\.(\d+)\.(name|relation|phone)$/.exec(field);
  if (guardian) return guardianHead(GUARDIAN_SLOTS[Number(guardian[1])] ?? guardian[1], ({ name: '姓名', relation: '关系', phone: '电话' } as const)[guardian[2] as 'name']);
  if (field === 'schoolId') return `${HEAD.schoolCode}/${HEAD.school}`;
  return (HEAD as Record<string, string>)[field] ?? '';
}

interface Failure {
  row: SourceRow;
  code: string;
  field: string | null;
  rule: string | null;
  message: string;
  problems: BulkProblem[];
}

function writeFailures(file: string, failures: Failure[], csvHeads: string[] | null) {
  // The row as read; a resent failed-rows.csv does not carry its old error columns twice.
  const heads = csvHeads?.filter((h) => !ERROR_HEADS.includes(h)) ?? null;
  const dataHeads = heads ?? ['数据'];
  const lines = [[...ERROR_HEADS, ...dataHeads]];
  for (const f of failures.sort((a, b) => a.row.line - b.row.line)) {
    const all = f.problems.map((p) => `${p.field}: ${p.message}`).join('；');
    const data = heads ? heads.map((h) => f.row.csv?.[h] ?? '') : [JSON.stringify(f.row.json)];
    lines.push([String(f.row.line), f.code, f.field ?? '', columnOf(f.field), f.rule ?? '', f.message, all, ...data]);
  }
  // With a BOM, so that Excel opens the Chinese text as UTF-8.
  fs.writeFileSync(file, '\uFEFF' + lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n');
}

// ---------------------------------------------------------------------------------------------

function parseArgs(argv: string[]) {
  const options = { file: '', batchSize: 1_000, failed: 'failed-rows.csv', keyPrefix: 'students', dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--batch-size') options.batchSize = Number(argv[++i]);
    else if (arg === '--failed') options.failed = argv[++i];
    else if (arg === '--key-prefix') options.keyPrefix = argv[++i];
    else if (arg === '--dry-run') options.dryRun = true;
    else if (!arg.startsWith('--') && !options.file) options.file = arg;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!options.file) throw new Error('usage: npx tsx examples/upsert-students.ts <students.csv|students.json> [--batch-size N] [--failed FILE] [--key-prefix TEXT] [--dry-run]');
  // The API takes at most 100,000 rows per call; a few thousand keep each transaction short.
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1 || options.batchSize > 100_000) throw new Error('--batch-size must be 1…100000');
  if (!/^[\w.-]{1,40}$/.test(options.keyPrefix)) throw new Error('--key-prefix: letters, digits, - _ . only');
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!TOKEN) throw new Error('set JIAFANG_TOKEN (see examples/README.md for how to get one)');

  const bytes = fs.readFileSync(options.file);
  const fileHash = createHash('sha256').update(bytes).digest('hex');
  const rows = readRows(options.file, bytes);
  const csvHeads = rows[0]?.csv ? Object.keys(rows[0].csv) : /\.json$/i.test(options.file) ? null : [];
  console.log(`${options.file}: ${rows.length} rows, sha256 ${fileHash.slice(0, 16)}…, to ${API_URL}${options.dryRun ? ' (dry run)' : ''}`);

  // Schools given by code or name become schoolId.
  if (rows.some((r) => r.schoolCode || r.schoolName)) {
    const schools = await withRetries('reading schools', loadSchools);
    for (const row of rows) {
      if (!row.input || (!row.schoolCode && !row.schoolName)) continue;
      const id = row.schoolCode ? schools.byCode.get(row.schoolCode) : schools.byName.get(row.schoolName!);
      if (id) row.input.schoolId = id;
      else {
        const what = row.schoolCode ? `学校标识码 ${row.schoolCode}` : `学校“${row.schoolName}”`;
        const why = id === null ? '有多所学校同名，请填学校标识码' : '不存在或当前账号不能访问';
        row.local = { field: 'schoolId', rule: 'SCHOOL_NOT_FOUND', message: `${what} ${why}` };
      }
    }
  }

  const failures: Failure[] = rows
    .filter((r) => r.local)
    .map((row) => ({ row, code: 'BAD_USER_INPUT', ...row.local!, problems: [row.local!] }));
  if (failures.length) console.log(`${failures.length} ${failures.length === 1 ? 'row' : 'rows'} not sent: a value or school the API would not know (see ${options.failed})`);

  const sendable = rows.filter((r) => !r.local && r.input);
  const batches = Math.ceil(sendable.length / options.batchSize);
  const totals = { created: 0, updated: 0, unchanged: 0, failed: failures.length };
  for (let b = 0; b < batches; b++) {
    const batch = sendable.slice(b * options.batchSize, (b + 1) * options.batchSize);
    // Same file, same batch size, same batch number → same key: a rerun replays instead of writing twice.
    const key = `${options.keyPrefix}:${fileHash.slice(0, 32)}:${options.batchSize}:${b + 1}`;
    const label = `batch ${b + 1}/${batches} (${batch.length} ${batch.length === 1 ? 'row' : 'rows'}, ${csvHeads ? 'lines' : 'items'} ${batch[0].line}–${batch[batch.length - 1].line})`;
    let result: BulkResult;
    try {
      result = (
        await withRetries(label, () =>
          gql<{ upsertManyStudents: BulkResult }>(UPSERT, { data: batch.map((r) => r.input), idempotencyKey: options.dryRun ? null : key, dryRun: options.dryRun }),
        )
      ).upsertManyStudents;
    } catch (error) {
      if (error instanceof ApiError && error.rule === 'IDEMPOTENCY_KEY_REUSED') {
        throw new Error(
          `${label}: an earlier run sent different rows as this batch (the schools known, or the file, changed). ` +
            'Upserts by 身份证号 are safe to send again: rerun with --key-prefix <new text> to use fresh keys.',
        );
      }
      throw error;
    }
    for (const r of result.rows.filter((x) => x.status === 'ERROR')) {
      failures.push({ row: batch[r.index], code: r.code ?? 'ERROR', field: r.field, rule: r.rule, message: r.message ?? '', problems: r.problems ?? [] });
    }
    totals.created += result.created;
    totals.updated += result.updated;
    totals.unchanged += result.unchanged;
    totals.failed += result.failed;
    const note = result.replayed ? ' (replayed: written by an earlier run)' : result.dryRun ? ' (dry run: nothing written)' : '';
    console.log(`${label}: created ${result.created}, updated ${result.updated}, unchanged ${result.unchanged}, failed ${result.failed}${note}`);
  }

  writeFailures(options.failed, failures, csvHeads);
  if (csvHeads === null) {
    const jsonFile = options.failed.replace(/\.csv$/i, '') + '.json';
    fs.writeFileSync(jsonFile, JSON.stringify(failures.map((f) => f.row.json), null, 2) + '\n');
  }
  console.log(`total: created ${totals.created}, updated ${totals.updated}, unchanged ${totals.unchanged}, failed ${totals.failed}`);
  console.log(failures.length ? `failed rows: ${path.resolve(options.failed)} (fix them and send that file again)` : `no failed rows (${options.failed} has the heads only)`);
  process.exitCode = failures.length ? 2 : 0;
}

// ---------------------------------------------------------------------------------------------
// A small CSV reader and writer (RFC 4180: quoted cells, "" inside quotes, CRLF or LF, a BOM).

function readCsv(text: string): { heads: string[]; records: { line: number; values: string[] }[] } {
  const records: { line: number; values: string[] }[] = [];
  let values: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') values.push(cell), (cell = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      values.push(cell);
      if (values.some((v) => v.trim() !== '')) records.push({ line: start, values });
      (values = []), (cell = ''), (start = ++line);
    } else cell += c;
  }
  values.push(cell);
  if (values.some((v) => v.trim() !== '')) records.push({ line: start, values });
  const [head, ...rest] = records;
  return { heads: (head?.values ?? []).map((h) => h.trim()), records: rest };
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

main().catch((error: Error) => {
  console.error(`error: ${error.message}`);
  process.exitCode = 1;
});
