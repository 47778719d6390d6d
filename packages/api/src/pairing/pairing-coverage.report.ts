import { defineReport, PLACE_ARGS } from '../core/report/spec';
import { pairingRows } from './pairing-coverage';
import { addUnpairedSheet } from './unpaired-sheet';

/**
 * 结对帮扶覆盖情况 (004 二(二) “帮联可采取一帮一、一帮多或多帮一等方式，确保全区中小学建卡贫困户
 * 学生帮扶全覆盖”): per school, the enrolled registered-poor students and the other focus students,
 * in an active pairing on asOf or not. The unpaired are listed in unpairedStudents and the download.
 */
export const pairingCoverageReport = defineReport({
  name: 'pairingCoverageReport',
  title: '结对帮扶覆盖情况统计表',
  form: '004 二(二) 建卡贫困户学生帮扶全覆盖',
  description: '各校建档立卡家庭学生与其他重点关注学生中已结对帮扶、未结对的人数与覆盖率；未结对名单见 unpairedStudents',
  kind: 'compliance',
  list: 'unpairedStudents',
  args: ['asOf', ...PLACE_ARGS],
  place: 'school',
  defaultGrouping: 'SCHOOL',
  unitHead: '学校名称',
  chart: { kind: 'units', columns: ['registeredPoorRate', 'otherRate'], title: '各校结对帮扶覆盖率（%）' },
  columns: [
    { key: 'registeredPoor', label: '建档立卡家庭学生', kind: 'count', group: '建档立卡（脱贫）家庭学生' },
    { key: 'registeredPoorPaired', label: '已结对帮扶', kind: 'count', group: '建档立卡（脱贫）家庭学生' },
    { key: 'registeredPoorUnpaired', label: '未结对', kind: 'count', group: '建档立卡（脱贫）家庭学生' },
    { key: 'registeredPoorRate', label: '覆盖率（%）', kind: 'percent', of: ['registeredPoorPaired', 'registeredPoor'], group: '建档立卡（脱贫）家庭学生' },
    { key: 'other', label: '其他重点关注学生', kind: 'count', group: '其他重点关注学生', description: '有其他重点关注类别（留守、低保、孤儿、残疾等）而非建档立卡的学生' },
    { key: 'otherPaired', label: '已结对帮扶', kind: 'count', group: '其他重点关注学生' },
    { key: 'otherUnpaired', label: '未结对', kind: 'count', group: '其他重点关注学生' },
    { key: 'otherRate', label: '覆盖率（%）', kind: 'percent', of: ['otherPaired', 'other'], group: '其他重点关注学生' },
  ],
  base: (a, sql, scope) => `
    select r.school_id,
      count(*) filter (where r."group" = 'REGISTERED_POOR') as "registeredPoor",
      count(*) filter (where r."group" = 'REGISTERED_POOR' and r.paired) as "registeredPoorPaired",
      count(*) filter (where r."group" = 'REGISTERED_POOR' and not r.paired) as "registeredPoorUnpaired",
      count(*) filter (where r."group" = 'OTHER_FOCUS') as other,
      count(*) filter (where r."group" = 'OTHER_FOCUS' and r.paired) as "otherPaired",
      count(*) filter (where r."group" = 'OTHER_FOCUS' and not r.paired) as "otherUnpaired"
    from (${pairingRows(a, sql, scope)}) r group by r.school_id`,
  notes: ['说明：已结对帮扶指统计日期有效（已开始、未结束）的结对帮扶；同一学生既为建档立卡又有其他类别时计入建档立卡。'],
  extraSheets: (book, em, out, viewer, views) => addUnpairedSheet(book, em, out, viewer, pairingCoverageReport, views),
});
