import { createBureau, FIXTURE_PASSWORD } from '../support/fixtures';
import { startTestApp, type GqlResult, type TestApp } from '../support/app';
import { count, createRoster } from '../support/roster';

// A phone's queue replays what it sent when the network comes back, and may send a write twice
// (the answer was lost on the road, two tabs replay at once): with Idempotency-Key, once.

let app: TestApp;
let token: string;
let r: Awaited<ReturnType<typeof createRoster>>;
const hours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

async function keyed(key: string, query: string, variables: Record<string, unknown> = {}, as = token): Promise<GqlResult> {
  const res = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${as}`, 'idempotency-key': key },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as object) } as GqlResult;
}

const PLAN = `mutation ($s: ID!, $t: ID!, $address: String) {
  createVisitRecord(studentId: $s, visitorId: $t, form: IN_PERSON, transport: SCHOOL_VEHICLE, address: $address, plannedAt: "${hours(1)}", expectedReturnAt: "${hours(3)}") { id address version } }`;

beforeAll(async () => {
  app = await startTestApp();
  const b = await createBureau(app.orm);
  token = await app.login(b.username, FIXTURE_PASSWORD);
  r = await createRoster(app, token);
});
afterAll(() => app.close());

const visitsTo = async (address: string) => Number((await app.sql('select count(*) as n from visit_record where address = ?', [address]))[0].n);

describe('writes sent with an Idempotency-Key', () => {
  it('creates once when the same request comes again, and answers the copy with the first answer', async () => {
    const v = { s: r.students[0], t: r.staff[0], address: '东村一组' };
    const first = await keyed('visit-create-0001', PLAN, v);
    const again = await keyed('visit-create-0001', PLAN, v);
    expect(first.errors).toBeUndefined();
    expect(again).toEqual(first);
    expect(await visitsTo('东村一组')).toBe(1);
  });

  it('creates once when eight copies arrive at the same moment, and all of them get the same record', async () => {
    const v = { s: r.students[1], t: r.staff[0], address: '西村二组' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => keyed('visit-create-0002', PLAN, v)));
    expect(answers.map((a) => a.errors)).toEqual(Array(8).fill(undefined));
    expect(new Set(answers.map((a) => a.data.createVisitRecord.id)).size).toBe(1);
    expect(await visitsTo('西村二组')).toBe(1);
  });

  it('departs once: a copy sent after the visit departed gets the departure, not a stale-version refusal', async () => {
    const id = (await keyed('visit-create-0003', PLAN, { s: r.students[2], t: r.staff[0], address: '南村' })).data.createVisitRecord.id;
    const depart = 'mutation ($id: ID!) { departVisit(id: $id, version: 1) { id status version } }';
    const [a, b] = await Promise.all([keyed('visit-depart-0003', depart, { id }), keyed('visit-depart-0003', depart, { id })]);
    const late = await keyed('visit-depart-0003', depart, { id });
    expect(a.data.departVisit).toMatchObject({ status: 'DEPARTED', version: 2 });
    expect(b).toEqual(a);
    expect(late).toEqual(a);
    expect((await app.sql('select version from visit_record where id = ?', [id]))[0].version).toBe(2);
    // Without a key the same copy is refused as before.
    expect((await app.gql(depart, { id }, token)).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses the key with another request, or from another account, without writing or telling the first answer', async () => {
    const v = { s: r.students[3], t: r.staff[0], address: '北村' };
    const first = await keyed('visit-create-0004', PLAN, v);
    const other = await keyed('visit-create-0004', PLAN, { ...v, address: '北村二组' });
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'idempotencyKey', rule: 'IDEMPOTENCY_KEY_REUSED' });
    expect(other.data ?? null).toBeNull();
    const b2 = await createBureau(app.orm, '另一县教育局');
    const stranger = await app.login(b2.username, FIXTURE_PASSWORD);
    const theirs = await keyed('visit-create-0004', PLAN, v, stranger);
    expect(JSON.stringify(theirs)).not.toContain(first.data.createVisitRecord.id);
    expect(await visitsTo('北村')).toBe(1);
    expect(await visitsTo('北村二组')).toBe(0);
  });

  it('lets a refused write be corrected and sent with the same key (nothing was kept for it)', async () => {
    const bad = await keyed('visit-create-0005', PLAN, { s: r.students[0], t: r.staff[0], address: '' });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const fixed = await keyed('visit-create-0005', PLAN, { s: r.students[0], t: r.staff[0], address: '东山村' });
    expect(fixed.errors).toBeUndefined();
    expect(await visitsTo('东山村')).toBe(1);
  });

  it('refuses a malformed key and a keyed request with two writes, writing nothing', async () => {
    const before = await count(app, 'visit_record');
    const short = await keyed('x', PLAN, { s: r.students[1], t: r.staff[0], address: '短键村' });
    expect(short.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey', rule: 'IDEMPOTENCY_KEY_FORMAT' });
    const two = await keyed(
      'visit-create-0006',
      `mutation ($s: ID!, $t: ID!) { a: createVisitRecord(studentId: $s, visitorId: $t, form: PHONE) { id } b: createVisitRecord(studentId: $s, visitorId: $t, form: PHONE) { id } }`,
      { s: r.students[1], t: r.staff[0] },
    );
    expect(two.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'IDEMPOTENCY_ONE_WRITE' });
    expect(await count(app, 'visit_record')).toBe(before);
  });
});

describe('a photo sent again with its Idempotency-Key', () => {
  const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
  const send = (key: string, visitId: string, bytes: Buffer) => {
    const form = new FormData();
    form.append('kind', 'PHOTO');
    form.append('visitId', visitId);
    form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), '现场照片.png');
    return fetch(`${app.url}/files`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'idempotency-key': key }, body: form });
  };

  it('is stored once, the copies (one at a time or at once) answered with the stored photo; other bytes under the key are refused', async () => {
    const visit = (await keyed('visit-create-0100', PLAN, { s: r.students[2], t: r.staff[0], address: '照片村' })).data.createVisitRecord.id;
    const first = await send('photo-0100', visit, PNG);
    expect(first.status).toBe(201);
    const stored = (await first.json()) as { id: string };
    const copies = await Promise.all([send('photo-0100', visit, PNG), send('photo-0100', visit, PNG), send('photo-0100', visit, PNG)]);
    for (const copy of copies) {
      expect(copy.status).toBe(201);
      expect(((await copy.json()) as { id: string }).id).toBe(stored.id);
    }
    const [together1, together2] = await Promise.all([send('photo-0101', visit, PNG), send('photo-0101', visit, PNG)]);
    expect(((await together1.json()) as { id: string }).id).toBe(((await together2.json()) as { id: string }).id);
    expect(Number((await app.sql('select count(*) as n from attachment where visit_id = ?', [visit]))[0].n)).toBe(2);
    const other = await send('photo-0100', visit, Buffer.concat([PNG, Buffer.from([0])]));
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ code: 'CONFLICT', rule: 'IDEMPOTENCY_KEY_REUSED' });
  });
});
