import fc from 'fast-check';
import { useCounty } from '../support/county';
import { messagesOf } from '../support/pool-messages';

// A top list whose selection needs no JavaScript is answered with the JSON text PostgreSQL builds
// (DataGateway.listText), never parsed or serialized again. The same selection with an alias
// added goes the other way (objects finished in JavaScript, then GraphQL's own serialization):
// both must give the same answer, key for key and in the same order, for every role.

const t = useCounty();
const RESOURCES = ['Student', 'School', 'SchoolClass', 'Guardian', 'StaffMember', 'VisitRecord', 'Pairing', 'AssistanceItem', 'CareCheck', 'DropoutCase'];
const ROLES = ['BUREAU_ADMIN', 'SCHOOL_ADMIN', 'TEACHER', 'ANALYST', 'AID_OFFICER'];

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface Field {
  name: string;
  args: Array<{ name: string }>;
  type: TypeRef;
}
const types = new Map<string, Field[]>();

const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);
const leafy = (t: TypeRef) => ['SCALAR', 'ENUM'].includes(named(t).kind);

async function fieldsOf(type: string): Promise<Field[]> {
  let fields = types.get(type);
  if (!fields) {
    const q = `query ($n: String!) { __type(name: $n) { fields { name args { name } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }`;
    fields = ((await t.app.ok(q, { n: type }, t.county.users.BUREAU_ADMIN)).__type.fields as Field[]).filter((f) => !f.args.length);
    types.set(type, fields);
  }
  return fields;
}

/** A random selection of `type`: some leaves, and objects below it to `depth`. */
async function selectionArb(type: string, depth: number): Promise<fc.Arbitrary<string>> {
  const fields = await fieldsOf(type);
  const leaves = [...fields.filter((f) => leafy(f.type)).map((f) => f.name), '__typename'];
  const objects = depth > 0 ? fields.filter((f) => !leafy(f.type)) : [];
  const below = await Promise.all(objects.map(async (f) => (await selectionArb(named(f.type).name!, depth - 1)).map((s) => `${f.name} { ${s} }`)));
  const parts = fc.tuple(fc.subarray(leaves, { minLength: 1 }), ...below.map((b) => fc.option(b, { nil: undefined, freq: 3 })));
  return parts.map(([ls, ...objs]) => fc.shuffledSubarray([...ls, ...objs.filter((o): o is string => !!o)], { minLength: 1 })).chain((x) => x).map((xs) => xs.join(' '));
}

/** An alias sends a selection the object way; the key it adds is taken out again. */
const OBJECT_WAY = 'objectWay: id';
const withoutAlias = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(withoutAlias) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'objectWay').map(([k, x]) => [k, withoutAlias(x)])) : v;

const viewCount = async () => (await t.app.sql(`select count(*)::int as n from audit_event where action = 'VIEW'`))[0].n as number;
/** VIEW events after the first `skip`, oldest first, as comparable strings. */
async function viewsSince(skip: number): Promise<string[]> {
  const rows = await t.app.sql(`select resource, coalesce(record_ids, jsonb_build_array(record_id)) as ids, fields from audit_event where action = 'VIEW' order by created_at, id offset ${skip}`);
  return rows.map((e) => `${e.resource} ${[...(e.ids as string[])].sort().join(',')} ${JSON.stringify(e.fields)}`);
}

