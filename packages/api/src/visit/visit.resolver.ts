import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { DateTimeISO } from '../core/resource/scalars';
import { DropoutSign } from '../dropout/dropout-risk.enums';
import { VISIT_HAPPENED_AT } from './visit.computed';
import type { Context } from '../core/context';
import { childrenOf, resourceOf } from '../core/resource/registry';
import { checkAction } from '../core/resource/actions';
import { reminders } from '../notify/scheduler';
import { badInput, conflict } from '../core/errors';
import { checkVersion, findForWrite, flushFor, viewerOf } from '../core/crud/mutations';
import { checkId } from '../core/crud/where';
import { applyInput } from '../core/crud/write';
import { User } from '../org/user.entity';
import { schoolTermOf, Semester, todayInChina } from '../core/time/school-year';
import { Student } from '../roster/student.entity';
import { VisitRecord } from './visit-record.entity';
import { DONE_VISIT_STATUSES, Satisfaction, VisitStatus } from './visit.enums';
import { missingContent, travels, visitTimeProblems } from './visit.rules';

const visits = () => resourceOf(VisitRecord);


@ObjectType('VisitCount', { description: '学生每学年、学期的家访次数' })
class VisitCount {
  @Field(() => String, { description: '学年' }) schoolYear!: string;
  @Field(() => Semester, { description: '学期' }) semester!: Semester;
  @Field(() => Int, { description: '已完成家访次数' }) completed!: number;
  @Field(() => Int, { description: '其中实地家访' }) inPerson!: number;
}

/** The visit lifecycle (safety report and record) and the queries around it. */
@Resolver(() => VisitRecord)
export class VisitResolver {
  @Mutation(() => VisitRecord, { description: '出发：实地家访出发时登记（出行报备后）' })
  async departVisit(@Arg('id', () => ID) id: string, @Arg('version', () => Int, { nullable: true }) version: number | null, @Ctx() ctx: Context) {
    const v = await findForWrite<VisitRecord>(ctx, visits(), id, 'update');
    checkVersion(visits(), v, version);
    if (!travels(v.form)) throw conflict('只有实地家访需要登记出发；电话、短信、网络家访可直接完成', { rule: 'VISIT_NOT_TRAVELLING', field: 'form' });
    checkAction(visits(), 'departVisit', v as never);
    v.status = VisitStatus.DEPARTED;
    v.departedAt = new Date();
    v.departedBy = ctx.em.getReference(User, viewerOf(ctx).userId);
    await flushFor(ctx, visits(), 'write');
    // Reminded at its expected return; should queueing fail, the minute's scan still finds it.
    await reminders()?.visitDeparted(v.id, v.expectedReturnAt).catch(() => undefined);
    return v;
  }

  @Mutation(() => VisitRecord, { description: '完成：返回后填写家访记录（实地家访须已出发；其他形式可直接完成）' })
  async completeVisit(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Arg('familySituation', () => String, { nullable: true, description: '家庭情况' }) familySituation: string | null,
    @Arg('studentSituation', () => String, { nullable: true, description: '学生情况' }) studentSituation: string | null,
    @Arg('keyPoints', () => String, { nullable: true, description: '家访要点' }) keyPoints: string | null,
    @Arg('effect', () => String, { nullable: true, description: '家访效果' }) effect: string | null,
    @Arg('parentMetName', () => String, { nullable: true, description: '接待家长' }) parentMetName: string | null,
    @Arg('parentMetPhone', () => String, { nullable: true, description: '家长电话' }) parentMetPhone: string | null,
    @Arg('parentConsent', () => Boolean, { nullable: true, description: '家长同意' }) parentConsent: boolean | null,
    @Arg('dropoutSigns', () => [DropoutSign], { nullable: true, description: '辍学风险表现（厌学、长期缺课等）' }) dropoutSigns: DropoutSign[] | null,
    @Arg('visitedAt', () => DateTimeISO, {
      nullable: true,
      description: '家访时间（补录时填写实际家访的时间；不填则实地家访取出发时间，其他形式取当前时间）',
    })
    visitedAt: Date | null,
    @Ctx() ctx: Context,
  ) {
    const v = await findForWrite<VisitRecord>(ctx, visits(), id, 'update', ['companions']);
    checkVersion(visits(), v, version);
    checkAction(visits(), 'completeVisit', v as never);
    const given = Object.fromEntries(
      Object.entries({ familySituation, studentSituation, keyPoints, effect, parentMetName, parentMetPhone, parentConsent, dropoutSigns }).filter(([, x]) => x != null),
    );
    await applyInput(ctx.em, visits(), v as never, given, 'update', viewerOf(ctx));
    const missing = missingContent(v as never);
    if (missing.length) throw badInput(missing);
    const now = new Date();
    if (visitedAt) {
      const wrongTime = visitTimeProblems(visitedAt, now);
      if (v.departedAt && visitedAt < v.departedAt) {
        wrongTime.push({ field: 'visitedAt', rule: 'VISIT_TIME_BEFORE_DEPARTURE', message: '家访时间不能早于登记的出发时间' });
      }
      if (wrongTime.length) throw badInput(wrongTime);
    }
    v.visitedAt = visitedAt ?? (travels(v.form) && v.departedAt ? v.departedAt : now);
    v.status = VisitStatus.COMPLETED;
    v.completedAt = now;
    v.completedBy = ctx.em.getReference(User, viewerOf(ctx).userId);
    if (travels(v.form)) v.returnedAt = now;
    await flushFor(ctx, visits(), 'write');
    return v;
  }

