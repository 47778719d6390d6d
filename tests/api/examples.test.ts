import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../support/app';
import { createCounty } from '../support/county';

// The scripts in examples/ run as a script author runs them (tsx, JIAFANG_URL, JIAFANG_TOKEN)
// against the real server, so that they cannot drift from the API.
const ROOT = path.join(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const SAMPLE = path.join(ROOT, 'examples/students.sample.csv');
const SAMPLE_SCHOOL_CODE = '2161052601'; // the 学校标识码 the sample's rows name

let app: TestApp;
let county: Awaited<ReturnType<typeof createCounty>>;
let dir: string;

beforeAll(async () => {
  app = await startTestApp();
  county = await createCounty(app);
  await app.ok('mutation ($c: String!) { createSchool(name: "城关街道中心小学", code: $c, kind: PRIMARY) { id } }', { c: SAMPLE_SCHOOL_CODE }, county.users.BUREAU_ADMIN);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiafang-examples-'));
});
afterAll(async () => {
  await app?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs an example with tsx in a child process (asynchronously: the server runs in this process). */
function run(script: string, args: string[], token = county.users.BUREAU_ADMIN): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [path.join(ROOT, 'examples', script), ...args], {
      cwd: dir,
      env: { ...process.env, JIAFANG_URL: app.url, JIAFANG_TOKEN: token },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Lines of a CSV the examples wrote (BOM and CRLF removed; no cell here holds a line break). */
const csvLines = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');

describe('examples/upsert-students.ts', () => {
  it('creates the sample students with their guardians, then replays the batch on a rerun', async () => {
    const first = await run('upsert-students.ts', [SAMPLE]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('batch 1/1 (5 rows, lines 2–6): created 5, updated 0, unchanged 0, failed 0');
    expect(csvLines('failed-rows.csv')).toHaveLength(1); // the heads only
    const stored = await app.ok('{ allStudents(filter: { q: "王子涵" }) { idNumber school { code } guardians { name relation phone } } }', {}, county.users.BUREAU_ADMIN);
    expect(stored.allStudents).toEqual([
      {
        idNumber: '61052620140312811X',
        school: { code: SAMPLE_SCHOOL_CODE },
        guardians: expect.arrayContaining([
          { name: '王建军', relation: 'FATHER', phone: '13891234501' },
          { name: '李秀梅', relation: 'MOTHER', phone: '13891234502' },
        ]),
      },
    ]);

    // The same file again: the idempotency key answers the first result without writing.
    const again = await run('upsert-students.ts', [SAMPLE]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('created 5, updated 0, unchanged 0, failed 0 (replayed');
  });

  it('writes the good rows in batches and the failed ones, with code, field and message, to failed-rows.csv', async () => {
    const sample = fs.readFileSync(SAMPLE, 'utf8').trim().split(/\r?\n/);
    const bad = [
      '校验错,男,2014-03-12,610526201403128111,,汉族,2161052601,,城关街道,,,,,,', // wrong check digit
      '电话错,女,2015-07-25,610526201507258226,,汉族,2161052601,,城关街道,某家长,母亲,123,,,', // the sample's 李欣怡, bad phone
      '性别错,未知,2014-03-12,61052620140312811X,,汉族,2161052601,,城关街道,,,,,,', // not sent: unknown gender
    ];
    // The first sample row renamed (an update), four unchanged, three bad; batches of three.
    const rows = [sample[0], sample[1].replace('王子涵', '王子涵改'), ...sample.slice(2), ...bad];
    fs.writeFileSync(path.join(dir, 'mixed.csv'), rows.join('\n') + '\n');
    const result = await run('upsert-students.ts', ['mixed.csv', '--batch-size', '3', '--failed', 'mixed-failed.csv']);
    expect(result.code).toBe(2); // some rows failed
    expect(result.stdout).toContain('1 row not sent');
    expect(result.stdout).toMatch(/batch 1\/3 \(3 rows, lines 2–4\): created 0, updated 1, unchanged 2, failed 0/);
    expect(result.stdout).toContain('total: created 0, updated 1, unchanged 4, failed 3');

    const [heads, ...failed] = csvLines('mixed-failed.csv');
    expect(heads.split(',').slice(0, 8)).toEqual(['行号', '错误代码', '字段', '列', '规则', '说明', '全部问题', '姓名']);
    expect(failed.map((line) => line.split(',').slice(0, 5))).toEqual([
      ['7', 'BAD_USER_INPUT', 'idNumber', '身份证号', 'ID_NUMBER_CHECK_DIGIT'],
      ['8', 'BAD_USER_INPUT', 'guardians.0.phone', '监护人电话', 'PHONE_FORMAT'],
      ['9', 'BAD_USER_INPUT', 'gender', '性别', 'UNKNOWN_VALUE'],
    ]);
    expect(failed[0]).toContain('身份证号校验码错误');
    expect(failed[0]).toContain('校验错,男,2014-03-12,610526201403128111'); // the row as read, to fix and resend
    expect((await app.sql('select name from student where id_number = ?', ['61052620140312811X']))[0].name).toBe('王子涵改');
  });

  it('reports the rows a read-only role may not write, each with its code', async () => {
    const result = await run('upsert-students.ts', [SAMPLE, '--key-prefix', 'readonly', '--failed', 'readonly-failed.csv'], county.users.ANALYST);
    expect(result.code).toBe(2);
    const failed = csvLines('readonly-failed.csv').slice(1);
    expect(failed).toHaveLength(5);
    expect(failed.every((line) => line.split(',')[1] === 'FORBIDDEN')).toBe(true);
  });
});

describe('examples/page-students.ts', () => {
  it('pages through every student by id into JSON Lines, as many as _allStudentsMeta counts', async () => {
    const { _allStudentsMeta: meta } = await app.ok('{ _allStudentsMeta { count } }', {}, county.users.BUREAU_ADMIN);
    expect(meta.count).toBeGreaterThan(5);
    const result = await run('page-students.ts', ['all.jsonl', '--per-page', '2']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`wrote ${meta.count} students to all.jsonl`);
    const students = fs.readFileSync(path.join(dir, 'all.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const ids = students.map((s) => s.id as string);
    expect(ids).toHaveLength(meta.count);
    expect(new Set(ids).size).toBe(ids.length); // no row twice across pages
    expect(ids).toEqual([...ids].sort()); // in id order
    expect(students.find((s) => s.name === '王子涵改')).toMatchObject({ idNumber: '61052620140312811X', school: { code: SAMPLE_SCHOOL_CODE } });
    expect(fs.existsSync(path.join(dir, 'all.jsonl.partial'))).toBe(false);
  });

  it('writes a filtered CSV that upsert-students.ts reads back unchanged', async () => {
    const filter = { schoolId: county.schools.A };
    const { _allStudentsMeta: meta } = await app.ok('query ($f: StudentFilter) { _allStudentsMeta(filter: $f) { count } }', { f: filter }, county.users.BUREAU_ADMIN);
    const result = await run('page-students.ts', ['school-a.csv', '--filter', JSON.stringify(filter)]);
    expect(result.code).toBe(0);
    const [heads, ...rows] = csvLines('school-a.csv');
    expect(heads.split(',').slice(0, 5)).toEqual(['编号', '姓名', '性别', '出生日期', '身份证号']);
    expect(rows).toHaveLength(meta.count);
    expect(rows.join('\n')).toContain('张晓明,男');

    const back = await run('upsert-students.ts', ['school-a.csv', '--failed', 'school-a-failed.csv']);
    expect(back.code).toBe(0);
    expect(back.stdout).toContain(`total: created 0, updated 0, unchanged ${meta.count}, failed 0`);
  });

  it('gives an API token no student list: tokens read aggregates only', async () => {
    const { createApiToken } = await app.ok('mutation { createApiToken(name: "examples test") { token } }', {}, county.users.BUREAU_ADMIN);
    const result = await run('page-students.ts', ['deidentified.jsonl'], createApiToken.token);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('cannot list students');
    expect(fs.existsSync(path.join(dir, 'deidentified.jsonl'))).toBe(false);
  });
});
