import type { ReportArgs } from '../core/report/args';
import type { ReportOption, ReportScope } from '../core/report/spec';
import type { Sql } from '../core/report/sql';
import { badField } from '../core/errors';
import { Int } from 'type-graphql';
import { studentsInReach } from '../compliance/rules';
import { doneVisits } from './teacher-visits';

/** 003 五(三) 随机电话访问: without a size, a tenth of the visits still to call (rounded up). */
export const DEFAULT_SAMPLE_SHARE = 0.1;
const MAX_SAMPLE = 1000;

export const SAMPLE_OPTIONS: ReportOption[] = [
  {
    name: 'sampleSize',
    type: () => Int,
    description: `回访抽样条数（1–${MAX_SAMPLE}；缺省为待回访家访的10%，向上取整）`,
    parse: (raw) => {
      if (raw == null) return null;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1 || n > MAX_SAMPLE) throw badField('sampleSize', `sampleSize 应为 1 到 ${MAX_SAMPLE} 的整数`, 'SAMPLE_SIZE');
      return n;
    },
  },
  {
    name: 'seed',
    type: () => String,
    description: '抽样种子：种子与待回访家访相同，抽出的名单相同（缺省为统计日期，同一天打印的名单一致）',
    parse: (raw) => {
      if (raw == null) return null;
      const s = String(raw);
      if (s.length > 64) throw badField('seed', 'seed 最多64个字符', 'SEED_LENGTH');
      return s;
    },
  },
];

/** The visits of the period in reach, by their student's school (alias v, st). */
export function visitsInReach(a: ReportArgs, sql: Sql, scope: ReportScope): string {
  return `select v.*, st.school_id from (${doneVisits(a, sql, scope)}) v join student st on st.id = v.student_id where ${studentsInReach(a, sql, scope)}`;
}

/**
 * The draw: the completed visits of the period not yet called back (回访确认 empty), ordered by a
 * hash of the seed and the visit, the first sampleSize of them (or a tenth). The same seed over the
 * same visits draws the same list; a visit called back leaves the pool.
 */
export function sampleRows(a: ReportArgs, sql: Sql, scope: ReportScope): string {
  const seed = (a.options.seed as string | null) ?? a.asOf;
  const size = a.options.sampleSize as number | null;
  return `
    select d.* from (
      select v.id as visit_id, v.student_id, v.school_id, v.visitor_id, v.form, v.visited_at,
        v.parent_met_name, v.parent_met_phone, st.name as student_name, s.code as school_code, s.name as school_name, sm.name as visitor_name,
        g.id as guardian_id, g.name as guardian_name, g.phone as guardian_phone,
        row_number() over (order by md5(${sql.v(seed)} || ':' || v.id::text), v.id) as draw, count(*) over () as pool
      from (${visitsInReach(a, sql, scope)}) v
      join student st on st.id = v.student_id left join school s on s.id = v.school_id join staff_member sm on sm.id = v.visitor_id
      left join lateral (select g.id, g.name, g.phone from guardian g where g.student_id = v.student_id order by g.created_at, g.id limit 1) g on true
      where v.callback_confirmed is null
    ) d
    where d.draw <= ${size == null ? `ceil(d.pool * ${DEFAULT_SAMPLE_SHARE})` : sql.v(size)}`;
}

export const SAMPLE_ORDER = 'x.draw';
