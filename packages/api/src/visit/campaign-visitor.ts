import type { EntityManager } from '@mikro-orm/postgresql';
import { conflict } from '../core/errors';
import { readRows } from '../core/crud/read-ahead';
import { UUID } from '../core/crud/where';
import type { VisitRecord } from './visit-record.entity';

interface VisitorFacts {
  /** The student's roster entry in the campaign, with its assigned staff member. */
  entry: { id: string; staffId: string; staffName: string } | null;
  /** The first visit of the student in the campaign by someone other than this visitor. */
  earlier: { id: string; visitorId: string; name: string } | null;
}

/** Both facts of the rule below in one read, no entities. */
const VISITOR_FACTS = `select
    (select json_build_object('id', r.id, 'staffId', s.id, 'staffName', s.name) from roster_entry r join staff_member s on s.id = r.assigned_staff_id
      where r.campaign_id = ?::uuid and r.student_id = ?::uuid order by r.created_at limit 1) as entry,
    (select json_build_object('id', v.id, 'visitorId', v.visitor_id, 'name', s.name) from visit_record v join staff_member s on s.id = v.visitor_id
      where v.campaign_id = ?::uuid and v.student_id = ?::uuid and v.id <> ?::uuid and v.visitor_id <> ?::uuid order by v.created_at limit 1) as earlier`;

const factValues = (campaignId: string, studentId: string, visitId: string, visitorId: string) => {
  const [c, s, v] = [campaignId, studentId, visitorId].map((id) => id.toLowerCase());
  return [c, s, c, s, visitId, v];
};

/** The rule's read, sent ahead with a new visit's references when the input names them plainly. */
export function campaignVisitorReads(v: VisitRecord, input: Record<string, unknown>): Array<{ text: string; values: unknown[] }> {
  const ids = [input.campaignId, input.studentId, input.visitorId];
  if (!ids.every((id) => typeof id === 'string' && UUID.test(id))) return [];
  const [c, s, t] = ids as string[];
  return [{ text: VISITOR_FACTS, values: factValues(c, s, v.id, t) }];
}

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
  const [facts] = await readRows<VisitorFacts>(em, v, VISITOR_FACTS, factValues(v.campaign.id, v.student.id, v.id, v.visitor.id));
  const entry = facts?.entry;
  if (entry) {
    if (v.visitor.id === entry.staffId || companions.includes(entry.staffId)) return;
    throw conflict(`该学生在本次活动中由 ${entry.staffName} 负责走访；如需更换，请先修改走访对象名单中的负责教师`, {
      field: 'visitorId',
      rule: 'ONE_VISITOR_PER_CAMPAIGN',
      rosterEntryId: entry.id,
      assignedStaffId: entry.staffId,
      assignedStaffName: entry.staffName,
    });
  }
  const first = facts?.earlier;
  if (first && !companions.includes(first.visitorId)) {
    throw conflict(`该学生在本次活动中已由 ${first.name} 家访，不能由他人重复家访（防止交叉家访、重复家访）`, {
      field: 'visitorId',
      rule: 'ONE_VISITOR_PER_CAMPAIGN',
      existingId: first.id,
      assignedStaffId: first.visitorId,
      assignedStaffName: first.name,
    });
  }
}
