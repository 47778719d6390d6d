import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { Context } from '../core/context';
import { resourceOf } from '../core/resource/registry';
import { findInScope, viewerOf } from '../core/crud/mutations';
import { checkId } from '../core/crud/where';
import { assertCan } from '../core/access/policy';
import { notFound } from '../core/errors';
import { bulkWrite, rowError } from '../core/bulk/run';
import { School } from '../org/school.entity';
import { StaffMember } from '../org/staff-member.entity';
import { Student } from '../roster/student.entity';
import { FocusCategory } from '../roster/roster.enums';
import { Campaign } from './campaign.entity';
import { RosterEntry } from './roster-entry.entity';
import { RosterAssignee, RosterSkipReason } from './campaign.enums';
import { ALL_STUDENTS, candidates, planRoster } from './generate-roster';

@ObjectType('RosterProposal', { description: '生成的（或试算时将生成的）一条走访对象' })
class RosterProposal {
  @Field(() => ID, { nullable: true, description: '走访对象编号（试算时为空）' }) rosterEntryId!: string | null;
  @Field(() => ID) studentId!: string;
  @Field(() => Student, { nullable: true, description: '学生（字段按角色规则显示）' }) student!: Student | null;
  @Field(() => ID) assignedStaffId!: string;
  @Field(() => StaffMember, { nullable: true, description: '负责教师' }) assignedStaff!: StaffMember | null;
  @Field(() => String, { description: '走访原因' }) reason!: string;
}

@ObjectType('RosterSkip', { description: '符合条件但未生成走访对象的学生及原因' })
class RosterSkip {
  @Field(() => ID) studentId!: string;
  @Field(() => Student, { nullable: true, description: '学生（字段按角色规则显示）' }) student!: Student | null;
  @Field(() => RosterSkipReason) reason!: RosterSkipReason;
  @Field(() => ID, { nullable: true, description: '已有的走访对象编号（已在名单中时）' }) rosterEntryId!: string | null;
}

@ObjectType('RosterGeneration', { description: '一键生成走访对象名单的结果' })
class RosterGeneration {
  @Field(() => Boolean, { description: '只是试算，未写入' }) dryRun!: boolean;
  @Field(() => Int, { description: '生成条数' }) created!: number;
  @Field(() => Int, { description: '跳过人数' }) skippedCount!: number;
  @Field(() => [RosterProposal]) entries!: RosterProposal[];
  @Field(() => [RosterSkip]) skipped!: RosterSkip[];
}

/** 000 五(一) "从本校摸底的困难学生汇总表中直接筛选": a campaign's roster in one step. */
@Resolver()
export class RosterResolver {
  @Mutation(() => RosterGeneration, {
    description:
      '一键生成走访对象名单：从学校在读学生中按重点关注类别筛选（缺省为活动的重点走访类别，活动未设时为全体在读学生），指派给班主任或结对帮扶教师；' +
      '已在名单中、已由他人家访、找不到负责教师的学生跳过并说明原因（一生一名负责教师，防止交叉家访、重复家访）；全部写入或全部不写',
  })
  async generateRoster(
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('assignTo', () => RosterAssignee, { description: '指派给班主任或结对帮扶教师' }) assignTo: RosterAssignee,
    @Arg('categories', () => [FocusCategory], { nullable: true, description: '重点关注类别（任一即可；缺省为活动的重点走访类别；空列表为全体在读学生）' }) categories: FocusCategory[] | null,
    @Arg('schoolIds', () => [ID], { nullable: true, description: '学校（缺省为权限范围内全部学校）' }) schoolIds: string[] | null,
    @Arg('dryRun', () => Boolean, { defaultValue: false, description: '只试算，不写入' }) dryRun: boolean,
    @Ctx() ctx: Context,
  ): Promise<RosterGeneration> {
    const viewer = viewerOf(ctx);
    const roster = resourceOf(RosterEntry);
    assertCan(viewer, roster, 'create');
    const campaign = await findInScope<Campaign>(ctx, resourceOf(Campaign), checkId(campaignId, 'campaignId'));
    const schools = schoolIds && [...new Set(schoolIds.map((id) => checkId(id, 'schoolIds')))];
    if (schools) {
      const reach = await ctx.scoped.idsInScope(resourceOf(School), schools);
      const out = schools.find((id) => !reach.has(id));
      if (out) throw notFound('School', out);
    }
    const wanted = categories ?? campaign.targetCategories;
    const found = await candidates(ctx.em, viewer.bureauId, campaign.id, wanted, schools);
    // Reach in the one place: the students the viewer may write roster entries for.
    const reach = await ctx.scoped.writing().idsInScope(resourceOf(Student), found.map((c) => c.studentId));
    const plan = planRoster(found.filter((c) => reach.has(c.studentId)), assignTo, wanted);
    // A helper at another school is not the viewer's to assign (the bureau does): skipped, not a failed run.
    const staffInReach = await ctx.scoped.idsInScope(resourceOf(StaffMember), [...new Set(plan.planned.map((p) => p.assignedStaffId))]);
    const planned = plan.planned.filter((p) => staffInReach.has(p.assignedStaffId));
    const skipped = [
      ...plan.skipped,
      ...plan.planned.filter((p) => !staffInReach.has(p.assignedStaffId)).map((p) => ({ studentId: p.studentId, reason: RosterSkipReason.STAFF_OUT_OF_REACH, rosterEntryId: null })),
    ];

    // The people of the answer, read before the write (a dry run rolls its session back).
    const students = resourceOf(Student);
    const staff = resourceOf(StaffMember);
    const student = (id: string) => ctx.loaders.one(students, id) as Promise<Student | null>;
    const [plannedStudents, plannedStaff, skippedStudents] = await Promise.all([
      Promise.all(planned.map((p) => student(p.studentId))),
      Promise.all(planned.map((p) => ctx.loaders.one(staff, p.assignedStaffId) as Promise<StaffMember | null>)),
      Promise.all(skipped.map((x) => student(x.studentId))),
    ]);

    const outcome = await bulkWrite(ctx, roster, planned.map((p) => ({ campaignId: campaign.id, ...p })), { op: 'create', mode: 'ALL_OR_NOTHING', dryRun });
    const failed = outcome.rows.find((r) => r.status === 'ERROR');
    if (failed) throw rowError(failed);
    // The reasons name each child's categories: a read of them, audited.
    for (const p of planned) if (p.reason !== ALL_STUDENTS) ctx.views.record(students.name, p.studentId, 'focusCategories');
    return {
      dryRun,
      created: dryRun ? 0 : outcome.created,
      skippedCount: skipped.length,
      entries: planned.map((p, i) => ({
        rosterEntryId: dryRun ? null : (outcome.rows[i].id ?? null),
        studentId: p.studentId,
        student: plannedStudents[i],
        assignedStaffId: p.assignedStaffId,
        assignedStaff: plannedStaff[i],
        reason: p.reason,
      })),
      skipped: skipped.map((x, i) => ({ ...x, student: skippedStudents[i] })),
    };
  }
}
