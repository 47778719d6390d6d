import { Args, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { LocalDate } from '../core/resource/scalars';
import type { Context } from '../core/context';
import { resourceOf } from '../core/resource/registry';
import { reportListArgs, reportListPage } from '../core/report/list';
import { School } from '../org/school.entity';
import { SchoolClass } from '../org/school-class.entity';
import { Student } from '../roster/student.entity';
import { pairingCoverageReport } from './pairing-coverage.report';
import { PairingGroup, UNPAIRED_ORDER, unpairedList } from './pairing-coverage';

@ObjectType('UnpairedStudent', { description: '统计日期没有有效结对帮扶的重点关注学生' })
class UnpairedStudent {
  @Field(() => ID, { description: '学生编号' }) studentId!: string;
  @Field(() => Student, { nullable: true, description: '学生（字段按角色规则显示）' }) student!: Student | null;
  @Field(() => ID, { description: '学校编号' }) schoolId!: string;
  @Field(() => School, { nullable: true, description: '学校' }) school!: School | null;
  @Field(() => SchoolClass, { nullable: true, description: '班级' }) schoolClass!: SchoolClass | null;
  @Field(() => PairingGroup, { description: '类别' }) group!: PairingGroup;
  @Field(() => LocalDate, { nullable: true, description: '上次结对帮扶的结束日期（从未结对为空）' }) lastPairedUntil!: string | null;
}

@ObjectType('UnpairedStudentList', { description: '未结对帮扶学生名单' })
class UnpairedStudentList {
  @Field(() => Int, { description: '总人数' }) count!: number;
  @Field(() => [UnpairedStudent]) items!: UnpairedStudent[];
}

const UnpairedStudentArgs = reportListArgs(pairingCoverageReport, 'UnpairedStudentArgs');

/** The students behind pairingCoverageReport's 未结对 counts, under the field rules. */
@Resolver()
export class UnpairedStudentsResolver {
  @Query(() => UnpairedStudentList, { description: '未结对帮扶学生名单：建档立卡家庭学生与其他重点关注学生中统计日期没有有效结对帮扶的（按学校、类别、班级排序）' })
  async unpairedStudents(@Args(() => UnpairedStudentArgs) args: Record<string, unknown>, @Ctx() ctx: Context): Promise<UnpairedStudentList> {
    const { count, rows } = await reportListPage(ctx.em, ctx.viewer, pairingCoverageReport, { rows: unpairedList, order: UNPAIRED_ORDER }, args);
    const students = resourceOf(Student);
    const schools = resourceOf(School);
    const classes = resourceOf(SchoolClass);
    const items = await Promise.all(rows.map(async (r) => {
      // The group tells a poverty category: a full read of it, audited like the field itself.
      ctx.views.record(students.name, r.student_id, 'focusCategories');
      return {
        studentId: r.student_id,
        student: (await ctx.loaders.one(students, r.student_id)) as Student | null,
        schoolId: r.school_id,
        school: (await ctx.loaders.one(schools, r.school_id)) as School | null,
        schoolClass: r.class_id ? ((await ctx.loaders.one(classes, r.class_id)) as SchoolClass | null) : null,
        group: r.group,
        lastPairedUntil: r.last_end,
      };
    }));
    return { count, items };
  }
}
