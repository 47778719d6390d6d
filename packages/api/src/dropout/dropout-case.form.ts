import type { PrintFormSpec } from '../core/resource/spec';
import { FormReader } from '../core/forms/reader';
import { FormSheet } from '../core/forms/sheet';
import { todayInChina } from '../core/time/school-year';
import { BLANK_DATE, chineseDate } from '../core/forms/dates';
import { DropoutCategory, NonDropoutCategory } from './dropout.enums';

// The categories as the paper form prints them (the enum labels are shorter in places), in the
// form's lines; Record<> keeps them complete when an enum grows.
const DROPOUT_TEXT: Record<DropoutCategory, string> = {
  WORK_FARMING: '打工务农',
  AVERSION: '厌学辍学',
  ILLNESS_DISABILITY: '因病因残',
  SCHOOLING_AT_HOME: '在家上学',
  RELIGIOUS: '入寺入教',
  EARLY_MARRIAGE: '早婚失学',
  POVERTY_RELOCATION: '扶贫异地搬迁',
  OTHER: '其他原因',
};
const NON_DROPOUT_TEXT: Record<NonDropoutCategory, string> = {
  HOUSEHOLD_REGISTRATION: '户籍原因（查无此人、多重户籍）',
  ACTUALLY_ENROLLED: '实际就读',
  DEFERRED_ENTRY: '延缓入学',
  OVER_AGE: '超龄离校',
  SEVERE_ILLNESS: '重病重残',
  MOVED_UNREACHABLE: '外迁无法联系',
  ABROAD: '出国在外',
  MISSING: '失踪失联',
};

export const POLICE_NOTE = '备注：户籍原因、外迁无法联系、失踪失联3类情况认定必须有公安部门核查认定并盖章。';

/** The numbered categories with the chosen one ticked: ☑2：厌学辍学, in the paper form's lines. */
function categories(texts: Record<string, string>, order: object, chosen: unknown, lines: number[]): string {
  const items = Object.keys(order).map((k, i) => `${k === chosen ? '☑' : '☐'}${i + 1}：${texts[k]}`);
  const out: string[] = [];
  let at = 0;
  for (const n of lines) out.push(items.slice(at, (at += n)).join('　　'));
  return out.join('\n');
}

const LABEL = { bold: true, align: 'center' as const };
const SIGN = { valign: 'top' as const, minLines: 3 };

/**
 * 附件4 疑似失（辍）学儿童就学情况核查认定表 for one case, under the bureau's county name. Values go
 * through FormReader: a teacher prints the 身份证号 masked; a full one leaves a VIEW event.
 */
