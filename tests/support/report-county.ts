import { randomUUID } from 'node:crypto';
import type { TestApp } from './app';
import { createBureau, FIXTURE_PASSWORD } from './fixtures';
import { hashPassword } from '../../packages/api/src/core/auth/password';
import { noon, rowWriter } from './rows';

/**
 * A small county whose report figures are worked out by hand in tests/api/reports.test.ts.
 * Written straight to the tables, so records carry the dates the reports slice by (completion
 * times, case dates) rather than the moment the test ran. The comments give what each row is for.
 *
 * Towns T1 城关镇 (villages V1 东村, V2 西村) and T2 龙阳镇 (V3 龙阳村). Schools: A 城关中心小学
 * with its kindergarten K and teaching point P (town T1), B 龙阳初级中学 (T2).
 */
export async function createReportCounty(app: TestApp) {
  const { bureauId, username } = await createBureau(app.orm, '测试县教育局');
  const conn = app.orm.em.getConnection();
  const insert = rowWriter(app, bureauId);

  const county = await insert('region', { code: '610599', name: '测试县', level: 'COUNTY' });
  const T1 = await insert('region', { code: '610599001', name: '城关镇', level: 'TOWN', parent_id: county });
  const T2 = await insert('region', { code: '610599100', name: '龙阳镇', level: 'TOWN', parent_id: county });
  const V1 = await insert('region', { code: '610599001001', name: '东村', level: 'VILLAGE', parent_id: T1 });
  const V2 = await insert('region', { code: '610599001002', name: '西村', level: 'VILLAGE', parent_id: T1 });
  const V3 = await insert('region', { code: '610599100001', name: '龙阳村', level: 'VILLAGE', parent_id: T2 });

  const school = (name: string, code: string, kind: string, town: string, parent: string | null, principal: string | null) =>
    insert('school', { name, code, kind, town_id: town, parent_school_id: parent, principal_name: principal });
  const A = await school('城关中心小学', 'R01', 'PRIMARY', T1, null, '王校长');
  const K = await school('城关中心幼儿园', 'R02', 'KINDERGARTEN', T1, A, null);
  const P = await school('东村教学点', 'R03', 'TEACHING_POINT', T1, A, null);
  const B = await school('龙阳初级中学', 'R04', 'JUNIOR', T2, null, '赵校长');

  const staff = (name: string, s: string, active = true) => insert('staff_member', { name, school_id: s, position: 'TEACHER', phone: '13912345678', active });
  const a1 = await staff('王一', A);
  const a2 = await staff('王二', A);
  const a3 = await staff('王三', A);
  await staff('王四', A, false); // inactive: not counted as staff
  await staff('孔一', K);
  const p1 = await staff('潘一', P);
  const b1 = await staff('白一', B);
  const b2 = await staff('白二', B);
  const b3 = await staff('白三', B);

  const classA1 = await insert('school_class', { school_id: A, grade: 3, name: '三年级（1）班', head_teacher_id: a1, school_year: '2024-2025' });

  const cats = (...c: string[]) => JSON.stringify(c.map((category) => ({ category })));
  const student = (name: string, s: string | null, village: string | null, birth: string, status: string, focus: string, extra: Record<string, unknown> = {}) =>
    insert('student', { name, gender: 'MALE', birth_date: birth, school_id: s, household_village_id: village, schooling_status: status, focus_categories: focus, home_teaching: false, ...extra });
  const S1 = await student('学生一', A, V1, '2015-03-14', 'IN_COUNTY', cats('LEFT_BEHIND'), { class_id: classA1 }); // 10 on 2025-03-14
  const S2 = await student('学生二', A, V1, '2013-06-01', 'IN_COUNTY', cats(), { class_id: classA1 }); // 11
  const S3 = await student('学生三', A, V2, '2009-03-15', 'IN_COUNTY', cats('ORPHAN')); // 15: turns 16 the day after
  const S4 = await student('学生四', K, V1, '2020-01-01', 'IN_COUNTY', cats()); // 5: not school age
  const S5 = await student('学生五', P, V2, '2018-09-01', 'IN_COUNTY', cats('DISABLED'), { disability_type: 'PHYSICAL', home_teaching: true }); // 6
  const S6 = await student('学生六', B, V3, '2011-05-05', 'IN_COUNTY', cats('REGISTERED_POOR', 'RELOCATED')); // 13
  const S7 = await student('学生七', B, V3, '2010-12-31', 'IN_COUNTY', cats()); // 14
  const S8 = await student('学生八', null, V3, '2012-02-02', 'DROPOUT_AVERSION', cats('DROPOUT_RISK')); // 13, dropped out
  const S9 = await student('学生九', null, V1, '2009-03-14', 'OUT_OF_COUNTY', cats()); // 16 that day: not school age
  const S10 = await student('学生十', null, null, '2014-07-07', 'DEFERRED', cats()); // 10, no household village
  const S11 = await student('学生十一', A, V1, '2019-06-01', 'IN_COUNTY', cats('SINGLE_PARENT')); // 5
  const S12 = await student('学生十二', B, V3, '2012-05-05', 'IN_COUNTY', cats('UNSUPPORTED'), { home_teaching: true }); // 12

  const campaign = (name: string, start: string, end: string, targets: string[]) =>
    insert('campaign', { name, kind: 'COVERAGE', school_year: '2024-2025', start_date: start, end_date: end, target_categories: `{${targets.join(',')}}` });
  const CA = await campaign('2024年秋季大家访', '2024-10-01', '2025-01-31', []);
  const CB = await campaign('2025年春季重点回访', '2025-02-01', '2025-04-30', ['LEFT_BEHIND', 'REGISTERED_POOR']);
  for (const [s, st] of [[S1, a1], [S2, a3], [S3, a2], [S6, b1], [S7, b2]]) {
    await insert('roster_entry', { campaign_id: CA, student_id: s, assigned_staff_id: st, priority: 'NORMAL' });
  }

  const visit = async (student_id: string, visitor_id: string, form: string, status: string, day: string | null, extra: Record<string, unknown> = {}) => {
    const done = status === 'COMPLETED' || status === 'REVIEWED';
    return insert('visit_record', {
      student_id, visitor_id, form, status, purpose: 'ROUTINE', parent_consent: true,
      completed_at: done && day ? noon(day) : null, visited_at: done && day ? noon(day) : null, planned_at: day ? noon(day) : null, ...extra,
    });
  };
  const v1 = await visit(S1, a1, 'IN_PERSON', 'COMPLETED', '2024-10-10', { campaign_id: CA });
  await conn.execute('insert into visit_record_companions (visit_record_id, staff_member_id) values (?, ?)', [v1, a2]);
  await visit(S1, a1, 'PHONE', 'REVIEWED', '2025-03-01', { campaign_id: CB });
  await visit(S2, a3, 'ONLINE', 'COMPLETED', '2024-10-12', { campaign_id: CA });
  await visit(S5, p1, 'IN_PERSON', 'COMPLETED', '2025-03-05', { purpose: 'HOME_TEACHING' });
  const v5 = await visit(S6, b1, 'SMS', 'COMPLETED', '2024-11-20', { campaign_id: CA });
  await visit(S6, b1, 'AT_SCHOOL', 'COMPLETED', '2025-02-20');
  await visit(S7, b2, 'IN_PERSON', 'PLANNED', '2025-03-20', { campaign_id: CA });
  await visit(S3, a2, 'LETTER', 'COMPLETED', '2024-08-30'); // the school year before
  await visit(S8, b3, 'IN_PERSON', 'DEPARTED', '2025-03-14', { purpose: 'PERSUASION', expected_return_at: new Date('2025-03-14T10:00:00+08:00') });
  await visit(S11, a3, 'IN_PERSON', 'COMPLETED', '2024-10-15');
  await visit(S11, a3, 'IN_PERSON', 'COMPLETED', '2025-02-25');
  await visit(S12, b2, 'IN_PERSON', 'COMPLETED', '2025-03-03', { purpose: 'HOME_TEACHING' });
  await visit(S12, b2, 'IN_PERSON', 'COMPLETED', '2025-03-10', { purpose: 'HOME_TEACHING' });
  await visit(S12, b2, 'PHONE', 'COMPLETED', '2024-12-01');

  const suggestion = (visit_id: string, status: string, created: string) =>
    insert('parent_suggestion', {
      visit_id, content: '希望学校多组织课外活动', category: 'TEACHING', answered_on_spot: status === 'RESOLVED', response: status === 'RESOLVED' ? '已答复' : null,
      status, issue_scope: 'COMMON', created_at: noon(created), updated_at: noon(created),
    });
  await suggestion(v1, 'RESOLVED', '2024-10-10');
  await suggestion(v1, 'ESCALATED', '2024-10-10'); // open five months by 2025-03-14
  await suggestion(v5, 'ESCALATED', '2025-03-10'); // open four days

  const item = (student_id: string, school_id: string, category: string, cash: number | null, goods: number | null, source: string, date: string, visit_id: string | null = null) =>
    insert('assistance_item', { student_id, school_id, category, cash_fen: cash, goods_value_fen: goods, funding_source: source, date, visit_id });
  await item(S1, A, 'CONSOLATION_CASH', 50000, null, 'SCHOOL_AID_FUND', '2025-01-20', v1);
  await item(S1, A, 'CONSOLATION_GOODS', null, 12000, 'PUBLIC_FUNDS', '2025-01-20');
  await item(S4, K, 'CONSOLATION_CASH', 30000, null, 'SCHOOL_AID_FUND', '2025-01-22');
  await item(S5, P, 'SUPPLIES', null, 8000, 'PUBLIC_FUNDS', '2025-01-25');
  await item(S6, B, 'CONSOLATION_CASH', 40000, null, 'SCHOOL_AID_FUND', '2025-01-21', v5);
  await item(S6, B, 'LIVING_SUBSIDY', 62500, null, 'FISCAL', '2024-10-15');
  await item(S2, A, 'CONSOLATION_CASH', 20000, null, 'SCHOOL_AID_FUND', '2024-08-20'); // the school year before
  await item(S7, B, 'DONATION', 10000, 3000, 'SOCIAL_DONATION', '2025-03-01');

  const dropoutCase = (student_id: string, school_id: string, discovered_on: string, status: string, extra: Record<string, unknown>) =>
    insert('dropout_case', { student_id, school_id, discovered_on, status, ...extra });
  await dropoutCase(S8, B, '2024-10-08', 'PERSUADING', { dropout_category: 'AVERSION', confirmed_on: '2024-10-20' });
  await dropoutCase(S7, B, '2024-11-05', 'RETURNED', { dropout_category: 'WORK_FARMING', confirmed_on: '2024-11-10', returned_on: '2024-12-02' });
  await dropoutCase(S2, A, '2024-11-15', 'CLOSED', { non_dropout_category: 'ACTUALLY_ENROLLED', closed_on: '2024-11-20' });
  await dropoutCase(S3, A, '2024-12-10', 'SUSPECTED', {});

  // Care checks in March 2025 (school days 3–7 and 10–14): S3 misses the 12th and one weekly
  // meeting, and is asked on Saturday the 1st, which is no school day; S12 has every one.
  const care = (student_id: string, kind: string, date: string, staff_id: string) => insert('care_check', { student_id, kind, date, staff_id });
  const schoolDays = ['03', '04', '05', '06', '07', '10', '11', '12', '13', '14'].map((d) => `2025-03-${d}`);
  for (const d of schoolDays) {
    if (d !== '2025-03-12') await care(S3, 'DAILY_ASK', d, a1);
    await care(S12, 'DAILY_ASK', d, b1);
  }
  await care(S3, 'DAILY_ASK', '2025-03-01', a1);
  await care(S3, 'WEEKLY_MEET', '2025-03-05', a1);
  await care(S12, 'WEEKLY_MEET', '2025-03-04', b1);
  await care(S12, 'WEEKLY_MEET', '2025-03-11', b1);

  const users: Record<string, string> = { BUREAU_ADMIN: await app.login(username, FIXTURE_PASSWORD) };
  const hash = hashPassword(FIXTURE_PASSWORD);
  for (const [role, school_id, staff_id] of [
    ['AID_OFFICER', null, null], ['SCHOOL_ADMIN', A, null], ['TEACHER', A, a1], ['ANALYST', null, null],
  ] as const) {
    const name = `${role.toLowerCase()}_${randomUUID().slice(0, 6)}`;
    await insert('user', { username: name, password_hash: hash, role, school_id, staff_id, active: true });
    users[role] = await app.login(name, FIXTURE_PASSWORD);
  }
  const principalOfB = `principal_b_${randomUUID().slice(0, 6)}`;
  await insert('user', { username: principalOfB, password_hash: hash, role: 'SCHOOL_ADMIN', school_id: B, active: true });
  users.SCHOOL_ADMIN_B = await app.login(principalOfB, FIXTURE_PASSWORD);
  const token = await app.ok('mutation { createApiToken(name: "数据看板") { token } }', {}, users.BUREAU_ADMIN);
  users.INTEGRATION = token.createApiToken.token;

  return {
    bureauId, users,
    towns: { T1, T2 }, villages: { V1, V2, V3 },
    schools: { A, K, P, B },
    students: { S1, S2, S3, S4, S5, S6, S7, S8, S9, S10, S11, S12 },
    campaigns: { CA, CB },
  };
}

export type ReportCounty = Awaited<ReturnType<typeof createReportCounty>>;
