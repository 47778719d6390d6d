import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../core/context';
import { Sql } from '../core/report/sql';
import { schoolTermOf, todayInChina } from '../core/time/school-year';
import { enrolledOnSql } from '../roster/enrolled-on';
import { EnrollmentCheck } from './enrollment-check.entity';

/** The day a check counts the roll on: its own date, else the first day of its semester. */
export function rollDayOf(c: Pick<EnrollmentCheck, 'checkedOn' | 'schoolYear' | 'semester'>): string {
  if (c.checkedOn) return c.checkedOn;
  const [first, second] = c.schoolYear.split('-');
  const day = c.semester === schoolTermOf(`${first}-09-01`).semester ? `${first}-09-01` : `${second}-03-01`;
  return day < todayInChina() ? day : todayInChina();
}

/**
 * 三比对 against the system's own roll: beside the counts the school typed in, the students the
 * roster has at the school on the check date (学籍异动 replayed; on leave and suspended included).
 */
@Resolver(() => EnrollmentCheck)
export class EnrollmentCheckResolver {
  /** One count per check and request, however many of the fields below are asked. */
  private counted = new WeakMap<EnrollmentCheck, Promise<number>>();

  @FieldResolver(() => Int, { description: '系统在校生人数（比对日期时花名册在校学生，含请假、休学）' })
  rosterCount(@Root() c: EnrollmentCheck, @Ctx() ctx: Context): Promise<number> {
    let n = this.counted.get(c);
    if (!n) {
      const sql = new Sql();
      const text = `select count(*)::int as n from (${enrolledOnSql(`${sql.v(rollDayOf(c))}::date`, sql.v(c.bureau.id))}) r where r.school_id = ${sql.v(c.school.id)}`;
      n = sql.run<{ n: number }>(ctx.em, text).then((rows) => rows[0]!.n);
      this.counted.set(c, n);
    }
    return n;
  }

  @FieldResolver(() => Int, { description: '填报在校生人数减系统在校生人数（不为0须逐人核实人籍不一致）' })
  async rosterDifference(@Root() c: EnrollmentCheck, @Ctx() ctx: Context): Promise<number> {
    return c.reportedCount - (await this.rosterCount(c, ctx));
  }

  @FieldResolver(() => Boolean, { description: '填报在校生人数与系统在校生人数一致' })
  async rosterMatches(@Root() c: EnrollmentCheck, @Ctx() ctx: Context): Promise<boolean> {
    return (await this.rosterDifference(c, ctx)) === 0;
  }
}
