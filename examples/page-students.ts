/**
 * Reads a large student list page by page and writes it to a file:
 *
 *   JIAFANG_TOKEN=… npx tsx examples/page-students.ts students.jsonl
 *   JIAFANG_TOKEN=… npx tsx examples/page-students.ts left-behind.csv --filter '{"focusCategories":["LEFT_BEHIND"]}'
 *
 * `.jsonl` writes one student per line as the API answers it; `.csv` writes the Chinese heads of
 * examples/students.sample.csv (plus 编号), so a CSV can be edited and sent back with
 * upsert-students.ts. The filter is a `StudentFilter` as JSON (see schema.graphql): `q`,
 * `schoolId`, `schoolingStatus`, `focusCategories`, `birthDate_gte`, …
 *
 * Options: --filter JSON, --per-page N (at most 1000, the API's limit and this script's default).
 * What a role may not read in full comes masked or as null (an analyst reads names, numbers and
 * phones masked, birth dates as the first of their month), never as an error. An API token reads
 * aggregate reports only, no student list.
 */
import fs from 'node:fs';

const API_URL = (process.env.JIAFANG_URL ?? 'http://localhost:4000').replace(/\/+$/, '');
const TOKEN = process.env.JIAFANG_TOKEN ?? '';

// ---------------------------------------------------------------------------------------------
// The API's shapes, as schema.graphql declares them (only the fields this script reads).

type Gender = 'MALE' | 'FEMALE';

/** A part of `StudentFilter`; any of its fields may be given with --filter. */
interface StudentFilter {
  q?: string;
  ids?: string[];
  schoolId?: string | null;
  classId?: string;
  schoolingStatus?: string;
  focusCategories?: string[];
  birthDate_gte?: string;
  birthDate_lte?: string;
  createdAt_lt?: string;
  [field: string]: unknown;
}

interface Guardian {
  name: string | null;
  relation: string;
  phone: string | null;
}

interface Student {
  id: string;
  name: string | null;
  gender: Gender;
  birthDate: string | null;
  idNumber: string | null;
  studentNumber: string | null;
  ethnicity: string | null;
  address: string | null;
  schoolingStatus: string;
  school: { code: string; name: string } | null;
  guardians: Guardian[] | null;
}

interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string };
}

const FIELDS = `id name gender birthDate idNumber studentNumber ethnicity address schoolingStatus school { code name }`;
// Guardians are asked for only by roles that may read them (an API token may not).
const GUARDIANS = `guardians { name relation phone }`;

/**
 * Why `sortField: "id"`: offset paging (page N = skip N × perPage rows) only works if every request
 * sees the rows in the same order. Ids are unique, so no two rows tie (rows that tie on a sort
 * column, e.g. two students born the same day, may come in any order); and an id never changes,
 * so a row edited while we page (its name, its school, its updatedAt) keeps its place instead of
 * moving to a page already read or still to come. The primary key's index also makes each page a
 * short index scan. Rows created while we page can still land on earlier pages (ids are random),
 * so for a fixed set add `"createdAt_lt": "<the time you start>"` to the filter; the script
 * compares the rows written with `_allStudentsMeta { count }` and warns when they differ.
 */
const PAGE = (withGuardians: boolean) => `
  query page($page: Int!, $perPage: Int!, $filter: StudentFilter, $withCount: Boolean!) {
    allStudents(page: $page, perPage: $perPage, sortField: "id", sortOrder: "ASC", filter: $filter) { ${FIELDS} ${withGuardians ? GUARDIANS : ''} }
    _allStudentsMeta(filter: $filter) @include(if: $withCount) { count }
  }`;

class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errors: GraphQLError[] = [],
  ) {
    super(message);
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

/** One try more on a network error or a 5xx answer: reading a page twice is harmless. */
async function retrying<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      const transient = !(error instanceof ApiError) || error.status >= 500;
      if (i >= 3 || !transient) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2_000 * i));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Output: JSON Lines, or CSV with the heads upsert-students.ts reads.

