import type { PrintFormSpec } from '../core/resource/spec';
import { FormReader } from '../core/forms/reader';
import { FormSheet } from '../core/forms/sheet';
import { todayInChina } from '../core/time/school-year';
import { BLANK_DATE, chineseDate, chineseDateTime } from '../core/forms/dates';

const LABEL = { bold: true, align: 'center' as const };

/**
 * 附件3-1 “教师大家访”活动记录表 for one visit. Every value goes through FormReader, so each role
 * prints what its GraphQL fields show (an analyst: masked names, no notes).
 */
export const visitRecordForm: PrintFormSpec = {
  label: '打印家访记录表（附件3-1）',
  async write({ book, row: visit, em, viewer, views }) {
    const r = new FormReader({ em, viewer, views });
    const student = await r.ref(visit, 'student');
    const [school, klass, visitor, companions, suggestions, recorder, guardians] = await Promise.all([
      r.ref(student, 'school'),
      r.ref(student, 'class'),
      r.ref(visit, 'visitor'),
      r.refList(visit, 'companions'),
      r.children(visit, 'suggestions'),
      r.ref(visit, 'recordedBy'),
      student ? r.children(student, 'guardians') : Promise.resolve([]),
    ]);

    const when = (r.value(visit, 'visitedAt') ?? r.value(visit, 'plannedAt')) as Date | null;
    const parentName = r.text(visit, 'parentMetName');
    const phone1 = r.text(visit, 'parentMetPhone');
    // 电话2: the guardian met (by stored phone, else name) and whichever number of theirs is not 电话1.
    const met =
      guardians.find((g) => visit.parentMetPhone && g.phone === visit.parentMetPhone) ??
      guardians.find((g) => visit.parentMetName && g.name === visit.parentMetName);
    const phone2 = met ? (met.phone !== visit.parentMetPhone ? r.text(met, 'phone') : r.text(met, 'phone2')) : '';
    const suggestionText = suggestions.map((s) => r.text(s, 'content')).filter(Boolean);
    const recorderName = r.text(recorder, 'displayName') || r.text(visitor, 'name');

    const f = new FormSheet(book, '家访记录表', [13, 18, 10, 16, 13, 20]);
    f.line(1, '附件3-1');
    f.line(2, '“教师大家访”活动记录表', { bold: true, size: 18, align: 'center' });
    f.line(3, `单位名称：${r.text(school, 'name')}`, { from: 1, to: 4 });
    f.line(3, when ? chineseDate(todayInChina(when)) : BLANK_DATE, { from: 5, to: 6, align: 'right' });

    f.box(4, 1, 4, 1, '家访教师\n姓名', LABEL);
    f.box(4, 2, 4, 2, r.text(visitor, 'name'));
    f.box(4, 3, 4, 3, '职务', LABEL);
    f.box(4, 4, 4, 4, r.text(visitor, 'position'));
    f.box(4, 5, 4, 5, '随访教师\n姓名', LABEL);
    f.box(4, 6, 4, 6, companions.map((c) => r.text(c, 'name')).filter(Boolean).join('、'));

    f.box(5, 1, 5, 1, '受访学生\n姓名', LABEL);
    f.box(5, 2, 5, 2, r.text(student, 'name'));
    f.box(5, 3, 5, 3, '班级', LABEL);
    f.box(5, 4, 5, 6, r.text(klass, 'name'));

    f.box(6, 1, 7, 1, '受访家长\n姓名', LABEL);
    f.box(6, 2, 7, 2, parentName);
    f.box(6, 3, 7, 3, '联系\n电话', LABEL);
    f.box(6, 4, 6, 6, `电话1：${phone1}`);
    f.box(7, 4, 7, 6, `电话2：${phone2}`);

    f.box(8, 1, 8, 1, '家访地址', LABEL);
    f.box(8, 2, 8, 6, r.text(visit, 'address'));

    f.box(9, 1, 9, 1, '家访时间', LABEL);
    f.box(9, 2, 9, 2, when ? chineseDateTime(when) : '');
    f.box(9, 3, 9, 3, '家访形式', LABEL);
    f.box(9, 4, 9, 6, r.text(visit, 'form'));

    const content: Array<[string, string]> = [
      ['受访学生家庭基本情况', 'familySituation'],
      ['受访学生个人基本情况', 'studentSituation'],
      ['家访\n要点', 'keyPoints'],
      ['家访\n效果', 'effect'],
    ];
    content.forEach(([label, field], i) => {
      f.box(10 + i, 1, 10 + i, 1, label, LABEL);
      f.box(10 + i, 2, 10 + i, 6, r.text(visit, field), { valign: 'top', minLines: 4 });
    });

    f.box(14, 1, 15, 1, '家长对学校、对教育部门的建议和意见', LABEL);
    f.box(14, 2, 14, 6, suggestionText.length > 1 ? suggestionText.map((t, i) => `${i + 1}. ${t}`).join('\n') : (suggestionText[0] ?? ''), {
      valign: 'top',
      minLines: 3,
      border: { bottom: false },
    });
    f.box(15, 2, 15, 6, '受访家长签名：　　　　　　　　', { align: 'right', border: { top: false }, minLines: 2 });

    f.line(16, `家访记录人：${recorderName}`);
    f.finish();
    const day = when ? todayInChina(when) : '';
    return { fileName: `家访记录表-${r.text(student, 'name') || visit.id.slice(0, 8)}${day ? `-${day}` : ''}.xlsx` };
  },
};
