import type ExcelJS from 'exceljs';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../core/context';
import type { ReportOutput } from '../core/report/report';
import { reportScope } from '../core/report/access';
import { listRows } from '../core/report/list';
import { resourceOf } from '../core/resource/registry';
import { readsChildLists } from '../core/access/policy';
import { addListSheet, readAs } from '../core/report/list-sheet';
import { enumLabel } from '../core/resource/enums';
import { Student } from '../roster/student.entity';
import { Household } from '../roster/household.entity';
import { ComplianceRule } from './rules';
import { gapList } from './gap-list';

/** The download's second sheet: every student behind the counts, the name as the role may see it (none for tokens). */
export async function addGapSheet(book: ExcelJS.Workbook, em: EntityManager, out: ReportOutput, viewer: Viewer, spec: { kind: 'compliance'; title: string }) {
  const scope = reportScope(viewer, spec);
  // Readers of figures only (API tokens) get no row per child.
  if (!readsChildLists(viewer)) return;
  const { rows } = await listRows<Record<string, any>>(em, out.args, scope, gapList());
  const students = resourceOf(Student);
  const households = resourceOf(Household);
  addListSheet(book, '合规缺口名单', [
    { header: '学校', width: 22, value: (r) => r.school_name },
    { header: '学生', width: 12, value: (r) => readAs(students, 'name', viewer, { id: r.student_id }, r.name) },
    { header: '家庭', width: 14, value: (r) => (r.household_id ? readAs(households, 'name', viewer, { id: r.household_id }, r.household) : null) },
    { header: '要求', width: 44, value: (r) => enumLabel(ComplianceRule, r.rule) },
    { header: '应完成', width: 8, value: (r) => r.required },
    { header: '已完成', width: 8, value: (r) => r.done },
    { header: '差额', width: 8, value: (r) => r.required - r.done },
    { header: '最近一次', width: 12, value: (r) => r.last_on },
  ], rows);
}