const GENDER_TEXT: Record<Gender, string> = { MALE: '男', FEMALE: '女' };
const RELATION_TEXT: Record<string, string> = {
  FATHER: '父亲', MOTHER: '母亲', GRANDFATHER: '祖父', GRANDMOTHER: '祖母', SIBLING: '兄弟姐妹', RELATIVE: '其他亲属', OTHER: '其他监护人',
};
const GUARDIAN_SLOTS = ['', '2', '3', '4'];
const CSV_HEADS = [
  '编号', '姓名', '性别', '出生日期', '身份证号', '全国学籍号', '民族', '学校标识码', '学校', '家庭住址', '就学状态',
  ...GUARDIAN_SLOTS.flatMap((s) => [`监护人${s}姓名`, `监护人${s}关系`, `监护人${s}电话`]),
];

const csvCell = (value: string | null | undefined) => {
  const text = value ?? '';
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

function csvLine(s: Student): string {
  const guardians = GUARDIAN_SLOTS.flatMap((_, i) => {
    const g = s.guardians?.[i];
    return [g?.name, g ? RELATION_TEXT[g.relation] ?? g.relation : '', g?.phone];
  });
  const cells = [s.id, s.name, GENDER_TEXT[s.gender], s.birthDate, s.idNumber, s.studentNumber, s.ethnicity, s.school?.code, s.school?.name, s.address, s.schoolingStatus, ...guardians];
  return cells.map(csvCell).join(',');
}

// ---------------------------------------------------------------------------------------------

function parseArgs(argv: string[]) {
  const options = { out: '', filter: {} as StudentFilter, perPage: 1000 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--filter') options.filter = JSON.parse(argv[++i]) as StudentFilter;
    else if (arg === '--per-page') options.perPage = Number(argv[++i]);
    else if (!arg.startsWith('--') && !options.out) options.out = arg;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!/\.(jsonl|csv)$/i.test(options.out)) throw new Error(`usage: npx tsx examples/page-students.ts <out.jsonl|out.csv> [--filter '{"schoolingStatus":"IN_COUNTY"}'] [--per-page 1000]`);
  if (!Number.isInteger(options.perPage) || options.perPage < 1 || options.perPage > 1000) throw new Error('--per-page must be 1…1000');
  return options;
}

async function main() {
  const { out, filter, perPage } = parseArgs(process.argv.slice(2));
  if (!TOKEN) throw new Error('set JIAFANG_TOKEN (see examples/README.md for how to get one)');
  const csv = /\.csv$/i.test(out);

  // Students and guardians only when the token's role may read them (`me { permissions }` says).
  const { me } = await gql<{ me: { role: string; permissions: { resource: string; operations: string[] }[] } }>(
    '{ me { role permissions { resource operations } } }',
    {},
  );
  if (!me.permissions.some((p) => p.resource === 'Student' && p.operations.includes('read'))) {
    throw new Error(`a ${me.role} token cannot list students: API tokens read aggregate reports only (docs/reports.md)`);
  }
  const withGuardians = me.permissions.some((p) => p.resource === 'Guardian' && p.operations.includes('read'));
  const query = PAGE(withGuardians);

  // Written to a temporary file and renamed at the end: a half-written file is never taken for a whole one.
  const partial = `${out}.partial`;
  const fd = fs.openSync(partial, 'w');
  if (csv) fs.writeSync(fd, '\uFEFF' + CSV_HEADS.join(',') + '\r\n'); // BOM: Excel reads it as UTF-8
  let count = 0;
  let written = 0;
  try {
    for (let page = 0; ; page++) {
      // The count comes with the first page, for the same filter.
      const data = await retrying(() =>
        gql<{ allStudents: Student[]; _allStudentsMeta?: { count: number } }>(query, { page, perPage, filter, withCount: page === 0 }),
      );
      if (page === 0) count = data._allStudentsMeta!.count;
      const rows = data.allStudents;
      if (rows.length) fs.writeSync(fd, rows.map((s) => (csv ? csvLine(s) : JSON.stringify(s))).join(csv ? '\r\n' : '\n') + (csv ? '\r\n' : '\n'));
      written += rows.length;
      console.log(`page ${page + 1}/${Math.max(1, Math.ceil(count / perPage))}: ${rows.length} rows (${written}/${count})`);
      // A short page is the last one.
      if (rows.length < perPage) break;
    }
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(partial, out);
  console.log(`wrote ${written} students to ${out} (${me.role}${withGuardians ? ', with guardians' : ''})`);
  if (written !== count) console.warn(`warning: the count was ${count} when paging began: students were added or removed meanwhile (see the comment on sortField)`);
}

main().catch((error: Error) => {
  console.error(`error: ${error.message}`);
  process.exitCode = 1;
});
