import { defineReport, PERIOD_ARGS, PLACE_ARGS, type ReportOption } from '../core/report/spec';
import { enumLabels } from '../core/resource/enums';
import { badField } from '../core/errors';
import { teacherRows, TeacherVisitSort } from './teacher-visits';
import { addTeacherSheet } from './teacher-sheet';

const FORM = '家访形式';

/** The sort of the teacher list (teacherVisits and the download's sheet): by visits unless asked. */
export const SORT_OPTION: ReportOption = {
  name: 'sortBy',
  type: () => TeacherVisitSort,
  description: '教师名单的排序（缺省按家访次数）',
  parse: (raw) => {
    if (raw == null) return TeacherVisitSort.VISITS;
    if (!Object.values(TeacherVisitSort).includes(raw as TeacherVisitSort)) throw badField('sortBy', `sortBy 应为 ${Object.values(TeacherVisitSort).join('、')} 之一`, 'ENUM');
    return raw;
  },
};

/**
 * 教师家访情况 (001 五2 “以班主任为主、任课教师为辅，学校行政领导带头参与”, 六 考核; 003 四(一)
 * “校长带头、中层示范、班主任为主体”): per school and position, the staff, those who visited, the
 * students assigned to them and visited, visits by form, and overdue safety reports. The teachers
 * themselves, sortable for appraisal, are in teacherVisits and the download's second sheet.
 */
export const teacherVisitReport = defineReport({
  name: 'teacherVisitReport',
  title: '教师家访情况统计表',
  form: '001 五2、六，003 四(一) 校长带头、班主任为主的教师家访考核',
  description: '按学校和职务统计教职工、参与家访人数、分配学生与已走访学生、各形式家访次数、逾期未归报备；逐人名单见 teacherVisits',
  kind: 'aggregate',
  list: 'teacherVisits',
  args: [...PERIOD_ARGS, 'campaignId', 'asOf', ...PLACE_ARGS],
  options: [SORT_OPTION],
  place: 'school',
  defaultGrouping: 'SCHOOL',
  unitHead: '学校',
  dimensions: [{ key: 'position', label: '职务', labels: enumLabels.get('StaffPosition')! }],
  subtotalBy: [],
  chart: { kind: 'dimension', columns: ['visits'], dimension: 'position', title: '各职务完成家访次数' },
  columns: [
    { key: 'staff', label: '教职工人数', kind: 'count', description: '在岗教职工，及期间内有家访的离岗教职工' },
    { key: 'staffVisiting', label: '参与家访人数', kind: 'count', description: '期间内完成过家访（本人或同行）的人数' },
    { key: 'staffRate', label: '参与率（%）', kind: 'percent', of: ['staffVisiting', 'staff'] },
    { key: 'assigned', label: '分配走访学生', kind: 'count', description: '分配给本人的走访对象（活动名单）与所任班主任班级的在校生，按人累计' },
    { key: 'visitedAssigned', label: '已走访分配学生', kind: 'count', description: '分配学生中期间内本人走访（家访教师或同行）过的' },
    { key: 'visitedRate', label: '走访率（%）', kind: 'percent', of: ['visitedAssigned', 'assigned'] },
    { key: 'visits', label: '家访次数', kind: 'count', group: FORM, sumOf: ['inPersonVisits', 'phoneVisits', 'smsVisits', 'onlineVisits', 'letterVisits'], description: '本人作为家访教师完成的家访' },
    { key: 'inPersonVisits', label: '面对面', kind: 'count', group: FORM, description: '实地家访与约访到校' },
    { key: 'phoneVisits', label: '电话', kind: 'count', group: FORM },
    { key: 'smsVisits', label: '短信', kind: 'count', group: FORM },
    { key: 'onlineVisits', label: '网络', kind: 'count', group: FORM },
    { key: 'letterVisits', label: '信件', kind: 'count', group: FORM },
    { key: 'accompanied', label: '同行家访次数', kind: 'count', description: '作为同行人员参加的家访' },
    { key: 'overdueVisits', label: '逾期未归报备', kind: 'count', description: '已出发、超过预计返回时间仍未登记返回的家访（按统计日期）' },
  ],
  base: (a, sql, scope) => `
    select t.school_id, t.position, count(*) as staff, count(*) filter (where t.visits + t.accompanied > 0) as "staffVisiting",
      sum(t.assigned) as assigned, sum(t."visitedAssigned") as "visitedAssigned", sum(t.visits) as visits,
      sum(t."inPersonVisits") as "inPersonVisits", sum(t."phoneVisits") as "phoneVisits", sum(t."smsVisits") as "smsVisits",
      sum(t."onlineVisits") as "onlineVisits", sum(t."letterVisits") as "letterVisits", sum(t.accompanied) as accompanied,
      sum(t."overdueVisits") as "overdueVisits"
    from (${teacherRows(a, sql, scope)}) t group by t.school_id, t.position`,
  extraSheets: (book, em, out, viewer) => addTeacherSheet(book, em, out, viewer, teacherVisitReport),
});
