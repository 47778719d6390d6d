import { Args, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { DateTimeISO } from '../core/resource/scalars';
import type { Context } from '../core/context';
import { resourceOf } from '../core/resource/registry';
import { reportListArgs, reportListPage } from '../core/report/list';
import { School } from '../org/school.entity';
import { StaffMember } from '../org/staff-member.entity';
import { Student } from '../roster/student.entity';
import { VisitRecord } from './visit-record.entity';
import { VisitForm } from './visit.enums';
import { callbackReport } from './callback.report';
import { SAMPLE_ORDER, sampleRows } from './callback-sample';
import { contactOf } from './callback-sheets';

@ObjectType('CallbackSampleItem', { description: '抽中待回访的一次家访，及回访所需的联系方式' })
class CallbackSampleItem {
  @Field(() => Int, { description: '抽样序号' }) draw!: number;
  @Field(() => ID, { description: '家访记录编号（回访结果在 reviewVisit 中登记）' }) visitId!: string;
  @Field(() => VisitRecord, { nullable: true, description: '家访记录' }) visit!: VisitRecord | null;
  @Field(() => Student, { nullable: true, description: '学生（字段按角色规则显示）' }) student!: Student | null;
  @Field(() => School, { nullable: true, description: '学校' }) school!: School | null;
  @Field(() => StaffMember, { nullable: true, description: '家访教师' }) visitor!: StaffMember | null;
  @Field(() => VisitForm, { description: '家访形式' }) form!: VisitForm;
  @Field(() => DateTimeISO, { description: '家访时间' }) visitedAt!: Date;
  @Field(() => String, { nullable: true, description: '联系家长（接待家长，无则第一监护人；按角色规则显示）' }) parentName!: string | null;
  @Field(() => String, { nullable: true, description: '联系电话（按角色规则显示）' }) phone!: string | null;
}

@ObjectType('CallbackSample', { description: '回访抽样名单' })
class CallbackSample {
  @Field(() => Int, { description: '抽中条数' }) count!: number;
  @Field(() => Int, { description: '待回访家访总数（抽样范围）' }) pool!: number;
  @Field(() => String, { description: '所用种子（缺省为统计日期）' }) seed!: string;
  @Field(() => [CallbackSampleItem]) items!: CallbackSampleItem[];
}

const CallbackSampleArgs = reportListArgs(callbackReport, 'CallbackSampleArgs');

/** The random draw of completed visits still to call back, reproducible by its seed, under the field rules. */
@Resolver()
export class CallbackSampleResolver {
  @Query(() => CallbackSample, { description: '回访抽样名单：期间内已完成、尚未回访的家访中按种子随机抽取 sampleSize 条（缺省10%），同一种子抽出同一名单' })
  async callbackSample(@Args(() => CallbackSampleArgs) args: Record<string, unknown>, @Ctx() ctx: Context): Promise<CallbackSample> {
    const { scope, a, count, rows } = await reportListPage(ctx.em, ctx.viewer, callbackReport, { rows: sampleRows, order: SAMPLE_ORDER }, args);
    const visits = resourceOf(VisitRecord);
    const students = resourceOf(Student);
    const schools = resourceOf(School);
    const staff = resourceOf(StaffMember);
    const items = await Promise.all(rows.map(async (r) => ({
      draw: Number(r.draw),
      visitId: r.visit_id,
      visit: (await ctx.loaders.one(visits, r.visit_id)) as VisitRecord | null,
      student: (await ctx.loaders.one(students, r.student_id)) as Student | null,
      school: r.school_id ? ((await ctx.loaders.one(schools, r.school_id)) as School | null) : null,
      visitor: (await ctx.loaders.one(staff, r.visitor_id)) as StaffMember | null,
      form: r.form,
      visitedAt: new Date(r.visited_at),
      ...contactOf(r, scope.viewer),
    })));
    return { count, pool: Number(rows[0]?.pool ?? 0), seed: (a.options.seed as string | null) ?? a.asOf, items };
  }
}
