import { Arg, Args, ArgsType, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../core/context';
import { LocalDate } from '../core/resource/scalars';
import { enumLabel } from '../core/resource/enums';
import { resourceOf } from '../core/resource/registry';
import { reportScope } from '../core/report/access';
import { assertCan, kindAccess, readsChildLists } from '../core/access/policy';
import { badField, forbidden, notFound } from '../core/errors';
import { resolveArgs } from '../core/report/args';
import { codeList } from '../core/report/sql';
import { listRows, type ReportListQuery } from '../core/report/list';
import { checkId, checkPage } from '../core/crud/where';
import { MAX_PAGE_SIZE } from '../core/crud/resolver';
import { createRecord, viewerOf } from '../core/crud/mutations';
import { School } from '../org/school.entity';
import { Student } from '../roster/student.entity';
import { FocusCategory } from '../roster/roster.enums';
import { EnrollmentChangeKind } from '../roster/enrollment.enums';
import { ComplianceRule } from '../compliance/rules';
import { DropoutCase } from './dropout-case.entity';
import { OPEN_STATUSES } from './dropout.rules';
import { DropoutSign, RiskBand, RiskFactor as F } from './dropout-risk.enums';
import { dropoutRiskReport } from './dropout-risk.report';
import { bandSql, riskReasonRows, riskScores } from './dropout-risk.sql';
import { GRADE_WEIGHTS, RISK_BANDS } from './risk-weights';

@ObjectType('DropoutRiskReason', { description: '一项风险因素及其分值' })
class DropoutRiskReason {
  @Field(() => F, { description: '因素' }) factor!: F;
  @Field(() => String, { nullable: true, description: '因素代码（类别、年级、要求、表现、异动类别；无权查看时为空）' }) code!: string | null;
  @Field(() => Int, { description: '分值' }) weight!: number;
  @Field(() => String, { description: '说明' }) explanation!: string;
  @Field(() => LocalDate, { nullable: true, description: '最近发生日期' }) lastOn!: string | null;
}

@ObjectType('DropoutRisk', { description: '一名学生的辍学风险得分与各项原因' })
class DropoutRisk {
  @Field(() => ID, { description: '学生编号' }) studentId!: string;
  @Field(() => Student, { nullable: true, description: '学生（字段按角色规则显示）' }) student!: Student | null;
  @Field(() => ID, { description: '学校编号' }) schoolId!: string;
  @Field(() => School, { nullable: true, description: '学校' }) school!: School | null;
  @Field(() => Int, { description: '风险得分' }) score!: number;
  @Field(() => RiskBand, { description: '风险等级' }) band!: RiskBand;
  @Field(() => String, { description: '得分原因' }) reasonText!: string;
  @Field(() => [DropoutRiskReason], { description: '各项原因及分值' }) reasons!: DropoutRiskReason[];
  @Field(() => ID, { nullable: true, description: '未结的控辍保学案件' }) openCaseId!: string | null;
}

@ObjectType('DropoutRiskList', { description: '辍学风险预警名单' })
class DropoutRiskList {
  @Field(() => Int, { description: '总人数' }) count!: number;
  @Field(() => [DropoutRisk]) items!: DropoutRisk[];
}

@ArgsType()
class DropoutRiskArgs {
  @Field(() => ID, { nullable: true, description: '只列此学校及其下属园校' }) schoolId?: string;
  @Field(() => Int, { nullable: true, description: `最低得分（缺省${RISK_BANDS.at(-1)!.min}，即有任一风险因素）` }) minScore?: number;
  @Field(() => LocalDate, { nullable: true, description: '统计日期（缺省今天）' }) asOf?: string;
  @Field(() => ID, { nullable: true, description: '只列此乡镇的学校' }) townId?: string;
  @Field(() => Int, { nullable: true, description: '页码，从0开始' }) page?: number;
  @Field(() => Int, { nullable: true, description: '每页条数（缺省100，最多1000）' }) perPage?: number;
}

/** Factors that reveal a child's protected categories (FOCUS in the field matrix). */
const PROTECTED: F[] = [F.FOCUS, F.VISIT_SIGN];

function explain(factor: F, code: string, n: number, lastOn: string | null): string {
  const on = lastOn ? `，${lastOn}` : '';
  switch (factor) {
    case F.FOCUS: return `重点关注：${enumLabel(FocusCategory, code)}`;
    case F.GRADE: return GRADE_WEIGHTS[Number(code)]?.label ?? `${code}年级`;
    case F.MISSED_VISIT: return `${enumLabel(ComplianceRule, code)}：差${n}次`;
    case F.VISIT_SIGN: return `家访记录：${enumLabel(DropoutSign, code)}（${n}次${on}）`;
    case F.ESCALATED_SUGGESTION: return `家长意见上报学校未解决（${n}条${on}）`;
    case F.EARLIER_CASE: return code === 'RETURNED' ? `曾确认辍学，劝返复学（${lastOn}）` : `曾疑似失学，核查为非辍学（${lastOn}）`;
    case F.ENROLLMENT_CHANGE: return `近一年学籍异动：${enumLabel(EnrollmentChangeKind, code)}（${lastOn}）`;
  }
}

type Row = { student_id: string; school_id: string; score: number; band: RiskBand; reasons: Array<{ factor: F; code: string; weight: number; on_day: string | null; n: number }> | null; open_case: string | null };

/**
 * 辍学风险预警 (002 四(五)): each enrolled student in reach with a score summed from the facts the
 * system holds, every fact listed with its weight (dropout/risk-weights.ts), highest first.
 */
async function riskList(ctx: Context, args: DropoutRiskArgs, only?: string, audit = true): Promise<DropoutRiskList> {
  const { page, perPage, minScore, ...raw } = args;
  checkPage(page, perPage, MAX_PAGE_SIZE, 100); // a bad page is answered before the reach
  const scope = reportScope(ctx.viewer, dropoutRiskReport);
  if (!readsChildLists(scope.viewer)) throw forbidden('当前角色只能读取汇总数据，不能查看学生名单', { rule: 'AGGREGATES_ONLY' });
  const a = await resolveArgs(ctx.em, dropoutRiskReport, raw, scope);
  const { count, rows } = await listRows<Row>(ctx.em, a, scope, riskListQuery(minScore ?? RISK_BANDS.at(-1)!.min, only), { page, perPage });
  const shows = kindAccess(scope.viewer, 'FOCUS') === 'full';
  const items = await Promise.all(rows.map(async (r) => {
    // A category or a visit's sign read in full is a read of the child's 重点关注类别: audited.
    if (audit && shows && (r.reasons ?? []).some((x) => PROTECTED.includes(x.factor))) ctx.views.record('Student', r.student_id, 'focusCategories');
    const reasons = (r.reasons ?? []).map((x) => {
      const hidden = PROTECTED.includes(x.factor) && !shows;
      return {
        factor: x.factor,
        code: hidden ? null : x.code,
        weight: x.weight,
        explanation: hidden ? `${enumLabel(F, x.factor)}（按权限不显示）` : explain(x.factor, x.code, x.n, x.on_day),
        lastOn: hidden ? null : x.on_day,
      };
    });
    return {
      studentId: r.student_id,
      student: (await ctx.loaders.one(resourceOf(Student), r.student_id)) as Student | null,
      schoolId: r.school_id,
      school: (await ctx.loaders.one(resourceOf(School), r.school_id)) as School | null,
      score: r.score,
      band: r.band,
      reasonText: reasons.map((x) => `${x.explanation} +${x.weight}`).join('；'),
      reasons,
      openCaseId: r.open_case,
    };
  }));
  return { count, items };
}

/** The risk list's rows: students at or above minScore (or the one asked for), each with their reasons and open case, highest score first. */
const riskListQuery = (minScore: number, only?: string): ReportListQuery => ({
  rows: (a, sql, scope) => `
    with r as materialized (${riskReasonRows(a, sql, scope)}), s as (${riskScores(a, sql, scope, 'r')})
    select s.student_id, s.school_id, sc.code as school_code, s.score, ${bandSql(sql, 's.score')} as band,
      (select json_agg(json_build_object('factor', r.factor, 'code', r.code, 'weight', r.weight, 'on_day', to_char(r.on_day, 'YYYY-MM-DD'), 'n', r.n)
        order by r.weight desc, r.factor, r.code) from r where r.student_id = s.student_id) as reasons,
      (select c.id from dropout_case c where c.student_id = s.student_id and c.status in ${codeList(OPEN_STATUSES)} limit 1) as open_case
    from s join school sc on sc.id = s.school_id
    where s.score >= ${sql.v(minScore)}${only ? ` and s.student_id = ${sql.v(only)}` : ''}`,
  order: 'x.score desc, x.school_code, x.student_id',
});

@Resolver()
export class DropoutRiskResolver {
  @Query(() => DropoutRiskList, {
    description: '辍学风险预警名单：在校学生按风险得分从高到低，列出每项原因及分值（重点关注类别、初三及升学过渡年级、家访未达要求、家访发现的厌学或长期缺课、家长意见未解决、曾有控辍保学案件、近期学籍异动）',
  })
  dropoutRiskList(@Args(() => DropoutRiskArgs) args: DropoutRiskArgs, @Ctx() ctx: Context): Promise<DropoutRiskList> {
    return riskList(ctx, args);
  }

  @Mutation(() => DropoutCase, { description: '按风险预警开案：为名单中的学生登记疑似辍学案件，风险原因记入具体情况（随后按控辍保学流程核查）' })
  async openDropoutCaseForRisk(
    @Arg('studentId', () => ID) studentId: string,
    @Arg('discoveredOn', () => LocalDate, { nullable: true, description: '发现日期（默认今天）' }) discoveredOn: string | null,
    @Ctx() ctx: Context,
  ) {
    // The role opens cases at all before anything is looked up.
    assertCan(viewerOf(ctx), resourceOf(DropoutCase), 'create');
    const id = checkId(studentId, 'studentId');
    // Read to write the case, not shown: no VIEW (a refused opening leaves nothing behind).
    const { items } = await riskList(ctx, { minScore: 0 }, id, false);
    const risk = items[0];
    if (!risk) throw notFound('Student', id);
    if (risk.score === 0) throw badField('studentId', '该学生没有辍学风险因素，不在预警名单中', 'NOT_AT_RISK');
    const details = `辍学风险预警 ${risk.score} 分（${enumLabel(RiskBand, risk.band)}）：${risk.reasonText}`;
    return createRecord(ctx, resourceOf(DropoutCase), { studentId: id, discoveredOn: discoveredOn ?? undefined, details: details.slice(0, 4000) });
  }
}
