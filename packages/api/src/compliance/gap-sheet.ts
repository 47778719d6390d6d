import type ExcelJS from 'exceljs';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../core/context';
import type { ReportOutput } from '../core/report/report';
import { reportScope } from '../core/report/access';
import { Sql } from '../core/report/sql';
import { resourceOf } from '../core/resource/registry';
import { enumLabel } from '../core/resource/enums';
import { fieldAccess, readsChildLists } from '../core/access/policy';
import { shownAs } from '../core/access/mask';
import { Student } from '../roster/student.entity';
import { ComplianceRule, gapRows } from './rules';
import { spreadsheetSafe } from '../core/export/spreadsheet-safe';

/** The download's second sheet: every student behind the counts, the name as the role may see it (none for tokens). */
export async function addGapSheet(book: ExcelJS.Workbook, em: EntityManager, out: ReportOutput, viewer: Viewer, spec: { kind: 'compliance'; title: string }) {
  const scope = reportScope(viewer, spec);
  // Readers of figures only (API tokens) get no row per child.
  if (!readsChildLists(viewer)) return;
  const sql = new Sql();
  const rows = await sql.run<Record<string, any>>(em, `
    select g.rule, g.required::int, g.done::int, to_char(g.last_on, 'YYYY-MM-DD') as last_on, s.name as school, st.name, st.id as student_id
    from (${gapRows(out.args, sql, scope)}) g join school s on s.id = g.school_id join student st on st.id = g.student_id
    order by s.code, g.rule, g.required - g.done desc, g.student_id`);
  const students = resourceOf(Student);
  const nameField = students.fields.find((f) => f.name === 'name')!;
  const sheet = book.addWorksheet('合规缺口名单');
  sheet.columns = [
    { header: '序号', width: 6 }, { header: '学校', width: 22 }, { header: '学生', width: 12 }, { header: '要求', width: 44 },
    { header: '应完成', width: 8 }, { header: '已完成', width: 8 }, { header: '差额', width: 8 }, { header: '最近一次', width: 12 },
  ];
  sheet.getRow(1).font = { bold: true };
  rows.forEach((r, i) => {
    const name = shownAs(fieldAccess(students, nameField, viewer, { id: r.student_id }), nameField.sensitivity, r.name);
    sheet.addRow([i + 1, spreadsheetSafe(r.school), spreadsheetSafe(name), enumLabel(ComplianceRule, r.rule), r.required, r.done, r.required - r.done, r.last_on]);
  });
}
