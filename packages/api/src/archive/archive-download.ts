import type { RecordDownload } from '../core/resource/downloads';
import { schoolTermOf, todayInChina } from '../core/time/school-year';
import { ARCHIVE_READERS } from '../policy';

/** The button on a school's page for GET /archive/<id>.zip (http/archive.ts). */
export const schoolArchiveDownload: RecordDownload = {
  label: '下载控辍保学档案（附件2-2）',
  path: '/archive/{id}.zip',
  params: [
    { name: 'schoolYear', label: '学年', example: '2024-2025', required: true, defaultValue: () => schoolTermOf(todayInChina()).schoolYear },
    { name: 'semester', label: '学期（不选则为整个学年）', enumType: 'Semester', defaultValue: () => schoolTermOf(todayInChina()).semester },
  ],
  allowed: (viewer) => ARCHIVE_READERS.includes(viewer.role as never),
};
