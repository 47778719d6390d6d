import type ExcelJS from 'exceljs';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../core/context';
import type { ReportOutput } from '../core/report/report';
import type { ReportSpec } from '../core/report/spec';
import { reportScope } from '../core/report/access';
import { listRows } from '../core/report/list';
import { addListSheet, percentOf, readAs, type ListSheetColumn } from '../core/report/list-sheet';
import { readsChildLists } from '../core/access/policy';
import { resourceOf } from '../core/resource/registry';
import { enumLabel } from '../core/resource/enums';
import { StaffPosition } from '../org/org.enums';
import { StaffMember } from '../org/staff-member.entity';
import { teacherList, teacherOrder, type TeacherVisitSort } from './teacher-visits';

export type TeacherRow = Record<string, any> & { staff_id: string; name: string; school_name: string; position: string };

/** The teacher rows in the given order, for the download's sheets. */
export async function teacherRowsFor(em: EntityManager, out: ReportOutput, viewer: Viewer, spec: ReportSpec, sort: TeacherVisitSort): Promise<TeacherRow[]> {
  const scope = reportScope(viewer, spec);
  return (await listRows<TeacherRow>(em, out.args, scope, { rows: teacherList, order: teacherOrder(sort) })).rows;
}

/** The leading columns of a sheet per teacher: school, name (as the role may read it), position. */
export function teacherColumns(viewer: Viewer): ListSheetColumn<TeacherRow>[] {
  const staff = resourceOf(StaffMember);
  return [
    { header: '学校', width: 22, value: (r) => r.school_name },
    { header: '姓名', width: 10, value: (r) => readAs(staff, 'name', viewer, { id: r.staff_id }, r.name) },
    { header: '职务', width: 10, value: (r) => enumLabel(StaffPosition, r.position) },
  ];
}

/** The call-back columns of a sheet per teacher (到位率, 满意率). */
export const CALLBACK_COLUMNS: ListSheetColumn<TeacherRow>[] = [
  { header: '回访次数', width: 9, value: (r) => r.calledBack },
  { header: '确认到位', width: 9, value: (r) => r.confirmed },
  { header: '到位率（%）', width: 10, value: (r) => percentOf(r.confirmed, r.calledBack), percent: true },
  { header: '满意度作答', width: 10, value: (r) => r.answered },
  { header: '满意（含基本满意）', width: 12, value: (r) => r.satisfied },
  { header: '满意率（%）', width: 10, value: (r) => percentOf(r.satisfied, r.answered), percent: true },
];

/** The download's second sheet: every teacher in the chosen order, for appraisal; none for readers of figures only. */
export async function addTeacherSheet(book: ExcelJS.Workbook, em: EntityManager, out: ReportOutput, viewer: Viewer, spec: ReportSpec): Promise<void> {
  if (!readsChildLists(viewer)) return;
  const rows = await teacherRowsFor(em, out, viewer, spec, out.args.options.sortBy as TeacherVisitSort);
  addListSheet(book, '教师家访情况名单', [
    ...teacherColumns(viewer),
    { header: '分配学生', width: 9, value: (r) => r.assigned },
    { header: '已走访', width: 8, value: (r) => r.visitedAssigned },
    { header: '未走访', width: 8, value: (r) => r.assigned - r.visitedAssigned },
    { header: '家访次数', width: 9, value: (r) => r.visits },
    { header: '面对面', width: 8, value: (r) => r.inPersonVisits },
    { header: '电话', width: 7, value: (r) => r.phoneVisits },
    { header: '短信', width: 7, value: (r) => r.smsVisits },
    { header: '网络', width: 7, value: (r) => r.onlineVisits },
    { header: '信件', width: 7, value: (r) => r.letterVisits },
    { header: '同行家访', width: 9, value: (r) => r.accompanied },
    { header: '逾期未归报备', width: 12, value: (r) => r.overdueVisits },
    ...CALLBACK_COLUMNS,
  ], rows);
}
