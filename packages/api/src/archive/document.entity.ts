import type { Rel } from '@mikro-orm/core';
import { DateField, EnumField, RefField, Resource, TenantEntity, TextField } from '../core/resource';
import { schoolYearProblem, Semester } from '../core/time/school-year';
import { School } from '../org/school.entity';
import { Campaign } from '../campaign/campaign.entity';
import { Attachment } from '../files/attachment.entity';
import { ArchiveBox, ArchiveItem } from './archive.enums';
import { itemBoxProblems } from './catalogue';

const PARTIES = '目标责任书须写明签订双方（甲方、乙方）';

/** Problems of a document beyond its single fields: the item in its box, one owner, an agreement's parties. */
function documentProblems(d: Document) {
  const problems = itemBoxProblems(d);
  if (d.school && d.campaign) problems.push({ field: 'campaignId', rule: 'ONE_OWNER', message: '档案资料属于一所学校或一次家访活动（都不填则属于教育局）' });
  if (d.box === ArchiveBox.RESPONSIBILITY) {
    if (!d.partyA) problems.push({ field: 'partyA', rule: 'AGREEMENT_PARTIES', message: PARTIES });
    else if (!d.partyB) problems.push({ field: 'partyB', rule: 'AGREEMENT_PARTIES', message: PARTIES });
  }
  return problems;
}

/**
 * 档案资料: a file of the 控辍保学 archive (002 附件2-2), filed in its box and item for a school
 * year (and semester), owned by a school, a campaign or the bureau. The files are Attachments
 * (POST /files with documentId); GET /archive/<schoolId>.zip lays a school's out by the catalogue.
 */
@Resource({
  label: '档案资料',
  area: 'dropout',
  display: 'title',
  search: ['title', 'school.name'],
  defaultSort: { field: 'createdAt', order: 'DESC' },
  children: {
    attachments: { label: '文件', target: () => Attachment, inverse: 'document', orderBy: { createdAt: 'asc' } },
  },
  listedUnder: [
    { parent: () => School, as: 'documents', label: '档案资料', inverse: 'school', orderBy: { createdAt: 'desc' } },
    { parent: () => Campaign, as: 'documents', label: '档案资料', inverse: 'campaign', orderBy: { createdAt: 'desc' } },
  ],
  validate: documentProblems,
})
export class Document extends TenantEntity {
  @RefField('学校', () => School, { nullable: true })
  school?: Rel<School> | null;

  @RefField('家访活动', () => Campaign, { nullable: true })
  campaign?: Rel<Campaign> | null;

  @EnumField('档案盒', ArchiveBox, { index: true })
  box!: ArchiveBox;

  @EnumField('盒内资料', ArchiveItem, { index: true })
  item!: ArchiveItem;

  @TextField('学年', { index: true, validate: schoolYearProblem })
  schoolYear!: string;

  /** Empty for a document of the whole school year (filed in both semesters' archives). */
  @EnumField('学期', Semester, { nullable: true, index: true })
  semester?: Semester | null;

  @TextField('标题', { search: true, maxLength: 200 })
  title!: string;

  /** 目标责任书 (Ⅱ类): who signs, e.g. 县教育局局长 and 城关中心小学校长. */
  @TextField('甲方', { nullable: true, maxLength: 80 })
  partyA?: string | null;

  /** May be a parent (班主任与家长签订), hence read under the rules for names. */
  @TextField('乙方', { nullable: true, maxLength: 80, sensitive: 'NAME' })
  partyB?: string | null;

  @DateField('签订（形成）日期', { nullable: true, index: true })
  signedOn?: string | null;

  @TextField('说明', { nullable: true, maxLength: 1000 })
  note?: string | null;
}
