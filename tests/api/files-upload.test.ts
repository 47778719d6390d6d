import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app';
import { createCounty } from '../support/county';

// POST /files: a file streamed as multipart, checked and stored by the same function as
// uploadAttachment; a refused upload is answered before (or as soon as) its body says why, and
// stores nothing. /graphql reads at most 1 MB.

const MB = 1024 * 1024;
const CAP = 10 * MB;
// A tiny valid PNG (1×1); bigger "PNGs" are its signature followed by random bytes.
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
const pngOf = (size: number) => Buffer.concat([PNG, randomBytes(Math.max(0, size - PNG.length))]).subarray(0, size);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let app: TestApp;
let county: Awaited<ReturnType<typeof createCounty>>;
let myVisit: string; // a visit to the teacher's own student
let otherVisit: string; // a visit at another school
let otherCase: string; // a dropout case at another school

const attachments = async () => Number((await app.sql('select count(*)::int as n from attachment'))[0].n);

interface Part {
  name: string;
  value: string | Buffer;
  fileName?: string;
  type?: string;
}

/** A multipart body written by hand, so tests choose each part's name, file name and type. */
function multipart(parts: Part[]): { body: Buffer; type: string } {
  const boundary = `----jiafang${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.fileName !== undefined ? `; filename="${p.fileName}"` : ''}`;
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`;
    chunks.push(Buffer.from(head), Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

const fields = (owner: Record<string, string>, kind = 'PHOTO'): Part[] => [
  { name: 'kind', value: kind },
  ...Object.entries(owner).map(([name, value]) => ({ name, value })),
];

async function upload(token: string | undefined, parts: Part[]) {
  const { body, type } = multipart(parts);
  const res = await fetch(`${app.url}/files`, {
    method: 'POST',
    headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, any> };
}

const file = (content: Buffer, fileName: string, type = 'application/octet-stream'): Part => ({ name: 'file', value: content, fileName, type });

/**
 * Sends a body by hand: `head`, then `fill` bytes of filler, then `tail`, with its length
 * declared or chunked. With `waitMs`, only the head is sent until an answer comes or that time
 * passes. Resolves with the answer and how many body bytes had been written when it came; stops
 * writing as soon as one arrives.
 */
function sendSlowly(options: { token?: string; head: Buffer; fill: number; tail: Buffer; type: string; declare: boolean; waitMs?: number }) {
  const total = options.head.length + options.fill + options.tail.length;
  return new Promise<{ status: number; json: Record<string, any>; written: number; ms: number }>((resolve, reject) => {
    const started = performance.now();
    let written = 0;
    let answered = false;
    const req = http.request(`${app.url}/files`, {
      method: 'POST',
      headers: {
        'content-type': options.type,
        ...(options.declare ? { 'content-length': String(total) } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
    });
    req.on('response', (res) => {
      answered = true;
      const got: Buffer[] = [];
      res.on('data', (c: Buffer) => got.push(c));
      res.on('end', () => {
        const text = Buffer.concat(got).toString();
        resolve({ status: res.statusCode!, json: JSON.parse(text), written, ms: performance.now() - started });
        req.destroy();
      });
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const block = Buffer.alloc(64 * 1024, 0x41);
    const write = async () => {
      const send = (b: Buffer) =>
        new Promise<void>((done) => {
          written += b.length;
          if (req.write(b)) done();
          else req.once('drain', done);
        });
      req.flushHeaders();
      await send(options.head);
      for (let waited = 0; waited < (options.waitMs ?? 0) && !answered; waited += 20) await new Promise((r) => setTimeout(r, 20));
      for (let left = options.fill; left > 0 && !answered && !req.destroyed; left -= block.length) {
        await Promise.race([send(left >= block.length ? block : block.subarray(0, left)), new Promise((r) => setTimeout(r, 2000))]);
      }
      if (!answered && !req.destroyed) req.end(options.tail);
    };
    void write();
  });
}

/** Head and tail of a multipart body around a file of `fill` bytes starting with a PNG signature. */
function pngForm(owner: Record<string, string>): { head: Buffer; tail: Buffer; type: string } {
  const { body, type } = multipart([...fields(owner), file(PNG, 'big.png', 'image/png')]);
  const at = body.indexOf(PNG);
  return { head: body.subarray(0, at + PNG.length), tail: body.subarray(at + PNG.length), type };
}

beforeAll(async () => {
  app = await startTestApp();
  county = await createCounty(app);
  const admin = (q: string, v?: Record<string, unknown>) => app.ok(q, v, county.users.BUREAU_ADMIN);
  const visit = async (s: string) =>
    (await admin('mutation ($s: ID!, $t: ID!) { createVisitRecord(studentId: $s, visitorId: $t, form: PHONE, purpose: ROUTINE) { id } }', { s, t: county.staff.teacherStaff }))
      .createVisitRecord.id as string;
  myVisit = await visit(county.students.s1);
  otherVisit = await visit(county.students.s4);
  otherCase = (await admin('mutation ($s: ID!) { createDropoutCase(studentId: $s, discoveredOn: "2024-10-12", details: "连续一周未到校") { id } }', { s: county.students.s4 })).createDropoutCase.id;
});
afterAll(() => app.close());

describe('POST /files', () => {
  it('stores a streamed file and reads it back byte for byte, with its audit event', async () => {
    const content = pngOf(3 * MB + 17);
    const up = await upload(county.users.TEACHER, [...fields({ visitId: myVisit }), file(content, '家访照片（一）.png', 'image/png')]);
    expect(up.status).toBe(201);
    expect(up.json).toMatchObject({ kind: 'PHOTO', fileName: '家访照片（一）.png', mimeType: 'image/png', contentType: 'image/png', size: content.length, visitId: myVisit, dropoutCaseId: null });
    expect(up.headers.get('location')).toBe(`/files/${up.json.id}`);

    const back = await fetch(`${app.url}/files/${up.json.id}`, { headers: { authorization: `Bearer ${county.users.TEACHER}` } });
    expect(back.status).toBe(200);
    expect(back.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await back.arrayBuffer()).equals(content)).toBe(true);

    const listed = await app.ok('query ($v: ID!) { allAttachments(filter: { visitId: $v }) { id size sha256 uploadedById } }', { v: myVisit }, county.users.TEACHER);
    expect(listed.allAttachments).toEqual([expect.objectContaining({ id: up.json.id, size: content.length })]);
    const events = await app.sql("select action, actor_id from audit_event where resource = 'Attachment' and record_id = ?", [up.json.id]);
    expect(events).toEqual([{ action: 'CREATE', actor_id: listed.allAttachments[0].uploadedById }]);
  });

  it('takes a file of exactly the cap', async () => {
    const up = await upload(county.users.BUREAU_ADMIN, [...fields({ visitId: myVisit }, 'EVIDENCE'), file(pngOf(CAP), 'exactly.png')]);
    expect(up.status).toBe(201);
    expect(up.json.size).toBe(CAP);
  });

  it('refuses 10 MB + 1 byte with 413 naming the cap, and stores nothing', async () => {
    const before = await attachments();
    const up = await upload(county.users.TEACHER, [...fields({ visitId: myVisit }), file(pngOf(CAP + 1), 'too-big.png', 'image/png')]);
    expect(up.status).toBe(413);
    expect(up.json).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', field: 'file', rule: 'FILE_TOO_LARGE', max: CAP });
    expect(up.json.message).toContain('10 MB');
    expect(await attachments()).toBe(before);
  });

  it('stops reading a body that runs past the cap (no length declared)', async () => {
    const before = await attachments();
    const form = pngForm({ visitId: myVisit });
    const sent = await sendSlowly({ token: county.users.TEACHER, ...form, fill: 100 * MB, declare: false });
    expect(sent.status).toBe(413);
    expect(sent.json).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', max: CAP });
    // The server stopped at the cap: what was written beyond it sits in socket buffers at most.
    expect(sent.written).toBeLessThan(CAP + 16 * MB);
    expect(await attachments()).toBe(before);
  });

  it('refuses a declared length past the cap before reading the body', async () => {
    const form = pngForm({ visitId: myVisit });
    const sent = await sendSlowly({ token: county.users.TEACHER, ...form, fill: 99 * MB, declare: true, waitMs: 5000 });
    expect(sent.status).toBe(413);
    expect(sent.json).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', max: CAP });
    expect(sent.written).toBe(form.head.length);
  });

  it('answers 401 without a token before reading the body', async () => {
    const before = await attachments();
    const form = pngForm({ visitId: myVisit });
    // Only the first bytes are sent until the answer comes: it must come without the body.
    const sent = await sendSlowly({ ...form, fill: 99 * MB, declare: true, waitMs: 5000 });
    expect(sent.status).toBe(401);
    expect(sent.json).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(sent.written).toBe(form.head.length);
    const forged = await sendSlowly({ token: 'not-a-token', ...form, fill: 99 * MB, declare: true, waitMs: 5000 });
    expect([forged.status, forged.written]).toEqual([401, form.head.length]);
    // Sent in full regardless, the body is still refused with the answer readable.
    const pushed = await sendSlowly({ ...form, fill: 30 * MB, declare: true });
    expect(pushed.status).toBe(401);
    expect(await attachments()).toBe(before);
  });

  it('answers 403 to a role that may not add files, before reading the body', async () => {
    const form = pngForm({ visitId: myVisit });
    for (const role of ['ANALYST', 'AID_OFFICER', 'INTEGRATION']) {
      const sent = await sendSlowly({ token: county.users[role], ...form, fill: 99 * MB, declare: true, waitMs: 5000 });
      expect([role, sent.status, sent.json.code, sent.written]).toEqual([role, 403, 'FORBIDDEN', form.head.length]);
    }
  });

  it('judges a file by its content: a PDF named .png is stored as a PDF, text named .png refused with 415', async () => {
    const pdf = await upload(county.users.TEACHER, [...fields({ visitId: myVisit }, 'FORM'), file(PDF, '签字件.png', 'image/png')]);
    expect(pdf.status).toBe(201);
    expect(pdf.json).toMatchObject({ fileName: '签字件.png', mimeType: 'application/pdf', size: PDF.length });
    const back = await fetch(`${app.url}/files/${pdf.json.id}`, { headers: { authorization: `Bearer ${county.users.TEACHER}` } });
    expect(back.headers.get('content-type')).toBe('application/pdf');

    const before = await attachments();
    const text = await upload(county.users.TEACHER, [...fields({ visitId: myVisit }), file(Buffer.from('<script>alert(1)</script> just text'), 'photo.png', 'image/png')]);
    expect(text.status).toBe(415);
    expect(text.json).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', field: 'file', rule: 'FILE_TYPE' });
    // An unknown type is refused from its first bytes, the rest unread.
    const form = multipart([...fields({ visitId: myVisit }), file(Buffer.from('MZ this is an executable'), 'x.exe')]);
    const at = form.body.indexOf('MZ this');
    const sent = await sendSlowly({ token: county.users.TEACHER, head: form.body.subarray(0, at + 24), fill: 50 * MB, tail: form.body.subarray(at + 24), type: form.type, declare: false });
    expect(sent.status).toBe(415);
    expect(sent.written).toBeLessThan(16 * MB);
    // A zip is a DOCX or XLSX by its name only.
    const zip = await upload(county.users.TEACHER, [...fields({ visitId: myVisit }), file(Buffer.from('504b0304140000000800', 'hex'), 'archive.zip')]);
    expect(zip.status).toBe(415);
    expect(await attachments()).toBe(before);
  });

  it('answers an owner out of reach exactly as one that does not exist, as uploadAttachment does', async () => {
    const before = await attachments();
    const outOfReach = await upload(county.users.TEACHER, [...fields({ visitId: otherVisit }), file(PNG, 'a.png')]);
    const missing = await upload(county.users.TEACHER, [...fields({ visitId: '00000000-0000-4000-8000-000000000000' }), file(PNG, 'a.png')]);
    // A reference the caller cannot reach is a bad field of the form (the rule of every write), never the record.
    expect(outOfReach.status).toBe(400);
    expect(outOfReach.json).toMatchObject({ code: 'BAD_USER_INPUT', field: 'visitId', rule: 'REFERENCE_NOT_FOUND' });
    expect([missing.status, missing.json.code, missing.json.field, missing.json.rule]).toEqual([400, 'BAD_USER_INPUT', 'visitId', 'REFERENCE_NOT_FOUND']);
    const principalCase = await upload(county.users.SCHOOL_ADMIN, [...fields({ dropoutCaseId: otherCase }, 'EVIDENCE'), file(PNG, 'a.png')]);
    expect(principalCase.json).toMatchObject({ field: 'dropoutCaseId', rule: 'REFERENCE_NOT_FOUND' });
    // The same answer from the GraphQL mutation: one rule, two ways in.
    const viaGraphql = await app.gql('mutation ($v: ID, $b: String!) { uploadAttachment(kind: PHOTO, fileName: "a.png", contentBase64: $b, visitId: $v) { id } }', { v: otherVisit, b: PNG.toString('base64') }, county.users.TEACHER);
    expect(viaGraphql.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'visitId', rule: 'REFERENCE_NOT_FOUND' });
    // A file of a record out of reach cannot be read either.
    const theirs = await upload(county.users.BUREAU_ADMIN, [...fields({ visitId: otherVisit }), file(PNG, 'b.png')]);
    expect(theirs.status).toBe(201);
    const peek = await fetch(`${app.url}/files/${theirs.json.id}`, { headers: { authorization: `Bearer ${county.users.TEACHER}` } });
    expect(peek.status).toBe(404);
    expect(await attachments()).toBe(before + 1);
  });

  it('ends a refused connection with its answer, so a keep-alive client sends its next request on a new one', async () => {
    // A small form the client sent whole, refused at its second file with the rest unread: the
    // connection is not read again, and one kept alive for the next request would wait on it.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = (body: Buffer, type: string) =>
      new Promise<{ status: number; connection?: string; text: string }>((resolve, reject) => {
        const req = http.request(`${app.url}/files`, { method: 'POST', agent, headers: { 'content-type': type, authorization: `Bearer ${county.users.TEACHER}` } }, (res) => {
          const got: Buffer[] = [];
          res.on('data', (c: Buffer) => got.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, text: Buffer.concat(got).toString() }));
        });
        req.on('error', reject);
        req.end(body);
      });
    const before = await attachments();
    try {
      for (let i = 0; i < 3; i++) {
        const twoFiles = multipart([...fields({ visitId: myVisit }), file(PNG, 'a.png'), file(pngOf(256 * 1024), 'b.png')]);
        const refused = await post(twoFiles.body, twoFiles.type);
        expect([refused.status, JSON.parse(refused.text).rule, refused.connection]).toEqual([400, 'ONE_FILE', 'close']);
        const good = multipart([...fields({ visitId: myVisit }), file(PNG, `next-${i}.png`)]);
        expect((await post(good.body, good.type)).status).toBe(201);
      }
    } finally {
      agent.destroy();
    }
    expect(await attachments()).toBe(before + 3);
  });

  it('names the field of a bad form', async () => {
    const before = await attachments();
    const t = county.users.TEACHER;
    expect((await upload(t, [{ name: 'visitId', value: myVisit }, file(PNG, 'a.png')])).json).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kind' });
    expect((await upload(t, [...fields({ visitId: myVisit }, 'SELFIE'), file(PNG, 'a.png')])).json).toMatchObject({ field: 'kind', rule: 'ENUM' });
    expect((await upload(t, [...fields({ visitId: 'x' }), file(PNG, 'a.png')])).json).toMatchObject({ field: 'visitId', rule: 'ID_FORMAT' });
    expect((await upload(t, fields({ visitId: myVisit }))).json).toMatchObject({ field: 'file', rule: 'REQUIRED' });
    expect((await upload(t, [...fields({}), file(PNG, 'a.png')])).json).toMatchObject({ rule: 'ONE_OWNER' });
    const both = await upload(county.users.BUREAU_ADMIN, [...fields({ visitId: myVisit, dropoutCaseId: otherCase }), file(PNG, 'a.png')]);
    expect(both.json).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'ONE_OWNER' });
    expect((await upload(t, [...fields({ visitId: myVisit }), file(PNG, 'a.png'), file(PNG, 'b.png')])).json).toMatchObject({ field: 'file', rule: 'ONE_FILE' });
    expect((await upload(t, [...fields({ visitId: myVisit }), file(Buffer.alloc(0), 'a.png')])).json).toMatchObject({ field: 'file', rule: 'FILE_EMPTY' });
    const bad = await upload(t, [...fields({ visitId: myVisit }), file(PNG, `${'长'.repeat(201)}.png`)]);
    expect([bad.status, bad.json.code, bad.json.field]).toEqual([400, 'BAD_USER_INPUT', 'fileName']);
    const json = await fetch(`${app.url}/files`, { method: 'POST', headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
    expect(await attachments()).toBe(before);
  });
});

describe('/graphql body limit', () => {
  it('answers a JSON body over 1 MB with 413 and a JSON error, and keeps uploadAttachment for small files', async () => {
    const big = JSON.stringify({ query: 'query ($x: String) { me { id } }', variables: { x: 'a'.repeat(MB) } });
    const res = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${county.users.TEACHER}` }, body: big });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.errors[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', max: MB });
    // Sent without a length, it is refused by the JSON parser once past 1 MB, in the same words.
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const chunked = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${county.users.TEACHER}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const chunkedBody = (await chunked.json()) as typeof body;
    expect(chunkedBody.errors[0]).toMatchObject({ message: body.errors[0].message, extensions: { code: 'PAYLOAD_TOO_LARGE', max: MB } });

    const small = pngOf(600 * 1024);
    const up = await app.ok(
      'mutation ($v: ID, $b: String!) { uploadAttachment(kind: PHOTO, fileName: "小.png", contentBase64: $b, visitId: $v) { id size mimeType } }',
      { v: myVisit, b: small.toString('base64') },
      county.users.TEACHER,
    );
    expect(up.uploadAttachment).toMatchObject({ size: small.length, mimeType: 'image/png' });
  });
});
