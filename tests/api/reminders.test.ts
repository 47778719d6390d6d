import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { startTestApp, type TestApp } from '../support/app';
import { createCounty, type County } from '../support/county';
import { reminders } from '../../packages/api/src/notify/scheduler';

// Reminders on the real scheduler (pg-boss on the test database), delivered to a real HTTP
// receiver and a real SMTP server started here: an overdue visit reaches the teacher's and the
// principal's inboxes and the school's group robot within seconds of its expected return, once;
// failing receivers are retried with backoff and logged; channel messages carry no child's data.

interface Received {
  path: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local receiver: /wecom answers like 企业微信, /hook 204, /flaky fails twice first, /down always. */
async function receiver() {
  const received: Received[] = [];
  let flaky = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      const path = url.pathname;
      received.push({ path, url, headers: req.headers, body });
      if (path === '/down' || (path === '/flaky' && ++flaky <= 2)) return void res.writeHead(500).end('busy');
      if (path === '/hook') return void res.writeHead(204).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { received, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(r)) };
}

async function mailbox() {
  const mails: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, done) {
      let text = '';
      stream.on('data', (c) => (text += c.toString()));
      stream.on('end', () => (mails.push(text), done()));
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { mails, port: (server.server.address() as AddressInfo).port, close: () => new Promise((r) => server.close(() => r(undefined))) };
}

/** Polls until `check` answers something truthy (the scheduler works on its own time). */
async function eventually<T>(check: () => Promise<T | undefined | null | false>, seconds = 30): Promise<T> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error('not within the time allowed');
    await new Promise((r) => setTimeout(r, 250));
  }
}

const schoolYearOf = (day: string) => {
  const [y, m] = day.split('-').map(Number);
  return m >= 9 ? `${y}-${y + 1}` : `${y - 1}-${y}`;
};

let app: TestApp;
let county: County;
let hooks: Awaited<ReturnType<typeof receiver>>;
let smtp: Awaited<ReturnType<typeof mailbox>>;
const as = (role: string) => (q: string, v?: Record<string, unknown>) => app.gql(q, v, county.users[role]);
const admin = (q: string, v?: Record<string, unknown>) => app.ok(q, v, county.users.BUREAU_ADMIN);
const inbox = async (role: string) => (await app.ok('{ myNotifications { id kind title body subjectType subjectId readAt } }', {}, county.users[role])).myNotifications as Array<Record<string, string | null>>;

const CHANNEL = `mutation ($n: String!, $k: ChannelKind!, $s: ID, $t: String!, $sig: String, $kinds: [NotificationKind!]) {
  createNotificationChannel(name: $n, kind: $k, schoolId: $s, target: $t, signingSecret: $sig, kinds: $kinds) { id addressHint } }`;
const deliveries = async (channelId: string) =>
  (await admin('query ($c: ID!) { allNotificationDeliveries(filter: { channelId: $c }) { id status attempts lastError text kind } }', { c: channelId })).allNotificationDeliveries as Array<Record<string, any>>;

beforeAll(async () => {
  // The local receiver stands for the robots' hosts and a bureau's webhook: the operator allows it.
  process.env.NOTIFY_ALLOW_HOSTS = '127.0.0.1';
  hooks = await receiver();
  smtp = await mailbox();
  app = await startTestApp({
    reminders: {
      scanCron: '0 0 1 1 *', // the tests run the scan themselves; the visit's own job is what is timed
      pollSeconds: 1,
      retryLimit: 2,
      retryDelaySeconds: 1,
      suggestionDays: 7,
      campaignDays: 7,
      smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
      smtpFrom: 'jiafang@bureau.example',
    },
  });
  county = await createCounty(app);
}, 60_000);
afterAll(async () => {
  await app?.close();
  await hooks?.close();
  await smtp?.close();
});

