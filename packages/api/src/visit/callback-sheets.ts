import type ExcelJS from 'exceljs';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../core/context';
import type { ReportOutput } from '../core/report/report';
import type { ReportSpec } from '../core/report/spec';
import { reportScope } from '../core/report/access';
import { listRows } from '../core/report/list';
import { addListSheet, readAs } from '../core/report/list-sheet';
import { readsChildLists } from '../core/access/policy';
import { resourceOf } from '../core/resource/registry';
import { enumLabel } from '../core/resource/enums';
import { chinaDateTime } from '../core/time/school-year';
import { Student } from '../roster/student.entity';
import { Guardian } from '../roster/guardian.entity';
import { StaffMember } from '../org/staff-member.entity';
import { VisitRecord } from './visit-record.entity';
import { VisitForm } from './visit.enums';
import { SAMPLE_ORDER, sampleRows } from './callback-sample';
import { CALLBACK_COLUMNS, teacherColumns, teacherRowsFor } from './teacher-sheet';
import { TeacherVisitSort } from './teacher-visits';

/** Who to call for a drawn visit, as the viewer may read it: the parent met, else the first guardian. */
export function contactOf(r: Record<string, any>, viewer: Viewer): { parentName: string | null; phone: string | null } {
  const visits = resourceOf(VisitRecord);
  const guardians = resourceOf(Guardian);
  const visit = { id: r.visit_id };
  const guardian = { id: r.guardian_id };
  return {
    parentName: r.parent_met_name ? readAs(visits, 'parentMetName', viewer, visit, r.parent_met_name) : r.guardian_id ? readAs(guardians, 'name', viewer, guardian, r.guardian_name) : null,
    phone: r.parent_met_phone ? readAs(visits, 'parentMetPhone', viewer, visit, r.parent_met_phone) : r.guardian_id ? readAs(guardians, 'phone', viewer, guardian, r.guardian_phone) : null,
  };
}

/** The download's further sheets: call-backs per teacher, and the drawn visits to call; none for readers of figures only. */
export async function addCallbackSheets(book: ExcelJS.Workbook, em: EntityManager, out: ReportOutput, viewer: Viewer, spec: ReportSpec): Promise<void> {
  if (!readsChildLists(viewer)) return;
  const teachers = await teacherRowsFor(em, out, viewer, spec, TeacherVisitSort.CONFIRMED_RATE);
  addListSheet(book, '各教师回访情况', [...teacherColumns(viewer), { header: '家访次数', width: 9, value: (r) => r.visits }, ...CALLBACK_COLUMNS], teachers);

  const { rows } = await listRows<Record<string, any>>(em, out.args, reportScope(viewer, spec), { rows: sampleRows, order: SAMPLE_ORDER });
  const students = resourceOf(Student);
  const staff = resourceOf(StaffMember);
  const seed = (out.args.options.seed as string | null) ?? out.args.asOf;
  addListSheet(book, '回访抽样名单', [
    { header: '学校', width: 22, value: (r) => r.school_name },
    { header: '学生', width: 10, value: (r) => readAs(students, 'name', viewer, { id: r.student_id }, r.student_name) },
    { header: '家访教师', width: 10, value: (r) => readAs(staff, 'name', viewer, { id: r.visitor_id }, r.visitor_name) },
    { header: '家访形式', width: 16, value: (r) => enumLabel(VisitForm, r.form) },
    { header: '家访时间', width: 18, value: (r) => chinaDateTime(new Date(r.visited_at)) },
    { header: '联系家长', width: 10, value: (r) => contactOf(r, viewer).parentName },
    { header: '联系电话', width: 14, value: (r) => contactOf(r, viewer).phone },
    { header: '是否到位', width: 10, value: () => null },
    { header: '满意度', width: 10, value: () => null },
    { header: '回访备注', width: 24, value: () => null },
  ], rows, `抽样种子：${seed}　待回访 ${rows[0]?.pool ?? 0} 条，抽取 ${rows.length} 条。回访后在家访记录的审核中登记结果。`);
}
