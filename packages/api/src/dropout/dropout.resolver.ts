import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../core/context';
import { resourceOf } from '../core/resource/registry';
import { checkVersion, findForWrite, flushFor, viewerOf } from '../core/crud/mutations';
import { checkId } from '../core/crud/where';
import { badField } from '../core/errors';
import { todayInChina } from '../core/time/school-year';
import { Student } from '../roster/student.entity';
import { SchoolingStatus } from '../roster/roster.enums';
import { Attachment, AttachmentKind } from '../files/attachment.entity';
import { DropoutCase } from './dropout-case.entity';
import { DropoutCaseStatus as S, DropoutCategory, NonDropoutCategory, type DropoutCaseStatus } from './dropout.enums';
import { checkTransition, closingProblems, OPEN_STATUSES, schoolingStatusOfDropout } from './dropout.rules';

const cases = () => resourceOf(DropoutCase);

async function moving(ctx: Context, id: string, version: number | null, to: DropoutCaseStatus) {
  const c = await findForWrite<DropoutCase>(ctx, cases(), id, 'update', ['student']);
  checkVersion(cases(), c, version);
  checkTransition(c.status, to);
  c.status = to;
  return c;
}

/** The dropout case workflow (附件4) and the open-case list. */
@Resolver(() => DropoutCase)
export class DropoutResolver {
  @Mutation(() => DropoutCase, { description: '开始核查：疑似辍学 → 核查中' })
  async verifyDropoutCase(@Arg('id', () => ID) id: string, @Arg('version', () => Int, { nullable: true }) version: number | null, @Ctx() ctx: Context) {
    const c = await moving(ctx, id, version, S.VERIFYING);
    await flushFor(ctx, cases(), 'write');
    return c;
  }

  @Mutation(() => DropoutCase, { description: '确认辍学：核查中 → 确认辍学；学生的就学状态随之改为相应的辍学类别' })
  async confirmDropoutCase(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Arg('dropoutCategory', () => DropoutCategory, { description: '辍学类别' }) category: DropoutCategory,
    @Ctx() ctx: Context,
  ) {
    const c = await moving(ctx, id, version, S.CONFIRMED_DROPOUT);
    c.dropoutCategory = category;
    c.nonDropoutCategory = undefined;
    c.confirmedOn = todayInChina();
    (c.student as Student).schoolingStatus = schoolingStatusOfDropout(category);
    await flushFor(ctx, cases(), 'write');
    return c;
  }

  @Mutation(() => DropoutCase, { description: '开始劝返：确认辍学 → 劝返中（劝返家访关联本案件）' })
  async persuadeDropoutCase(@Arg('id', () => ID) id: string, @Arg('version', () => Int, { nullable: true }) version: number | null, @Ctx() ctx: Context) {
    const c = await moving(ctx, id, version, S.PERSUADING);
    await flushFor(ctx, cases(), 'write');
    return c;
  }

  @Mutation(() => DropoutCase, { description: '已返校：学生恢复为县域内就读，回到案件登记的学校' })
  async returnDropoutCase(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Arg('returnedOn', () => String, { nullable: true, description: '返校日期（默认今天）' }) returnedOn: string | null,
    @Ctx() ctx: Context,
  ) {
    const c = await moving(ctx, id, version, S.RETURNED);
    if (!c.school) throw badField('schoolId', '案件未登记学校，无法确定返回的学校；请先在案件中填写学校', 'CASE_SCHOOL_REQUIRED');
    if (returnedOn && !/^\d{4}-\d{2}-\d{2}$/.test(returnedOn)) throw badField('returnedOn', '返校日期应写作 2024-10-08', 'DATE_FORMAT');
    c.returnedOn = returnedOn ?? todayInChina();
    const student = c.student as Student;
    student.schoolingStatus = SchoolingStatus.IN_COUNTY;
    if (student.school?.id !== c.school.id) {
      student.school = c.school;
      student.class = undefined; // the class belonged to another school
    }
    await flushFor(ctx, cases(), 'write');
    return c;
  }

  @Mutation(() => DropoutCase, {
    description: '结案（非辍学）：须选择非辍学类别；户籍原因、外迁无法联系、失踪失联须有公安部门盖章；须有佐证材料或缺失说明（附件2-1）',
  })
  async closeDropoutCase(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Arg('nonDropoutCategory', () => NonDropoutCategory, { description: '非辍学类别' }) category: NonDropoutCategory,
    @Arg('evidenceNote', () => String, { nullable: true, description: '佐证材料缺失说明' }) evidenceNote: string | null,
    @Arg('policeSignedOn', () => String, { nullable: true, description: '公安部门盖章日期' }) policeSignedOn: string | null,
    @Ctx() ctx: Context,
  ) {
    const c = await moving(ctx, id, version, S.CLOSED);
    c.nonDropoutCategory = category;
    c.dropoutCategory = undefined;
    if (evidenceNote?.trim()) c.evidenceNote = evidenceNote.trim();
    if (policeSignedOn) c.policeSignedOn = policeSignedOn;
    const evidence = await ctx.em.count(Attachment, { dropoutCase: c.id, kind: AttachmentKind.EVIDENCE });
    closingProblems(c, evidence);
    c.closedOn = todayInChina();
    await flushFor(ctx, cases(), 'write');
    return c;
  }

  @Query(() => [DropoutCase], { description: '未结案件（疑似、核查中、确认辍学、劝返中）' })
  openDropoutCases(@Arg('schoolId', () => ID, { nullable: true }) schoolId: string | null, @Ctx() ctx: Context) {
    viewerOf(ctx); // unauthenticated before a malformed id
    const where: Record<string, unknown>[] = [{ status: { $in: OPEN_STATUSES } }];
    if (schoolId) where.push({ school: checkId(schoolId, 'schoolId') });
    return ctx.scoped.find<DropoutCase>(cases(), where, { orderBy: { discoveredOn: 'asc', id: 'asc' } });
  }
}