export const dropoutCaseForm: PrintFormSpec = {
  label: '打印核查认定表（附件4）',
  async write({ book, row: c, em, viewer, views }) {
    const r = new FormReader({ em, viewer, views });
    const [bureau, student, verifier, visits] = await Promise.all([
      r.ref(c, 'bureau'),
      r.ref(c, 'student'),
      r.ref(c, 'schoolVerifier'),
      r.children(c, 'persuasionVisits'),
    ]);
    const guardian = student ? (await r.children(student, 'guardians'))[0] ?? null : null;
    const county = r.text(bureau, 'name').replace(/教育局$/, '');
    const signed = (label: string, field: string, who = '') => {
      const day = r.value(c, field) as string | null;
      return `${label}${who}${day ? `\n\n${chineseDate(day)}` : ''}`;
    };

    const f = new FormSheet(book, '核查认定表', [16, 30, 14, 30]);
    f.line(1, '附件4');
    f.line(2, `${county}疑似失（辍）学儿童就学情况核查认定表`, { bold: true, size: 16, align: 'center' });

    f.box(3, 1, 3, 1, '姓    名', LABEL);
    f.box(3, 2, 3, 2, r.text(student, 'name'));
    f.box(3, 3, 3, 3, '性    别', LABEL);
    f.box(3, 4, 3, 4, r.text(student, 'gender'));
    f.box(4, 1, 4, 1, '身份证号码', LABEL);
    f.box(4, 2, 4, 2, r.text(student, 'idNumber'));
    f.box(4, 3, 4, 3, '家庭住址', LABEL);
    f.box(4, 4, 4, 4, r.text(student, 'address'));
    f.box(5, 1, 6, 1, '家长姓名', LABEL);
    f.box(5, 2, 6, 2, r.text(guardian, 'name'));
    f.box(5, 3, 5, 3, '联系电话1', LABEL);
    f.box(5, 4, 5, 4, r.text(guardian, 'phone'));
    f.box(6, 3, 6, 3, '联系电话2', LABEL);
    f.box(6, 4, 6, 4, r.text(guardian, 'phone2'));

    const discovered = r.value(c, 'discoveredOn') as string | null;
    const result = [`认定结果：${r.text(c, 'status')}${discovered ? `（${chineseDate(discovered)}发现）` : ''}`, r.text(c, 'details')];
    f.box(7, 1, 7, 1, '核查认定结果及详细情况', LABEL);
    f.box(7, 2, 7, 4, result.filter(Boolean).join('\n'), { valign: 'top', minLines: 5 });

    const confirmed = r.value(c, 'confirmedOn') as string | null;
    const returned = r.value(c, 'returnedOn') as string | null;
    const persuasion = visits.map((v, i) => {
      const at = (r.value(v, 'visitedAt') ?? r.value(v, 'plannedAt') ?? r.value(v, 'createdAt')) as Date | null;
      const effect = r.text(v, 'effect');
      return `${i + 1}. ${at ? chineseDate(todayInChina(at)) : ''} ${r.text(v, 'form')}${effect ? `：${effect}` : ''}`;
    });
    const persuasionText = [
      confirmed ? `${chineseDate(confirmed)}确认辍学` : '',
      visits.length ? `劝返家访${visits.length}次：` : '',
      ...persuasion,
      returned ? `已于${chineseDate(returned)}返校` : '',
    ].filter(Boolean);
    f.box(8, 1, 9, 1, '失（辍）学类别及劝返情况', LABEL);
    f.box(8, 2, 8, 4, categories(DROPOUT_TEXT, DropoutCategory, r.value(c, 'dropoutCategory'), [4, 4]));
    f.box(9, 2, 9, 4, persuasionText.join('\n'), { valign: 'top', minLines: 3 });

    const closed = r.value(c, 'closedOn') as string | null;
    const evidence = r.text(c, 'evidenceNote');
    const closing = [closed ? `${chineseDate(closed)}结案` : '', evidence ? `佐证材料说明：${evidence}` : ''].filter(Boolean);
    f.box(10, 1, 11, 1, '非辍学类别及详细情况', LABEL);
    f.box(10, 2, 10, 4, categories(NON_DROPOUT_TEXT, NonDropoutCategory, r.value(c, 'nonDropoutCategory'), [2, 3, 3]));
    f.box(11, 2, 11, 4, closing.join('\n'), { valign: 'top', minLines: 2 });

    const signOff: Array<[string, string]> = [
      [signed('监护人（近邻或亲友）签名：', 'guardianSignedOn'), signed('学校核查人签名：', 'schoolVerifiedOn', r.text(verifier, 'name'))],
      ['村（社区）负责人签名：', signed('村（社区）盖章：', 'villageSignedOn')],
      [signed('校长签名：', 'principalSignedOn'), '学校盖章：'],
      ['镇（办）核查人签名：', signed('镇（办）盖章：', 'townSignedOn')],
      ['公安部门核查结果：', signed('公安部门盖章：', 'policeSignedOn')],
    ];
    signOff.forEach(([left, right], i) => {
      f.box(12 + i, 1, 12 + i, 2, left, SIGN);
      f.box(12 + i, 3, 12 + i, 4, right, SIGN);
    });

    f.line(17, POLICE_NOTE);
    // 时间: the day of the finding, the closing or confirmation, else the latest stamp so far.
    const stamps = ['policeSignedOn', 'townSignedOn', 'principalSignedOn', 'villageSignedOn', 'schoolVerifiedOn'].map((k) => r.value(c, k) as string | null);
    const decidedOn = closed ?? confirmed ?? stamps.filter((d): d is string => !!d).sort().at(-1) ?? null;
    f.line(18, `时间：${decidedOn ? chineseDate(decidedOn) : BLANK_DATE}`);
    f.finish();
    return { fileName: `核查认定表-${r.text(student, 'name') || c.id.slice(0, 8)}.xlsx` };
  },
};
