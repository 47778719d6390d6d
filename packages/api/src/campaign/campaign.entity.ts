import { DateField, EnumField, EnumListField, Resource, TenantEntity, TextField } from '../core/resource';
import { schoolYearProblem } from '../core/time/school-year';
import { FocusCategory } from '../roster/roster.enums';
import { CampaignKind } from './campaign.enums';
import { RosterEntry } from './roster-entry.entity';
import { VisitRecord } from '../visit/visit-record.entity';

/** 家访活动: a round of visits such as 2024 万名教师大家访, with its list of students to visit. */
@Resource({
  typicalRows: 50,
  label: '家访活动',
  area: 'visit',
  display: 'name',
  defaultSort: { field: 'startDate', order: 'DESC' },
  // Rounds are often named alike year after year: their dates tell them apart.
  subtitle: [{ field: 'startDate', template: '{}起' }, { field: 'endDate', template: '{}止' }],
  children: {
    roster: { label: '走访对象名单', target: () => RosterEntry, inverse: 'campaign', orderBy: { createdAt: 'asc' }, expected: 1000 },
    visits: { label: '家访记录', target: () => VisitRecord, inverse: 'campaign', orderBy: { plannedAt: 'desc' }, expected: 1000 },
  },
  validate: (r) =>
    r.endDate && r.startDate && r.endDate < r.startDate
      ? [{ field: 'endDate', rule: 'PERIOD_ORDER', message: '结束日期不能早于开始日期' }]
      : [],
})
export class Campaign extends TenantEntity {
  @TextField('活动名称', { search: true, maxLength: 80 })
  name!: string;

  @EnumField('活动类型', CampaignKind, { index: true })
  kind!: CampaignKind;

  @TextField('学年', { index: true, validate: schoolYearProblem })
  schoolYear!: string;

  @DateField('开始日期', { index: true })
  startDate!: string;

  @DateField('结束日期')
  endDate!: string;

  /** 走访对象: the focus categories the round targets; empty means every student. */
  @EnumListField('重点走访类别', FocusCategory, { default: () => [] })
  targetCategories!: FocusCategory[];

  @TextField('活动要求', { nullable: true, maxLength: 2000 })
  description?: string;
}