describe('an overdue visit', () => {
  let wecom: string;
  let hook: string;
  let visit: string;

  it('reaches the teacher, the principal and the school\'s channels within seconds of its expected return, without the child\'s data', async () => {
    const { schools, staff, students } = county;
    wecom = (await admin(CHANNEL, { n: '城关中心小学教师群', k: 'WECOM_ROBOT', s: schools.A, t: `${hooks.url}/wecom?key=693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa` })).createNotificationChannel.id;
    hook = (await admin(CHANNEL, { n: '县局值班系统', k: 'WEBHOOK', t: `${hooks.url}/hook`, sig: 'shared-key' })).createNotificationChannel.id;
    // Another school's group hears nothing of school A.
    await admin(CHANNEL, { n: '龙阳中心小学群', k: 'WECOM_ROBOT', s: schools.B, t: `${hooks.url}/wecom-b?key=x` });

    const soon = new Date(Date.now() + 3000).toISOString();
    visit = (await admin(
      `mutation ($s: ID!, $t: ID!, $at: DateTimeISO, $back: DateTimeISO) { createVisitRecord(studentId: $s, visitorId: $t, form: IN_PERSON, transport: SCHOOL_VEHICLE,
        address: "城关街道东村3组", plannedAt: $at, expectedReturnAt: $back) { id } }`,
      { s: students.s1, t: staff.teacherStaff, at: new Date(Date.now() - 60_000).toISOString(), back: soon },
    )).createVisitRecord.id;
    await admin('mutation ($id: ID!) { departVisit(id: $id) { status } }', { id: visit });
    const departed = Date.now();

    const teacher = await eventually(async () => (await inbox('TEACHER')).find((n) => n.kind === 'VISIT_OVERDUE'));
    expect(Date.now() - departed).toBeLessThan(60_000);
    expect(teacher).toMatchObject({ subjectType: 'VisitRecord', subjectId: visit, readAt: null });
    expect(teacher.body).toContain('李老师');
    expect(teacher.body).toContain('张晓明');
    expect((await inbox('SCHOOL_ADMIN')).filter((n) => n.kind === 'VISIT_OVERDUE')).toHaveLength(1);
    expect(await inbox('AID_OFFICER')).toEqual([]);

    const group = await eventually(async () => hooks.received.find((r) => r.path === '/wecom'));
    const text = JSON.parse(group.body).text.content as string;
    expect(JSON.parse(group.body).msgtype).toBe('text');
    expect(text).toMatch(/^【家访提醒】城关中心小学：李老师老师的实地家访预计 .* 返回，至今未登记返回/);
    // The group robot is outside the system: no child's name, address or 身份证号.
    for (const secret of ['张晓明', '东村', '身份证']) expect(text).not.toContain(secret);

    const signed = await eventually(async () => hooks.received.find((r) => r.path === '/hook'));
    expect(signed.headers['x-jiafang-signature']).toBe(`sha256=${createHmac('sha256', 'shared-key').update(signed.body).digest('hex')}`);
    expect(JSON.parse(signed.body)).toMatchObject({ kind: 'VISIT_OVERDUE', kindLabel: '家访逾期未归' });
    await eventually(async () => (await deliveries(wecom))[0]?.status === 'SENT');
    expect(hooks.received.filter((r) => r.path === '/wecom-b')).toEqual([]);
  });

  it('is raised once per person and channel, however often the scan runs', async () => {
    await reminders()!.scan();
    await reminders()!.scan();
    await new Promise((r) => setTimeout(r, 2500));
    expect((await inbox('TEACHER')).filter((n) => n.kind === 'VISIT_OVERDUE')).toHaveLength(1);
    expect((await inbox('SCHOOL_ADMIN')).filter((n) => n.kind === 'VISIT_OVERDUE')).toHaveLength(1);
    expect(hooks.received.filter((r) => r.path === '/wecom')).toHaveLength(1);
    expect(await deliveries(wecom)).toHaveLength(1);
    expect(await deliveries(hook)).toHaveLength(1);
  });

  it('is raised once when scans and its own job meet, in any number at once', async () => {
    const { staff, students } = county;
    const before = hooks.received.filter((r) => r.path === '/wecom').length;
    const other = (await admin(
      `mutation ($s: ID!, $t: ID!, $at: DateTimeISO, $back: DateTimeISO) { createVisitRecord(studentId: $s, visitorId: $t, form: IN_PERSON, transport: WALKING,
        address: "城关街道北村", plannedAt: $at, expectedReturnAt: $back) { id } }`,
      { s: students.s2, t: staff.teacherStaff, at: new Date(Date.now() - 120_000).toISOString(), back: new Date(Date.now() + 500).toISOString() },
    )).createVisitRecord.id;
    await admin('mutation ($id: ID!) { departVisit(id: $id) { status } }', { id: other });
    await new Promise((r) => setTimeout(r, 700));
    // Four scans at once, beside the visit's own job due now.
    await Promise.all([1, 2, 3, 4].map(() => reminders()!.scan()));
    await eventually(async () => hooks.received.filter((r) => r.path === '/wecom').length > before);
    await new Promise((r) => setTimeout(r, 2500));
    expect(hooks.received.filter((r) => r.path === '/wecom').length).toBe(before + 1);
    const rows = await app.sql('select recipient_id, count(*)::int as n from notification where subject_id = ? group by recipient_id', [other]);
    expect(rows.length).toBe(2); // the teacher and the principal
    expect(rows.every((r: { n: number }) => r.n === 1)).toBe(true);
  });

  it('is read by its recipient only, and marked read by them alone', async () => {
    const mine = (await inbox('TEACHER')).find((n) => n.kind === 'VISIT_OVERDUE')!;
    expect((await as('SCHOOL_ADMIN')('mutation ($ids: [ID!]) { markNotificationsRead(ids: $ids) }', { ids: [mine.id] })).data.markNotificationsRead).toBe(0);
    const unread = async () => (await app.ok('{ unreadNotificationCount }', {}, county.users.TEACHER)).unreadNotificationCount as number;
    const before = await unread();
    expect(before).toBeGreaterThanOrEqual(1);
    expect((await as('TEACHER')('mutation ($ids: [ID!]) { markNotificationsRead(ids: $ids) }', { ids: [mine.id] })).data.markNotificationsRead).toBe(1);
    expect(await unread()).toBe(before - 1);
    expect((await as('TEACHER')('mutation { markNotificationsRead }')).data.markNotificationsRead).toBe(before - 1);
    expect(await unread()).toBe(0);
    expect((await app.ok('{ myNotifications(unreadOnly: true) { id } }', {}, county.users.TEACHER)).myNotifications).toEqual([]);
    const bad = await as('TEACHER')('{ myNotifications(first: 1000) { id } }');
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

describe('channels', () => {
  it('keep the robot\'s key write-only: the API shows a hint', async () => {
    const res = await admin('{ allNotificationChannels(filter: { kind: WECOM_ROBOT }) { name addressHint } }');
    const a = res.allNotificationChannels.find((c: { name: string }) => c.name === '城关中心小学教师群');
    expect(a.addressHint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/…\*\*\*\*5aaa$/);
    expect(JSON.stringify(res)).not.toContain('693a91f6');
    const asked = await app.gql('{ allNotificationChannels { target } }', {}, county.users.BUREAU_ADMIN);
    expect(asked.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const bad = await app.gql(CHANNEL, { n: '坏地址', k: 'DINGTALK_ROBOT', t: 'oapi.dingtalk.com/robot/send' }, county.users.BUREAU_ADMIN);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'target', rule: 'URL_FORMAT' });
  });

  it("never make the server call a host the operator did not allow (a cloud's metadata address, the intranet)", async () => {
    for (const t of ['http://169.254.169.254/latest/meta-data/', 'https://10.1.2.3/hook', 'https://qyapi.weixin.qq.com.evil.example/send?key=x']) {
      const res = await as('SCHOOL_ADMIN')(CHANNEL, { n: '探测', k: t.includes('qyapi') ? 'WECOM_ROBOT' : 'WEBHOOK', s: county.schools.A, t });
      expect([t, res.errors?.[0].extensions]).toEqual([t, expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'target', rule: 'HOST_NOT_ALLOWED' })]);
    }
    expect(await app.sql("select count(*)::int as n from notification_channel where name = '探测'")).toEqual([{ n: 0 }]);
  });

  it("are a school's own: its admin neither sees nor sets up another's or the county's, a teacher none", async () => {
    const { schools } = county;
    const seen = (await as('SCHOOL_ADMIN')('{ allNotificationChannels { name } }')).data.allNotificationChannels.map((c: { name: string }) => c.name);
    expect(seen).toEqual(['城关中心小学教师群']);
    const county_ = await as('SCHOOL_ADMIN')(CHANNEL, { n: '全县', k: 'WEBHOOK', t: `${hooks.url}/hook` });
    expect(county_.errors?.[0].extensions?.code).toMatch(/FORBIDDEN|BAD_USER_INPUT/);
    const other = await as('SCHOOL_ADMIN')(CHANNEL, { n: '别校', k: 'WEBHOOK', s: schools.B, t: `${hooks.url}/hook` });
    expect(other.errors?.[0].extensions?.field).toBe('schoolId');
    const teacher = await as('TEACHER')(CHANNEL, { n: '我的', k: 'WEBHOOK', s: schools.A, t: `${hooks.url}/hook` });
    expect(teacher.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('retry a failing receiver with backoff, logging each attempt, and give up after the limit', async () => {
    const flaky = (await admin(CHANNEL, { n: '时好时坏', k: 'WECOM_ROBOT', t: `${hooks.url}/flaky?key=k` })).createNotificationChannel.id;
    const down = (await admin(CHANNEL, { n: '一直失败', k: 'DINGTALK_ROBOT', t: `${hooks.url}/down?access_token=t`, sig: 'SECabc' })).createNotificationChannel.id;
    await admin('mutation ($id: ID!) { testNotificationChannel(id: $id) { id status } }', { id: flaky });
    await admin('mutation ($id: ID!) { testNotificationChannel(id: $id) { id status } }', { id: down });
    const sent = await eventually(async () => (await deliveries(flaky)).find((d) => d.status === 'SENT'), 40);
    expect(sent).toMatchObject({ attempts: 3, lastError: null, kind: 'CHANNEL_TEST' });
    const failed = await eventually(async () => (await deliveries(down)).find((d) => d.status === 'FAILED'), 40);
    expect(failed).toMatchObject({ attempts: 3, lastError: '接收方答复 HTTP 500' });
    expect(hooks.received.filter((r) => r.path === '/flaky')).toHaveLength(3);
    // 钉钉 加签: the timestamp and its HMAC-SHA256 under the secret on the URL, beside the token.
    const { searchParams } = hooks.received.find((r) => r.path === '/down')!.url;
    const ts = searchParams.get('timestamp')!;
    expect(Math.abs(Date.now() - Number(ts))).toBeLessThan(60_000);
    expect(searchParams.get('sign')).toBe(createHmac('sha256', 'SECabc').update(`${ts}\nSECabc`).digest('base64'));
    expect(searchParams.get('access_token')).toBe('t');
  }, 60_000);

  it('send e-mail over SMTP', async () => {
    const mail = (await admin(CHANNEL, { n: '校长邮箱', k: 'EMAIL', s: county.schools.A, t: 'principal@school.example; office@school.example' })).createNotificationChannel.id;
    await admin('mutation ($id: ID!) { testNotificationChannel(id: $id) { id } }', { id: mail });
    const got = await eventually(async () => smtp.mails.find((m) => m.includes('principal@school.example')));
    expect(got).toContain('office@school.example');
    expect(got).toContain('jiafang@bureau.example');
    await eventually(async () => (await deliveries(mail))[0]?.status === 'SENT');
  });
});

describe('the scan', () => {
  it('reminds of unanswered suggestions, cases to sign and campaigns ending with students unvisited', async () => {
    const { staff, students } = county;
    // A suggestion escalated nine days ago, a case being verified, a campaign ending in three days.
    const v = (await admin(
      'mutation ($s: ID!, $t: ID!) { createVisitRecord(studentId: $s, visitorId: $t, form: PHONE, keyPoints: "电话", familySituation: "a", studentSituation: "b", effect: "c") { id } }',
      { s: students.s2, t: staff.teacherStaff },
    )).createVisitRecord.id;
    const suggestion = (await admin('mutation ($v: ID!) { createParentSuggestion(visitId: $v, content: "希望增加校车", category: MANAGEMENT) { id } }', { v })).createParentSuggestion.id;
    await app.sql("update parent_suggestion set created_at = now() - interval '9 days' where id = ?", [suggestion]);
    const kase = (await admin('mutation ($s: ID!) { createDropoutCase(studentId: $s, discoveredOn: "2024-10-12") { id } }', { s: students.s1 })).createDropoutCase.id;
    await admin('mutation ($id: ID!) { verifyDropoutCase(id: $id) { status } }', { id: kase });
    const today = new Date(Date.now() + 8 * 3600_000);
    const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const campaign = (await admin(
      `mutation ($a: LocalDate!, $b: LocalDate!, $y: String!) { createCampaign(name: "冬季万师访万家", kind: COVERAGE, schoolYear: $y, startDate: $a, endDate: $b) { id } }`,
      { a: day(-20), b: day(3), y: schoolYearOf(day(-20)) },
    )).createCampaign.id;
    await admin('mutation ($c: ID!, $s: ID!, $t: ID!) { createRosterEntry(campaignId: $c, studentId: $s, assignedStaffId: $t) { id } }', { c: campaign, s: students.s2, t: staff.teacherStaff });

    const before = hooks.received.length;
    await reminders()!.scan();
    const principal = await inbox('SCHOOL_ADMIN');
    expect(principal.find((n) => n.kind === 'SUGGESTION_UNANSWERED')).toMatchObject({ subjectType: 'ParentSuggestion', subjectId: suggestion });
    expect(principal.find((n) => n.kind === 'CASE_SIGNOFF')).toMatchObject({ subjectType: 'DropoutCase', subjectId: kase });
    expect(principal.find((n) => n.kind === 'CAMPAIGN_ENDING')?.body).toContain('本校名单中还有 1 名学生未完成家访');
    expect((await inbox('TEACHER')).find((n) => n.kind === 'CAMPAIGN_ENDING')?.body).toContain('您负责的名单中还有 1 名学生');
    // The school's group hears of each in a sentence of counts.
    const texts = await eventually(async () => {
      const got = hooks.received.slice(before).filter((r) => r.path === '/wecom').map((r) => JSON.parse(r.body).text.content as string);
      return got.length >= 3 && got;
    });
    for (const expected of [
      /城关中心小学：1 件疑似辍学案件正在核查，核查认定表尚待校长签字。$/,
      /城关中心小学：1 条家长意见已上报超过 7 天未答复/,
      /城关中心小学：“冬季万师访万家”将于 .* 结束，名单中还有 1 名学生未完成家访。$/,
    ]) expect(texts.filter((t) => expected.test(t))).toHaveLength(1);
    for (const t of texts) for (const name of ['张晓明', '李小红', '校车']) expect(t).not.toContain(name);

    // Answered, the suggestion is not raised again; nothing is raised twice.
    await reminders()!.scan();
    expect((await inbox('SCHOOL_ADMIN')).filter((n) => n.kind === 'SUGGESTION_UNANSWERED')).toHaveLength(1);
  });
});
