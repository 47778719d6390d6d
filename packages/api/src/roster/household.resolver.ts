import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { Context } from '../core/context';
import { resourceOf } from '../core/resource/registry';
import { flushFor, viewerOf } from '../core/crud/mutations';
import { checkId } from '../core/crud/where';
import { assertCan, can } from '../core/access/policy';
import { notFound } from '../core/errors';
import { School } from '../org/school.entity';
import { Household } from './household.entity';
import { Student } from './student.entity';
import { planHouseholds } from './household-plan';
import { applyHouseholdPlan, phoneRows } from './households';

@ObjectType('HouseholdLinking', { description: '按监护人电话识别兄弟姐妹、建立家庭的结果' })
class HouseholdLinking {
  @Field(() => Int, { description: '新建家庭数' }) created!: number;
  @Field(() => Int, { description: '加入已有家庭的学生数' }) joined!: number;
  @Field(() => [Household], { description: '新建或有学生加入的家庭' }) households!: Household[];
}

/**
 * Brothers and sisters of these children (a shared guardian phone) made families, as the
 * request's viewer: in one transaction, audited, within their reach.
 */
export async function linkFamilies(ctx: Context, studentIds: readonly string[] | null): Promise<HouseholdLinking> {
  const viewer = viewerOf(ctx);
  const res = resourceOf(Household);
  assertCan(viewer, res, 'create');
  assertCan(viewer, res, 'update');
  // Only children the viewer reaches: a phone shared with another school's pupil links nothing
  // there (the bureau links across schools), and no family out of reach is read or joined.
  const rows = await phoneRows(ctx.em, viewer.bureauId, studentIds);
  const reach = await ctx.scoped.writing().idsInScope(resourceOf(Student), [...new Set(rows.map((r) => r.studentId))]);
  const plan = planHouseholds(rows.filter((r) => reach.has(r.studentId)));
  const households = await applyHouseholdPlan(ctx.em, viewer.bureauId, plan);
  if (households.length) await flushFor(ctx, resourceOf(Household), 'write', households);
  return { created: plan.create.length, joined: plan.join.reduce((n, j) => n + j.studentIds.length, 0), households };
}

/** After a roster import: the families found, in a sentence for the clerk (none when none). */
export async function linkImportedFamilies(ctx: Context, studentIds: string[]): Promise<string | null> {
  // A role that may import students but not keep families (the aid centre) leaves them to others.
  const res = resourceOf(Household);
  if (!can(viewerOf(ctx), res, 'create') || !can(viewerOf(ctx), res, 'update')) return null;
  const { created, joined } = await linkFamilies(ctx, studentIds);
  if (!created && !joined) return null;
  return `按监护人电话识别出兄弟姐妹：新建家庭 ${created} 个${joined ? `，${joined} 名学生加入已有家庭` : ''}`;
}

@Resolver()
export class HouseholdResolver {
  @Mutation(() => HouseholdLinking, {
    description: '识别家庭：监护人电话相同（含备用电话）的学生视为兄弟姐妹，建立家庭或加入已有家庭（003 每学年对每个学生家庭家访1次，一家一访计入全部子女）',
  })
  async linkHouseholds(@Arg('schoolId', () => ID, { nullable: true, description: '只处理此学校的学生（缺省为权限范围内全部学生）' }) schoolId: string | null, @Ctx() ctx: Context) {
    assertCan(viewerOf(ctx), resourceOf(Household), 'create');
    const where: Record<string, unknown> = {};
    if (schoolId) {
      const id = checkId(schoolId, 'schoolId');
      if (!(await ctx.scoped.idsInScope(resourceOf(School), [id])).size) throw notFound('School', id);
      where.school = id;
    }
    const students = await ctx.scoped.writing().find<{ id: string }>(resourceOf(Student), where, { fields: ['id'], disableIdentityMap: true });
    return linkFamilies(ctx, students.map((s) => s.id));
  }
}
