import type { EntityManager } from '@mikro-orm/postgresql';
import { codeList, Sql } from '../core/report/sql';
import { enumLabel } from '../core/resource/enums';
import { chinaDateTime, todayInChina } from '../core/time/school-year';
import { DropoutCaseStatus } from '../dropout/dropout.enums';
import { REMINDED_AT_SCHOOL } from '../policy';
import { DONE_VISIT_STATUSES, SuggestionCategory, SuggestionStatus, VisitStatus } from '../visit/visit.enums';
import { NotificationKind } from './notify.enums';

/**
 * A fact worth a reminder, with whom it goes to. `body` names the child for the inbox (its
 * recipients read the record anyway); `outside`, for a school's group robot or mail, carries no
 * child's data: counts, the school, staff names and times only.
 */
export interface Fact {
  kind: NotificationKind;
  /** The fact and its period; one reminder per recipient each. */
  key: string;
  bureauId: string;
  schoolId: string | null;
  schoolName: string | null;
  recipients: string[];
  title: string;
  body: string;
  subject?: { type: string; id: string };
  /** What a school's channels may be told of it, if anything (no child's data). */
  outside?: string;
}

/** A kind of reminder: its facts now, and its messages for a school's channels from the new ones. */
export interface ReminderRule {
  kind: NotificationKind;
  find(em: EntityManager, now: Date, only?: string): Promise<Fact[]>;
  outside(facts: Fact[]): string[];
}

export interface ReminderSettings {
  /** Days an escalated suggestion may wait for its answer (NOTIFY_SUGGESTION_DAYS). */
  suggestionDays: number;
  /** Days before a campaign's end its unvisited students are reminded of (NOTIFY_CAMPAIGN_DAYS). */
  campaignDays: number;
}

const at = (d: Date) => chinaDateTime(d).slice(5); // 12-04 18:00
// Users of a school who are reminded of its facts: its own and those of the school it is attached to.
const leadsOf = (school: string) =>
  `array(select u.id from "user" u where u.active and u.role in ${codeList(REMINDED_AT_SCHOOL)} and u.school_id in (${school}.id, ${school}.parent_school_id) order by u.id)`;
const usersOfStaff = (staff: string) => `array(select u.id from "user" u where u.active and u.staff_id = ${staff} order by u.id)`;
const merge = (...lists: string[][]) => [...new Set(lists.flat())];
const tag = (school: string | null) => `【家访提醒】${school ?? '本县'}：`;

/** A visit in person still out past its expected return: at once, to the teacher and her school (the child's may be none). */
export const overdueVisits: ReminderRule = {
  kind: NotificationKind.VISIT_OVERDUE,
  async find(em, now, only) {
    const sql = new Sql();
    const rows = await sql.run<{ id: string; bureau_id: string; school_id: string | null; school: string | null; teacher: string; student: string; back: Date; visitor: string[]; leads: string[] | null }>(
      em,
      `select v.id, v.bureau_id, sc.id as school_id, sc.name as school, sm.name as teacher, st.name as student, v.expected_return_at as back,
         ${usersOfStaff('v.visitor_id')} as visitor, ${leadsOf('sc')} as leads
       from visit_record v join student st on st.id = v.student_id join staff_member sm on sm.id = v.visitor_id
         left join school sc on sc.id = coalesce(sm.school_id, st.school_id)
       where v.status = ${sql.v(VisitStatus.DEPARTED)} and v.expected_return_at < ${sql.v(now)} ${only ? `and v.id = ${sql.v(only)}` : ''}`,
    );
    return rows.map((r) => ({
      kind: this.kind,
      key: `VISIT_OVERDUE:${r.id}`,
      bureauId: r.bureau_id,
      schoolId: r.school_id,
      schoolName: r.school,
      recipients: merge(r.visitor, r.leads ?? []),
      title: `家访逾期未归：${r.teacher}`,
      body: `${r.teacher}对${r.student}的实地家访预计 ${at(new Date(r.back))} 返回，至今未登记返回，请尽快联系确认人员安全。`,
      subject: { type: 'VisitRecord', id: r.id },
      outside: `${tag(r.school)}${r.teacher}老师的实地家访预计 ${at(new Date(r.back))} 返回，至今未登记返回，请尽快联系确认人员安全。`,
    }));
  },
  outside: (facts) => facts.flatMap((f) => (f.outside ? [f.outside] : [])),
};

/** Parents' suggestions escalated to the school and still unanswered after some days. */
export const unansweredSuggestions = (days: number): ReminderRule => ({
  kind: NotificationKind.SUGGESTION_UNANSWERED,
  async find(em, now) {
    const sql = new Sql();
    const rows = await sql.run<{ id: string; bureau_id: string; school_id: string | null; school: string | null; category: string; student: string; since: Date; leads: string[] | null }>(
      em,
      `select p.id, p.bureau_id, sc.id as school_id, sc.name as school, p.category, st.name as student, p.created_at as since, ${leadsOf('sc')} as leads
       from parent_suggestion p join visit_record v on v.id = p.visit_id join student st on st.id = v.student_id left join school sc on sc.id = st.school_id
       where p.status = ${sql.v(SuggestionStatus.ESCALATED)} and p.created_at < ${sql.v(new Date(now.getTime() - days * 86_400_000))}`,
    );
    return rows.map((r) => ({
      kind: this.kind,
      key: `SUGGESTION_UNANSWERED:${r.id}`,
      bureauId: r.bureau_id,
      schoolId: r.school_id,
      schoolName: r.school,
      recipients: r.leads ?? [],
      title: '家长意见逾期未答复',
      body: `${r.student}家长在家访中反映的意见（${enumLabel(SuggestionCategory, r.category)}）已上报学校 ${Math.floor((now.getTime() - new Date(r.since).getTime()) / 86_400_000)} 天，尚未答复。`,
      subject: { type: 'ParentSuggestion', id: r.id },
    }));
  },
  outside: (facts) => [`${tag(facts[0].schoolName)}${facts.length} 条家长意见已上报超过 ${days} 天未答复，请登录系统答复。`],
});

