import { Unique, type Rel } from '@mikro-orm/core';
import { EnumField, RefField, Resource, TenantEntity, TextField } from '../core/resource';
import { conflict } from '../core/errors';
import { Student } from '../roster/student.entity';
import { StaffMember } from '../org/staff-member.entity';
import { Campaign } from './campaign.entity';
import { RosterPriority } from './campaign.enums';

/**
 * 走访对象名单: one student of a campaign and the one staff member assigned to visit them.
 * One visitor per student per campaign is how cross and repeated visits (交叉家访、重复家访)
 * are prevented.
 */
@Resource({
  label: '走访对象',
  area: 'visit',
  display: 'reason',
  search: ['student.name', 'assignedStaff.name'],
  defaultSort: { field: 'createdAt', order: 'ASC' },
  naturalKeys: { CAMPAIGN_STUDENT: { fields: ['campaign', 'student'], label: '活动与学生' } },
  beforeSave: async (r, { em }) => {
    const other = await em.findOne(RosterEntry, { campaign: r.campaign.id, student: r.student.id, id: { $ne: r.id } }, { populate: ['assignedStaff'] });
    if (other) {
      throw conflict(`该学生在本次活动中已由 ${other.assignedStaff.name} 负责走访，不能重复指派（防止交叉家访、重复家访）`, {
        field: 'studentId',
        rule: 'ONE_VISITOR_PER_CAMPAIGN',
        existingId: other.id,
        assignedStaffId: other.assignedStaff.id,
        assignedStaffName: other.assignedStaff.name,
      });
    }
  },
})
@Unique({ properties: ['campaign', 'student'] })
export class RosterEntry extends TenantEntity {
  @RefField('家访活动', () => Campaign, { onDelete: 'cascade' })
  campaign!: Rel<Campaign>;

  @RefField('学生', () => Student)
  student!: Rel<Student>;

  @RefField('负责教师', () => StaffMember)
  assignedStaff!: Rel<StaffMember>;

  @EnumField('优先级', RosterPriority, { default: () => RosterPriority.NORMAL, index: true })
  priority!: RosterPriority;

  @TextField('走访原因', { nullable: true, maxLength: 200 })
  reason?: string;
}