/** The body exactly as sent, and whether it came as PostgreSQL's text (its spacing shows it). */
async function raw(query: string, token: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${t.app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
  return { status: res.status, text: await res.text() };
}

describe('top lists answered as PostgreSQL JSON text', () => {
  it('answer exactly as the objects GraphQL serializes, for any selection and role', async () => {
    const arbs = await Promise.all(RESOURCES.map(async (r) => (await selectionArb(r, 2)).map((sel) => ({ r, sel }))));
    let texts = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(...arbs), fc.constantFrom(...ROLES), async ({ r, sel }, role) => {
        const list = `all${r === 'Student' ? 'Students' : `${r}s`}`;
        const page = `(perPage: 7, sortField: "id")`;
        const before = await viewCount();
        const text = await raw(`{ ${list}${page} { ${sel} } }`, t.county.users[role]);
        const textViews = await viewsSince(before);
        const objects = await raw(`{ ${list}${page} { ${sel} ${OBJECT_WAY} } }`, t.county.users[role]);
        // The same full reads audited either way (an empty list is no read).
        expect(await viewsSince(before + textViews.length)).toEqual(textViews);
        expect(text.status).toBe(objects.status);
        const a = JSON.parse(text.text);
        const b = withoutAlias(JSON.parse(objects.text)) as { data?: unknown; errors?: unknown };
        if (b.errors) return; // a role that may not list the resource: both refuse, as checked below
        if (text.text.includes('" : ')) texts++;
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      }),
      { numRuns: 150, seed: 20261206 },
    );
    // Most selections went the text way (the rest need JavaScript: masks, row rules, computed fields).
    expect(texts).toBeGreaterThan(40);
  });

  it('answer a page past the first as the same slice of the whole list, joins and child lists included', async () => {
    // Past the first page the statement finds the page's rows before joining and building them.
    const arbs = await Promise.all(RESOURCES.map(async (r) => (await selectionArb(r, 2)).map((sel) => ({ r, sel }))));
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(...arbs),
        fc.constantFrom(...ROLES),
        fc.constantFrom('sortField: "id"', 'sortField: "createdAt", sortOrder: "DESC"'),
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 1, max: 2 }),
        fc.boolean(),
        async ({ r, sel }, role, sort, perPage, page, objectWay) => {
          const list = `all${r === 'Student' ? 'Students' : `${r}s`}`;
          const extra = objectWay ? ` ${OBJECT_WAY}` : '';
          const whole = JSON.parse((await raw(`{ ${list}(perPage: 6, ${sort}) { ${sel}${extra} } }`, t.county.users[role])).text);
          const paged = JSON.parse((await raw(`{ ${list}(page: ${page}, perPage: ${perPage}, ${sort}) { ${sel}${extra} } }`, t.county.users[role])).text);
          // Six rows of a deep selection may cost more than a page of two is allowed.
          if (whole.errors?.[0].extensions.code === 'QUERY_TOO_COMPLEX') return;
          if (whole.errors) return expect(paged.errors?.[0].extensions.code).toBe(whole.errors[0].extensions.code);
          expect(paged.data[list]).toEqual(whole.data[list].slice(page * perPage, (page + 1) * perPage));
          if (paged.data[list].length) compared++;
        },
      ),
      { numRuns: 150, seed: 20261205 },
    );
    expect(compared).toBeGreaterThan(30);
  });

  it('read every page past the first through one prepared statement, its offset a parameter', async () => {
    // As text, each offset was a statement of its own, parsed and planned on every request.
    const page = (n: number) => raw(`{ allStudents(page: ${n}, perPage: 1, sortField: "name") { id name } _allStudentsMeta { count } }`, t.county.users.BUREAU_ADMIN);
    const names = new Set<string>();
    for (const n of [1, 2, 3, 1]) {
      const messages = await messagesOf(t.app, async () => expect(JSON.parse((await page(n)).text).data.allStudents).toHaveLength(1));
      // The read's text is sent where a connection prepares it; elsewhere only its name.
      const reads = messages.filter((m) => m.includes('from "student" t0') || names.has(/^prepared (jf_\w+)$/.exec(m)?.[1] ?? ''));
      expect(reads).toHaveLength(1);
      const [, name, text] = /^prepared (jf_\w+)(?:: (.*))?$/s.exec(reads[0]) ?? [];
      expect(name).toBeDefined();
      if (text) expect(text).not.toMatch(/offset \d/);
      names.add(name);
    }
    expect(names.size).toBe(1);
  });

  it('writes the VIEW event of audited fields read in full, as the object path does', async () => {
    const before = (await t.app.sql(`select count(*)::int as n from audit_event where action = 'VIEW'`))[0].n as number;
    const answer = await raw('{ allStudents(perPage: 50, sortField: "id") { id focusCategories { category } } }', t.county.users.BUREAU_ADMIN);
    expect(answer.text).toContain('" : ');
    const rows = JSON.parse(answer.text).data.allStudents as Array<{ id: string; focusCategories: unknown[] }>;
    const read = rows.filter((s) => s.focusCategories.length).map((s) => s.id).sort();
    expect(read.length).toBeGreaterThan(0);
    expect((await t.app.sql(`select count(*)::int as n from audit_event where action = 'VIEW'`))[0].n).toBe(before + 1);
    const [event] = await t.app.sql(`select resource, record_ids, fields from audit_event where action = 'VIEW' order by created_at desc limit 1`);
    expect(event.resource).toBe('Student');
    expect([...(event.record_ids as string[])].sort()).toEqual(read);
    expect(event.fields).toEqual(['focusCategories']);
  });

  it('audits a list of signs only where there are signs, as the object path does', async () => {
    const admin = t.county.users.BUREAU_ADMIN;
    const visit = async (signs: string[]) =>
      (
        await t.app.ok(
          'mutation ($s: ID!, $t: ID!, $d: [DropoutSign!]) { createVisitRecord(studentId: $s, visitorId: $t, form: PHONE, status: COMPLETED, familySituation: "好", studentSituation: "好", keyPoints: "无", effect: "好", dropoutSigns: $d) { id } }',
          { s: t.county.students.s4, t: t.county.staff.otherStaff, d: signs },
          admin,
        )
      ).createVisitRecord.id as string;
    const none = await visit([]);
    const some = await visit(['AVERSION']);
    const before = await viewCount();
    const answer = await raw(`{ allVisitRecords(filter: { ids: ["${none}", "${some}"] }) { id dropoutSigns } }`, admin);
    expect(answer.text).toContain('" : ');
    expect(await viewsSince(before)).toEqual([`VisitRecord ${some} ["dropoutSigns"]`]);
  });

  it('masks in the statement what PostgreSQL can mask, and keeps aliases on the object path', async () => {
    const token = t.county.users.TEACHER;
    const masked = await raw('{ allStudents(sortField: "id") { id birthDate } }', token);
    expect(masked.text).toContain('" : ');
    expect(JSON.parse(masked.text).data.allStudents.every((s: { birthDate: string }) => /-01$/.test(s.birthDate))).toBe(true);
    // A 身份证号 is masked in JavaScript only.
    const ids = await raw('{ allStudents(sortField: "id") { id idNumber } }', token);
    expect(ids.text).not.toContain('" : ');
    expect(JSON.parse(ids.text).data.allStudents.every((s: { idNumber: string }) => /^\*{6}\d{6}\*{6}$/.test(s.idNumber))).toBe(true);
    const aliased = await raw('{ allStudents(sortField: "id") { key: id name } }', token);
    expect(aliased.text).not.toContain('" : ');
    const plain = await raw('{ allStudents(sortField: "id") { id name } }', token);
    expect(plain.text).toContain('" : ');
    expect(JSON.parse(aliased.text).data.allStudents.map((s: { key: string }) => s.key)).toEqual(JSON.parse(plain.text).data.allStudents.map((s: { id: string }) => s.id));
    // The admin's client asks __typename everywhere: answered in the text, in its place.
    const typed = await raw('{ allStudents(perPage: 1, sortField: "id") { __typename id school { name __typename } focusCategories { __typename category } } }', t.county.users.BUREAU_ADMIN);
    expect(typed.text).toContain('" : ');
    const [first] = JSON.parse(typed.text).data.allStudents;
    expect(Object.keys(first)).toEqual(['__typename', 'id', 'school', 'focusCategories']);
    expect(first.__typename).toBe('Student');
    expect(Object.keys(first.school)).toEqual(['name', '__typename']);
    expect(first.focusCategories.every((c: object) => Object.keys(c)[0] === '__typename')).toBe(true);
  });

  it('answers a list page and its count in one statement, either way', async () => {
    const token = t.county.users.TEACHER;
    await t.app.ok('{ me { id } }', {}, token);
    for (const field of ['name', 'idNumber']) {
      const page = `{ allStudents(perPage: 25, sortField: "name") { id ${field} } _allStudentsMeta { count } }`;
      let answer: any;
      expect([field, await t.app.countStatements(async () => (answer = await t.app.ok(page, {}, token)))]).toEqual([field, 1]);
      expect(answer._allStudentsMeta.count).toBe(answer.allStudents.length);
    }
  });

  it('cannot be forged by a value that looks like the mark', async () => {
    const admin = t.county.users.BUREAU_ADMIN;
    const { Student } = await t.app.ok('query ($id: ID!) { Student(id: $id) { version } }', { id: t.county.students.s4 }, admin);
    const note = 'jf-text:00000000-0000-0000-0000-000000000000:0';
    await t.app.ok('mutation ($id: ID!, $v: Int!, $n: String) { updateStudent(id: $id, version: $v, note: $n) { id } }', { id: t.county.students.s4, v: Student.version, n: note }, admin);
    const answer = await raw(`query { a: Student(id: "${t.county.students.s4}") { note } allStudents(perPage: 1000, sortField: "id") { id note } }`, admin);
    const body = JSON.parse(answer.text);
    expect(body.data.a.note).toBe(note);
    expect(body.data.allStudents.find((s: { id: string }) => s.id === t.county.students.s4).note).toBe(note);
  });
});
