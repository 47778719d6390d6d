import { Args, ArgsType, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { LocalDate } from '../core/resource/scalars';
import type { Context } from '../core/context';
import { resourceOf } from '../core/resource/registry';
import { reportScope } from '../core/report/access';
import { readsChildLists } from '../core/access/policy';
import { forbidden } from '../core/errors';
import { resolveArgs } from '../core/report/args';
import { Sql } from '../core/report/sql';
import { checkPage } from '../core/crud/where';
import { MAX_PAGE_SIZE } from '../core/crud/resolver';
import { Semester } from '../core/time/school-year';
import { School } from '../org/school.entity';
import { Student } from '../roster/student.entity';
import { complianceReport } from './compliance.report';
import { ComplianceRule, gapRows } from './rules';

@ObjectType('ComplianceGap', { description: '一名学生未达到的一项要求' })
class ComplianceGap {
  @Field(() => ID, { description: '学生编号' }) studentId!: string;
  @Field(() => Student, { nullable: true, description: '学生（字段按角色规则显示）' }) student!: Student | null;
  @Field(() => ID, { description: '学校编号' }) schoolId!: string;
  @Field(() => School, { nullable: true, description: '学校' }) school!: School | null;
  @Field(() => ComplianceRule, { description: '要求' }) rule!: ComplianceRule;
  @Field(() => Int, { description: '应完成次数' }) required!: number;
  @Field(() => Int, { description: '已完成次数' }) done!: number;
  @Field(() => Int, { description: '差额' }) gap!: number;
  @Field(() => LocalDate, { nullable: true, description: '最近一次完成的日期' }) lastOn!: string | null;
}

@ObjectType('ComplianceGapList', { description: '合规缺口名单' })
class ComplianceGapList {
  @Field(() => Int, { description: '总条数' }) count!: number;
  @Field(() => [ComplianceGap]) items!: ComplianceGap[];
}

@ArgsType()
class ComplianceGapArgs {
  @Field(() => [ComplianceRule], { nullable: true, description: '只列这些要求（缺省全部）' }) rules?: ComplianceRule[];
  @Field(() => String, { nullable: true, description: '学年，如 2024-2025（缺省 asOf 所在学年）' }) schoolYear?: string;
  @Field(() => Semester, { nullable: true, description: '学期（缺省整个学年）' }) semester?: Semester;
  @Field(() => LocalDate, { nullable: true, description: '统计日期（缺省今天）' }) asOf?: string;
  @Field(() => String, { nullable: true, description: '关爱记录与送教所查月份，如 2025-03（缺省 asOf 所在月）' }) month?: string;
  @Field(() => ID, { nullable: true, description: '只列此乡镇的学校' }) townId?: string;
  @Field(() => ID, { nullable: true, description: '只列此学校及其下属园校' }) schoolId?: string;
  @Field(() => Int, { nullable: true, description: '页码，从0开始' }) page?: number;
  @Field(() => Int, { nullable: true, description: '每页条数（缺省100，最多1000）' }) perPage?: number;
}

/** The students behind complianceReport's counts, with the gap of each, under the field rules. */
@Resolver()
export class ComplianceResolver {
  @Query(() => ComplianceGapList, { description: '合规缺口名单：未达到家访频次、关爱记录、送教要求的学生及差额（按学校、要求排序）' })
  async complianceGaps(@Args(() => ComplianceGapArgs) args: ComplianceGapArgs, @Ctx() ctx: Context): Promise<ComplianceGapList> {
    const { rules, page, perPage, ...raw } = args;
    const size = checkPage(page, perPage, MAX_PAGE_SIZE, 100);
    const scope = reportScope(ctx.viewer, complianceReport);
    if (!readsChildLists(scope.viewer)) throw forbidden('当前角色只能读取汇总数据，不能查看学生名单', { rule: 'AGGREGATES_ONLY' });
    const a = await resolveArgs(ctx.em, complianceReport, raw, scope);
    const sql = new Sql();
    const rows = await sql.run<Record<string, any>>(ctx.em, `
      select g.student_id, g.school_id, g.rule, g.required::int, g.done::int, to_char(g.last_on, 'YYYY-MM-DD') as last_on, count(*) over () as total
      from (${gapRows(a, sql, scope)}) g join school s on s.id = g.school_id
      ${rules?.length ? `where g.rule = any(${sql.codes(rules)})` : ''}
      order by s.code, g.rule, g.required - g.done desc, g.student_id
      limit ${sql.v(size)} offset ${sql.v((page ?? 0) * size)}`);
    const students = resourceOf(Student);
    const schools = resourceOf(School);
    const items = await Promise.all(
      rows.map(async (r) => ({
        studentId: r.student_id,
        student: (await ctx.loaders.one(students, r.student_id)) as Student | null,
        schoolId: r.school_id,
        school: (await ctx.loaders.one(schools, r.school_id)) as School | null,
        rule: r.rule,
        required: r.required,
        done: r.done,
        gap: r.required - r.done,
        lastOn: r.last_on,
      })),
    );
    const count = rows.length ? Number(rows[0].total) : await this.countOnly(ctx, a, scope, rules);
    return { count, items };
  }

  // A page past the end still answers the total.
  private async countOnly(ctx: Context, a: Awaited<ReturnType<typeof resolveArgs>>, scope: ReturnType<typeof reportScope>, rules?: string[]) {
    const sql = new Sql();
    const [row] = await sql.run<{ n: number }>(ctx.em, `select count(*)::int as n from (${gapRows(a, sql, scope)}) g ${rules?.length ? `where g.rule = any(${sql.codes(rules)})` : ''}`);
    return row.n;
  }
}
