import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../core/context';
import { resourceOf } from '../core/resource/registry';
import { checkVersion, findForWrite, flushFor, viewerOf } from '../core/crud/mutations';
import { checkId } from '../core/crud/where';
import { badField, badInput } from '../core/errors';
import { isCalendarDay, todayInChina } from '../core/time/school-year';
import { Student } from '../roster/student.entity';
import { SchoolingStatus } from '../roster/roster.enums';
import { Attachment, AttachmentKind } from '../files/attachment.entity';
import { DropoutCase } from './dropout-case.entity';
import { DropoutCaseStatus as S, DropoutCategory, NonDropoutCategory, type DropoutCaseStatus } from './dropout.enums';
import { checkCaseDates, checkTransition, closingProblems, OPEN_STATUSES, schoolingStatusOfClosing, schoolingStatusOfDropout } from './dropout.rules';

const cases = () => resourceOf(DropoutCase);

/** A day given to a workflow step (`2024-10-08`), or today. */
function dayOf(value: string | null, field: string, label: string): string {
  if (value == null) return todayInChina();
  if (!isCalendarDay(value)) throw badField(field, `${label}应写作 2024-10-08`, 'DATE_FORMAT');
  return value;
}

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
    @Arg('confirmedOn', () => String, { nullable: true, description: '确认辍学日期（默认今天）' }) confirmedOn: string | null,
    @Ctx() ctx: Context,
  ) {
    const c = await moving(ctx, id, version, S.CONFIRMED_DROPOUT);
    c.dropoutCategory = category;
    c.nonDropoutCategory = undefined;
    c.confirmedOn = dayOf(confirmedOn, 'confirmedOn', '确认辍学日期');
    checkCaseDates(c);
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
    c.returnedOn = dayOf(returnedOn, 'returnedOn', '返校日期');
    checkCaseDates(c);
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
    description:
      '结案（非辍学）：须选择非辍学类别；户籍原因、外迁无法联系、失踪失联须有公安部门盖章；须有佐证材料或缺失说明（附件2-1）；学生的就学状态随之按附件1-1的类别更新',
  })
  async closeDropoutCase(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Arg('nonDropoutCategory', () => NonDropoutCategory, { description: '非辍学类别' }) category: NonDropoutCategory,
    @Arg('evidenceNote', () => String, { nullable: true, description: '佐证材料缺失说明' }) evidenceNote: string | null,
    @Arg('policeSignedOn', () => String, { nullable: true, description: '公安部门盖章日期' }) policeSignedOn: string | null,
    @Arg('schoolingStatus', () => SchoolingStatus, {
      nullable: true,
      description: '学生的就学状态（附件1-1）：户籍原因、实际就读须选择；其他类别自动确定',
    })
    schoolingStatus: SchoolingStatus | null,
    @Ctx() ctx: Context,
  ) {
    const c = await moving(ctx, id, version, S.CLOSED);
    const status = schoolingStatusOfClosing(category, schoolingStatus);
    if (typeof status === 'object') throw badInput([status]);
    c.nonDropoutCategory = category;
    c.dropoutCategory = undefined;
    if (evidenceNote?.trim()) c.evidenceNote = evidenceNote.trim();
    if (policeSignedOn) c.policeSignedOn = dayOf(policeSignedOn, 'policeSignedOn', '公安部门盖章日期');
    const evidence = await ctx.em.count(Attachment, { dropoutCase: c.id, kind: AttachmentKind.EVIDENCE });
    closingProblems(c, evidence);
    c.closedOn = todayInChina();
    checkCaseDates(c);
    (c.student as Student).schoolingStatus = status;
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
