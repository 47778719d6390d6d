import type { EntityManager } from '@mikro-orm/core';
import { conflict } from '../core/errors';
import { RosterEntry } from '../campaign/roster-entry.entity';
import type { VisitRecord } from './visit-record.entity';

/**
 * 003 "避免…交叉家访、重复家访": in a campaign a student is visited by the one staff member the
 * roster assigns (who may go with colleagues: then they are among the companions). Without a
 * roster entry, by whoever visited them first in the campaign. Reassigning the roster entry is
 * how the visitor changes.
 */
export async function checkCampaignVisitor(em: EntityManager, v: VisitRecord): Promise<void> {
  if (!v.campaign) return;
  if (!v.companions.isInitialized()) await v.companions.init();
  const companions = v.companions.getItems().map((s) => s.id);
  const entry = await em.findOne(RosterEntry, { campaign: v.campaign.id, student: v.student.id }, { populate: ['assignedStaff'] });
  if (entry) {
    const assigned = entry.assignedStaff;
    if (v.visitor.id === assigned.id || companions.includes(assigned.id)) return;
    throw conflict(`该学生在本次活动中由 ${assigned.name} 负责走访；如需更换，请先修改走访对象名单中的负责教师`, {
      field: 'visitorId',
      rule: 'ONE_VISITOR_PER_CAMPAIGN',
      rosterEntryId: entry.id,
      assignedStaffId: assigned.id,
      assignedStaffName: assigned.name,
    });
  }
  const earlier = await em.getConnection().execute<Array<{ id: string; visitor_id: string; name: string }>>(
    `select v.id, v.visitor_id, s.name from visit_record v join staff_member s on s.id = v.visitor_id
      where v.campaign_id = ? and v.student_id = ? and v.id <> ? and v.visitor_id <> ? order by v.created_at limit 1`,
    [v.campaign.id, v.student.id, v.id, v.visitor.id],
  );
  const first = earlier[0];
  if (first && !companions.includes(first.visitor_id)) {
    throw conflict(`该学生在本次活动中已由 ${first.name} 家访，不能由他人重复家访（防止交叉家访、重复家访）`, {
      field: 'visitorId',
      rule: 'ONE_VISITOR_PER_CAMPAIGN',
      existingId: first.id,
      assignedStaffId: first.visitor_id,
      assignedStaffName: first.name,
    });
  }
}
