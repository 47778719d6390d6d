import { Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../core/context';
import { resourceOf } from '../core/resource/registry';
import { viewerOf } from '../core/crud/mutations';
import { forbidden } from '../core/errors';
import { todayInChina } from '../core/time/school-year';
import { VisitRecord } from '../visit/visit-record.entity';
import { DONE_VISIT_STATUSES } from '../visit/visit.enums';
import { RosterEntry } from './roster-entry.entity';
import { RosterPriority } from './campaign.enums';

// 重点走访 first (the enum lists it first).
const PRIORITY_ORDER = Object.values(RosterPriority);

/** The teacher's home (我的家访): the students of running campaigns she is to visit and has not yet. */
@Resolver()
export class DueRosterResolver {
  @Query(() => [RosterEntry], { description: '我的待走访学生：进行中的家访活动里指派给本人、尚未完成家访的走访对象（重点优先）' })
  async myDueRosterEntries(@Ctx() ctx: Context): Promise<RosterEntry[]> {
    const viewer = viewerOf(ctx);
    // Only staff have students of their own to visit; the home page leaves the card out for others.
    if (!viewer.staffId) throw forbidden('当前账号未关联教职工，没有自己的走访名单', { rule: 'NO_STAFF_RECORD' });
    const today = todayInChina();
    const entries = await ctx.scoped.find<RosterEntry>(
      resourceOf(RosterEntry),
      { assignedStaff: viewer.staffId, campaign: { startDate: { $lte: today }, endDate: { $gte: today } } },
      { populate: ['student'], orderBy: { createdAt: 'asc' } },
    );
    if (!entries.length) return [];
    const done = await ctx.scoped.find<VisitRecord>(
      resourceOf(VisitRecord),
      { campaign: { $in: [...new Set(entries.map((e) => e.campaign.id))] }, student: { $in: entries.map((e) => e.student.id) }, status: { $in: [...DONE_VISIT_STATUSES] } },
      { fields: ['campaign', 'student'] },
    );
    const visited = new Set(done.map((v) => `${v.campaign?.id}:${v.student.id}`));
    return entries
      .filter((e) => !visited.has(`${e.campaign.id}:${e.student.id}`))
      .sort((a, b) => PRIORITY_ORDER.indexOf(a.priority) - PRIORITY_ORDER.indexOf(b.priority));
  }
}
