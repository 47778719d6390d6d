import { SchoolKind } from '../org/org.enums';
import { ArchiveItem } from '../archive/archive.enums';
import { boxOfItem } from '../archive/catalogue';
import { SCHOOL_YEAR, type CountyPlan, type Staffing } from './county';
import { Rng } from './random';
import { tinyPdf, tinyPng, type DemoFile } from './files';

// The demo's 控辍保学 archive (002 附件2-2): a few boxes filled for three central schools, the
// principal's first, others left empty, and one document registered without its file, so
// GET /archive/<schoolId>.zip shows both 有 and 缺 in its catalogue.

interface Base { id: string; version: number; created_at: Date; updated_at: Date; bureau_id: string }
export interface DocumentRow extends Base {
  school_id: string; campaign_id: null; box: string; item: ArchiveItem; school_year: string; semester: 'FIRST' | 'SECOND' | null;
  title: string; party_a: string | null; party_b: string | null; signed_on: string | null; note: string | null;
}
export interface DocumentFileRow extends Base {
  kind: 'FORM' | 'PHOTO' | 'OTHER'; file_name: string; mime_type: string; size: number; sha256: string; content: Buffer;
  dropout_case_id: null; visit_id: null; document_id: string; uploaded_by_id: string;
}

interface Planned { item: ArchiveItem; semester: 'FIRST' | 'SECOND' | null; title: string; day: string; file: 'pdf' | 'png' | null; parties?: [string, (principal: string) => string] }

const PLANNED: Planned[] = [
  { item: ArchiveItem.POLICY_FILES, semester: null, title: '蒲城县教育局关于深入开展控辍保学暨“教师大家访”活动的通知', day: '2024-10-08', file: 'pdf' },
  { item: ArchiveItem.SCHEME_AND_LEADERSHIP, semester: 'FIRST', title: '控辍保学工作实施方案及领导小组成员分工', day: '2024-09-10', file: 'pdf' },
  { item: ArchiveItem.TERM_PLANS, semester: 'FIRST', title: '第一学期控辍保学工作总结', day: '2025-01-15', file: null },
  { item: ArchiveItem.AGREEMENT_DIRECTOR_PRINCIPAL, semester: null, title: '控辍保学目标责任书（局长与校长）', day: '2024-09-05', file: 'pdf', parties: ['蒲城县教育局局长', (p) => `校长 ${p}`] },
  { item: ArchiveItem.AGREEMENT_PRINCIPAL_HEAD_TEACHER, semester: null, title: '控辍保学目标责任书（校长与班主任）', day: '2024-09-06', file: 'pdf', parties: ['校长', () => '全体班主任'] },
  { item: ArchiveItem.MEETINGS_AND_PUBLICITY, semester: 'FIRST', title: '控辍保学家长会照片', day: '2024-10-20', file: 'png' },
  { item: ArchiveItem.PARENT_PUBLICITY, semester: 'SECOND', title: '致家长的一封信（控辍保学政策）', day: '2025-03-03', file: 'pdf' },
];

/** The demo's archive documents with their files, by the principal's account. */
export function generateArchive(plan: CountyPlan, staffing: Staffing, seed: number, uploadedBy: string): { documents: DocumentRow[]; files: DocumentFileRow[] } {
  const ids = Rng.stream(seed, 'archive-ids');
  const rng = Rng.stream(seed, 'archive');
  const central = plan.schools.filter((s) => s.central && s.kind === SchoolKind.PRIMARY);
  // The principal's school has every planned document; two others fewer, so the county's archives differ.
  const schools = [central.find((s) => s.town === plan.towns[0]) ?? central[0], ...central.filter((s) => s.town !== plan.towns[0]).slice(0, 2)].filter(Boolean);
  const documents: DocumentRow[] = [];
  const files: DocumentFileRow[] = [];
  schools.forEach((school, n) => {
    const principal = staffing.principals.get(school)?.name ?? '校长';
    for (const p of PLANNED.filter((_, i) => n === 0 || i % (n + 1) === 0)) {
      const at = new Date(Date.parse(`${p.day}T10:00:00+08:00`) + rng.int(0, 6 * 3_600_000));
      const base = (id: string): Base => ({ id, version: 1, created_at: at, updated_at: at, bureau_id: plan.bureau.id });
      const doc: DocumentRow = {
        ...base(ids.uuid()), school_id: school.row.id, campaign_id: null, box: boxOfItem(p.item).box, item: p.item, school_year: SCHOOL_YEAR,
        semester: p.semester, title: p.title, party_a: p.parties?.[0] ?? null, party_b: p.parties?.[1](principal) ?? null, signed_on: p.parties ? p.day : null, note: null,
      };
      documents.push(doc);
      if (!p.file) continue;
      const f: DemoFile = p.file === 'pdf' ? tinyPdf(['Jiafang demo - dropout control archive', `School ${school.row.code}`, `Item ${p.item}`, `Date ${p.day}`]) : tinyPng(64, 48, rng.int(0, 255));
      files.push({
        ...base(ids.uuid()), kind: p.file === 'png' ? 'PHOTO' : p.parties ? 'FORM' : 'OTHER', file_name: `${p.title}.${p.file}`, mime_type: f.mimeType,
        size: f.size, sha256: f.sha256, content: f.content, dropout_case_id: null, visit_id: null, document_id: doc.id, uploaded_by_id: uploadedBy,
      });
    }
  });
  return { documents, files };
}
