import { Args, ArgsType, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { LocalDate } from '../core/resource/scalars';
import type { Context } from '../core/context';
import { resourceOf } from '../core/resource/registry';
import { reportScope } from '../core/report/access';
import { readsChildLists } from '../core/access/policy';
import { forbidden } from '../core/errors';
import { resolveArgs } from '../core/report/args';
import { listRows } from '../core/report/list';
import { checkPage } from '../core/crud/where';
import { MAX_PAGE_SIZE } from '../core/crud/resolver';
import { Semester } from '../core/time/school-year';
import { School } from '../org/school.entity';
import { Student } from '../roster/student.entity';
import { Household } from '../roster/household.entity';
import { complianceReport } from './compliance.report';
import { ComplianceRule } from './rules';
import { gapList } from './gap-list';

@ObjectType('ComplianceGap', { description: '一名学生未达到的一项要求' })
class ComplianceGap {
  @Field(() => ID, { description: '学生编号' }) studentId!: string;
  @Field(() => Student, { nullable: true, description: '学生（字段按角色规则显示）' }) student!: Student | null;
  @Field(() => ID, { nullable: true, description: '家庭编号（有兄弟姐妹登记为同一家庭时）' }) householdId!: string | null;
  @Field(() => Household, { nullable: true, description: '家庭：一次入户家访计入其全部子女' }) household!: Household | null;
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
    checkPage(page, perPage, MAX_PAGE_SIZE, 100); // a bad page is answered before the reach
    const scope = reportScope(ctx.viewer, complianceReport);
    if (!readsChildLists(scope.viewer)) throw forbidden('当前角色只能读取汇总数据，不能查看学生名单', { rule: 'AGGREGATES_ONLY' });
    const a = await resolveArgs(ctx.em, complianceReport, raw, scope);
    const { count, rows } = await listRows<Record<string, any>>(ctx.em, a, scope, gapList(rules), { page, perPage });
    const students = resourceOf(Student);
    const schools = resourceOf(School);
    const households = resourceOf(Household);
    const items = await Promise.all(
      rows.map(async (r) => ({
        studentId: r.student_id,
        student: (await ctx.loaders.one(students, r.student_id)) as Student | null,
        householdId: r.household_id,
        household: r.household_id ? ((await ctx.loaders.one(households, r.household_id)) as Household | null) : null,
        schoolId: r.school_id,
        school: (await ctx.loaders.one(schools, r.school_id)) as School | null,
        rule: r.rule,
        required: r.required,
        done: r.done,
        gap: r.required - r.done,
        lastOn: r.last_on,
      })),
    );
    return { count, items };
  }
}
