import { Args, Ctx, Field, Float, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../core/context';
import { resourceOf } from '../core/resource/registry';
import { reportListArgs, reportListPage } from '../core/report/list';
import { percentOf } from '../core/report/list-sheet';
import { School } from '../org/school.entity';
import { StaffMember } from '../org/staff-member.entity';
import { StaffPosition } from '../org/org.enums';
import { teacherVisitReport } from './teacher-visit.report';
import { teacherList, teacherOrder, type TeacherVisitSort } from './teacher-visits';

@ObjectType('TeacherVisits', { description: '一名教职工的家访情况' })
class TeacherVisits {
  @Field(() => ID, { description: '教职工编号' }) staffId!: string;
  @Field(() => StaffMember, { nullable: true, description: '教职工（姓名按角色规则显示）' }) staff!: StaffMember | null;
  @Field(() => ID, { description: '学校编号' }) schoolId!: string;
  @Field(() => School, { nullable: true, description: '学校' }) school!: School | null;
  @Field(() => StaffPosition, { description: '职务' }) position!: StaffPosition;
  @Field(() => Int, { description: '分配走访学生' }) assigned!: number;
  @Field(() => Int, { description: '已走访分配学生' }) visitedAssigned!: number;
  @Field(() => Int, { description: '未走访分配学生' }) unvisited!: number;
  @Field(() => Int, { description: '家访次数' }) visits!: number;
  @Field(() => Int, { description: '面对面家访' }) inPersonVisits!: number;
  @Field(() => Int, { description: '电话家访' }) phoneVisits!: number;
  @Field(() => Int, { description: '短信家访' }) smsVisits!: number;
  @Field(() => Int, { description: '网络家访' }) onlineVisits!: number;
  @Field(() => Int, { description: '信件家访' }) letterVisits!: number;
  @Field(() => Int, { description: '同行家访次数' }) accompanied!: number;
  @Field(() => Int, { description: '逾期未归报备' }) overdueVisits!: number;
  @Field(() => Int, { description: '回访次数' }) calledBack!: number;
  @Field(() => Int, { description: '回访确认到位' }) confirmed!: number;
  @Field(() => Float, { nullable: true, description: '到位率（%）' }) confirmedRate!: number | null;
  @Field(() => Int, { description: '满意度作答' }) answered!: number;
  @Field(() => Int, { description: '满意（含基本满意）' }) satisfied!: number;
  @Field(() => Float, { nullable: true, description: '满意率（%）' }) satisfiedRate!: number | null;
}

@ObjectType('TeacherVisitList', { description: '教师家访情况名单' })
class TeacherVisitList {
  @Field(() => Int, { description: '总人数' }) count!: number;
  @Field(() => [TeacherVisits]) items!: TeacherVisits[];
}

const TeacherVisitArgs = reportListArgs(teacherVisitReport, 'TeacherVisitArgs');

/** The teachers behind teacherVisitReport, sortable for appraisal, under the field rules. */
@Resolver()
export class TeacherVisitsResolver {
  @Query(() => TeacherVisitList, { description: '教师家访情况名单：每名教职工的分配学生、已走访、各形式家访、逾期未归报备与回访到位率、满意率（按 sortBy 排序）' })
  async teacherVisits(@Args(() => TeacherVisitArgs) args: Record<string, unknown>, @Ctx() ctx: Context): Promise<TeacherVisitList> {
    const order = (a: { options: Record<string, unknown> }) => teacherOrder(a.options.sortBy as TeacherVisitSort);
    const { count, rows } = await reportListPage(ctx.em, ctx.viewer, teacherVisitReport, { rows: teacherList, order }, args);
    const staff = resourceOf(StaffMember);
    const schools = resourceOf(School);
    const items = await Promise.all(rows.map(async (r) => ({
      ...(r as TeacherVisits),
      staffId: r.staff_id,
      staff: (await ctx.loaders.one(staff, r.staff_id)) as StaffMember | null,
      schoolId: r.school_id,
      school: (await ctx.loaders.one(schools, r.school_id)) as School | null,
      unvisited: r.assigned - r.visitedAssigned,
      confirmedRate: percentOf(r.confirmed, r.calledBack),
      satisfiedRate: percentOf(r.satisfied, r.answered),
    })));
    return { count, items };
  }
}