/** Cases being verified that wait for the principal's signature on the verification form (附件4). */
export const casesAwaitingSignoff: ReminderRule = {
  kind: NotificationKind.CASE_SIGNOFF,
  async find(em) {
    const sql = new Sql();
    const rows = await sql.run<{ id: string; bureau_id: string; school_id: string; school: string; student: string; leads: string[] }>(
      em,
      `select c.id, c.bureau_id, sc.id as school_id, sc.name as school, st.name as student, ${leadsOf('sc')} as leads
       from dropout_case c join school sc on sc.id = c.school_id join student st on st.id = c.student_id
       where c.status = ${sql.v(DropoutCaseStatus.VERIFYING)} and c.principal_signed_on is null`,
    );
    return rows.map((r) => ({
      kind: this.kind,
      key: `CASE_SIGNOFF:${r.id}`,
      bureauId: r.bureau_id,
      schoolId: r.school_id,
      schoolName: r.school,
      recipients: r.leads,
      title: '控辍保学案件待校长签字',
      body: `${r.student}的疑似辍学案件正在核查，核查认定表（附件4）尚待校长签字。`,
      subject: { type: 'DropoutCase', id: r.id },
    }));
  },
  outside: (facts) => [`${tag(facts[0].schoolName)}${facts.length} 件疑似辍学案件正在核查，核查认定表尚待校长签字。`],
};

/** A campaign ending within some days with roster students not yet visited: to their visitors and the school. */
export const endingCampaigns = (days: number): ReminderRule => ({
  kind: NotificationKind.CAMPAIGN_ENDING,
  async find(em, now) {
    const sql = new Sql();
    const today = todayInChina(now);
    const rows = await sql.run<{ campaign_id: string; campaign: string; end_date: string; bureau_id: string; school_id: string | null; school: string | null; assigned_staff_id: string; left: number; visitor: string[]; leads: string[] | null }>(
      em,
      `select c.id as campaign_id, c.name as campaign, c.end_date::text, c.bureau_id, sc.id as school_id, sc.name as school, r.assigned_staff_id,
         count(*)::int as left, ${usersOfStaff('r.assigned_staff_id')} as visitor, ${leadsOf('sc')} as leads
       from campaign c join roster_entry r on r.campaign_id = c.id join student st on st.id = r.student_id left join school sc on sc.id = st.school_id
       where c.end_date between ${sql.v(today)}::date and ${sql.v(today)}::date + ${sql.v(days)}::int
         and not exists (select 1 from visit_record v where v.campaign_id = c.id and v.student_id = r.student_id and v.status in ${codeList(DONE_VISIT_STATUSES)})
       group by c.id, sc.id, r.assigned_staff_id`,
    );
    // One reminder per campaign and person: a visitor hears of their own students, the school of all of its own.
    const facts = new Map<string, Fact & { left: number }>();
    for (const r of rows) {
      const base = { kind: this.kind, bureauId: r.bureau_id, schoolId: r.school_id, schoolName: r.school, subject: { type: 'Campaign', id: r.campaign_id } };
      const ends = `“${r.campaign}”将于 ${r.end_date} 结束`;
      for (const user of r.visitor) {
        const key = `CAMPAIGN_ENDING:${r.campaign_id}:${user}`;
        const own = facts.get(key) ?? { ...base, key, recipients: [user], title: '家访活动即将结束', body: '', left: 0 };
        own.left += r.left;
        own.body = `${ends}，您负责的名单中还有 ${own.left} 名学生未完成家访。`;
        facts.set(key, own);
      }
      const key = `CAMPAIGN_ENDING:${r.campaign_id}:${r.school_id}`;
      const school = facts.get(key) ?? { ...base, key, recipients: r.leads ?? [], title: '家访活动即将结束', body: '', left: 0 };
      school.left += r.left;
      school.body = `${ends}，本校名单中还有 ${school.left} 名学生未完成家访。`;
      school.outside = `${tag(r.school)}${ends}，名单中还有 ${school.left} 名学生未完成家访。`;
      facts.set(key, school);
    }
    return [...facts.values()];
  },
  outside: (facts) => facts.flatMap((f) => (f.outside ? [f.outside] : [])),
});

/** Every rule, as the scheduler's scan runs them. */
export const reminderRules = (s: ReminderSettings): ReminderRule[] => [overdueVisits, unansweredSuggestions(s.suggestionDays), casesAwaitingSignoff, endingCampaigns(s.campaignDays)];
