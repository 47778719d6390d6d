import type ExcelJS from 'exceljs';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../core/context';
import type { ViewLog } from '../core/audit/view-log';
import type { ReportOutput } from '../core/report/report';
import type { ReportSpec } from '../core/report/spec';
import { reportScope } from '../core/report/access';
import { listRows } from '../core/report/list';
import { addListSheet, readAs } from '../core/report/list-sheet';
import { readsChildLists } from '../core/access/policy';
import { resourceOf } from '../core/resource/registry';
import { enumLabel } from '../core/resource/enums';
import { Student } from '../roster/student.entity';
import { PairingGroup, UNPAIRED_ORDER, unpairedList } from './pairing-coverage';

/** The download's second sheet: the students without an active pairing, names as the role may read them (audited); none for tokens. */
export async function addUnpairedSheet(book: ExcelJS.Workbook, em: EntityManager, out: ReportOutput, viewer: Viewer, spec: ReportSpec, views: ViewLog): Promise<void> {
  if (!readsChildLists(viewer)) return;
  const { rows } = await listRows<Record<string, any>>(em, out.args, reportScope(viewer, spec), { rows: unpairedList, order: UNPAIRED_ORDER });
  const students = resourceOf(Student);
  // Each named child is marked 建档立卡 or another focus group: a read of their categories, as unpairedStudents records it.
  for (const r of rows) views.record(students.name, r.student_id, 'focusCategories');
  addListSheet(book, '未结对帮扶学生名单', [
    { header: '学校', width: 22, value: (r) => r.school_name },
    { header: '班级', width: 16, value: (r) => r.class_name },
    { header: '学生', width: 12, value: (r) => readAs(students, 'name', viewer, { id: r.student_id }, r.name) },
    { header: '类别', width: 24, value: (r) => enumLabel(PairingGroup, r.group) },
    { header: '上次结对截止', width: 14, value: (r) => r.last_end },
  ], rows);
}