  @Mutation(() => VisitRecord, { description: '审核：学校审核已完成的家访记录，可同时登记回访结果' })
  async reviewVisit(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Arg('callbackConfirmed', () => Boolean, { nullable: true, description: '回访确认已家访' }) callbackConfirmed: boolean | null,
    @Arg('satisfaction', () => Satisfaction, { nullable: true, description: '家长满意度' }) satisfaction: Satisfaction | null,
    @Ctx() ctx: Context,
  ) {
    const v = await findForWrite<VisitRecord>(ctx, visits(), id, 'review');
    checkVersion(visits(), v, version);
    checkAction(visits(), 'reviewVisit', v as never);
    if (callbackConfirmed != null) v.callbackConfirmed = callbackConfirmed;
    if (satisfaction != null) v.satisfaction = satisfaction;
    v.status = VisitStatus.REVIEWED;
    v.reviewedAt = new Date();
    v.reviewedBy = ctx.em.getReference(User, viewerOf(ctx).userId);
    await flushFor(ctx, visits(), 'write');
    return v;
  }

  @Query(() => [VisitRecord], { description: '逾期未归：已出发、超过预计返回时间仍未登记返回的实地家访（按当前时间即时计算）' })
  async overdueVisits(@Arg('schoolId', () => ID, { nullable: true, description: '学校（含下属园校的学生按其所在学校）' }) schoolId: string | null, @Ctx() ctx: Context) {
    viewerOf(ctx); // unauthenticated before a malformed id
    const where: Record<string, unknown>[] = [{ status: VisitStatus.DEPARTED, expectedReturnAt: { $lt: new Date() } }];
    if (schoolId) where.push({ student: { school: checkId(schoolId, 'schoolId') } });
    return ctx.scoped.find<VisitRecord>(visits(), where, { orderBy: { expectedReturnAt: 'asc' } });
  }

  @FieldResolver(() => Boolean, { description: '逾期未归（已出发且超过预计返回时间）' })
  overdue(@Root() v: VisitRecord): boolean {
    return v.status === VisitStatus.DEPARTED && !!v.expectedReturnAt && v.expectedReturnAt.getTime() < Date.now();
  }
}

const when = (v: VisitRecord) => VISIT_HAPPENED_AT.map((f) => v[f]).find((d) => d)!.getTime();

/**
 * A student's visit counts per school year and semester and latest visit read the same batched,
 * scoped child list as `Student.visits`, so asking for all three costs one query.
 */
@Resolver(() => Student)
export class StudentVisitsResolver {
  private visitsOf(s: Student, ctx: Context) {
    // The list VisitRecord declares under Student (listedUnder), loaded once for all three fields.
    const students = resourceOf(Student);
    const visits = childrenOf(students).find((c) => c.name === 'visits')!;
    return ctx.loaders.children(students, visits, s.id) as Promise<VisitRecord[]>;
  }

  @FieldResolver(() => [VisitCount], { description: '每学年、学期已完成的家访次数' })
  async visitCounts(@Root() s: Student, @Ctx() ctx: Context): Promise<VisitCount[]> {
    const counts = new Map<string, VisitCount>();
    for (const v of await this.visitsOf(s, ctx)) {
      if (!DONE_VISIT_STATUSES.includes(v.status) || !v.visitedAt) continue;
      const term = schoolTermOf(todayInChina(v.visitedAt));
      const key = `${term.schoolYear} ${term.semester}`;
      const c = counts.get(key) ?? { ...term, completed: 0, inPerson: 0 };
      c.completed++;
      if (travels(v.form)) c.inPerson++;
      counts.set(key, c);
    }
    return [...counts.values()].sort((a, b) => `${b.schoolYear}${b.semester}`.localeCompare(`${a.schoolYear}${a.semester}`));
  }

  @FieldResolver(() => VisitRecord, { nullable: true, description: '最近一次家访' })
  async latestVisit(@Root() s: Student, @Ctx() ctx: Context): Promise<VisitRecord | null> {
    const all = await this.visitsOf(s, ctx);
    return all.reduce<VisitRecord | null>((best, v) => (!best || when(v) > when(best) ? v : best), null);
  }
}
