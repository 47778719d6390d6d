import { enumLabel } from '../core/resource/enums';
import { ArchiveBox, ArchiveItem } from './archive.enums';

/** One box of 附件2-2 as its spine and front are written, with its items in the catalogue's order. */
export interface CatalogueBox {
  box: ArchiveBox;
  /** 盒脊: 控辍保学Ⅰ类. */
  spine: string;
  /** 盒正面书写 after the school's name: 控辍保学规章制度. */
  front: string;
  items: ArchiveItem[];
}

const I = ArchiveItem;

/** 附件2-2 “控辍保学”档案材料分类目录, in order: the layout of a school's archive. */
export const CATALOGUE: CatalogueBox[] = [
  { box: ArchiveBox.REGULATIONS, spine: '控辍保学Ⅰ类', front: '控辍保学规章制度', items: [I.POLICY_FILES, I.SCHEME_AND_LEADERSHIP, I.TERM_PLANS] },
  {
    box: ArchiveBox.RESPONSIBILITY, spine: '控辍保学Ⅱ类', front: '控辍保学目标责任书',
    items: [I.AGREEMENT_DIRECTOR_PRINCIPAL, I.AGREEMENT_CENTRAL_TEACHING_POINT, I.AGREEMENT_PRINCIPAL_HEAD_TEACHER, I.AGREEMENT_PRINCIPAL_TEACHER, I.AGREEMENT_HEAD_TEACHER_PARENT],
  },
  {
    box: ArchiveBox.SCHOOL_AGE_LEDGER, spine: '控辍保学Ⅲ类', front: '辖区内6-15周岁适龄儿童少年就学情况台账',
    items: [I.SURVEY_REPORT, I.SURVEY_TABLE, I.SURVEY_ROSTER, I.SPECIAL_SITUATION_ROSTER, I.SURVEY_EVIDENCE],
  },
  { box: ArchiveBox.MONTHLY_REPORTS, spine: '控辍保学Ⅳ类', front: '控辍保学月报、网报表', items: [I.MONTHLY_REPORT, I.SYSTEM_EXPORT] },
  {
    box: ArchiveBox.ENROLLMENT, spine: '控辍保学Ⅴ类', front: '学籍管理档案资料',
    items: [I.ENROLLMENT_RULES, I.GRADUATE_ROSTER, I.STUDENT_ROSTER, I.ENROLLMENT_CHANGES, I.REGISTRY_MISMATCH],
  },
  { box: ArchiveBox.SPECIAL_GROUPS, spine: '控辍保学Ⅵ类', front: '特殊群体学生关爱资料', items: [I.SPECIAL_GROUP_CARE, I.HOME_TEACHING_ROSTER, I.HOME_TEACHING_RECORDS] },
  { box: ArchiveBox.DROPOUT_PERSUASION, spine: '控辍保学Ⅶ类', front: '疑似失、辍学报告、劝返资料', items: [I.SUSPECTED_ROSTER, I.PERSUASION_RECORDS] },
  { box: ArchiveBox.PUBLICITY, spine: '控辍保学Ⅷ类', front: '控辍保学政策宣传培训等材料', items: [I.MEETINGS_AND_PUBLICITY, I.PARENT_PUBLICITY] },
];

const NUMBERS = '①②③④⑤⑥⑦⑧⑨⑩';

/** The box an item belongs to. */
export const boxOfItem = (item: ArchiveItem): CatalogueBox => CATALOGUE.find((b) => b.items.includes(item))!;

/** ① … ⑤: an item's number within its box, as the catalogue writes it. */
export const itemNumber = (item: ArchiveItem): string => NUMBERS[boxOfItem(item).items.indexOf(item)];

/** The item's text without the box and number the enum label starts with (Ⅱ① …). */
export const itemText = (item: ArchiveItem): string => enumLabel(ArchiveItem, item).replace(/^\S+\s/, '');

/** The folder of a box in the zip: 控辍保学Ⅰ类 控辍保学规章制度. */
export const boxFolder = (b: CatalogueBox): string => `${b.spine} ${b.front}`;

/** An item refused in a box it does not belong to (rule ARCHIVE_ITEM_OF_BOX), for the resource's validate. */
export function itemBoxProblems(d: { box?: ArchiveBox; item?: ArchiveItem }) {
  if (!d.box || !d.item || boxOfItem(d.item).box === d.box) return [];
  return [{
    field: 'item',
    rule: 'ARCHIVE_ITEM_OF_BOX',
    message: `“${itemText(d.item)}”属于${enumLabel(ArchiveBox, boxOfItem(d.item).box)}，不属于${enumLabel(ArchiveBox, d.box)}`,
  }];
}
