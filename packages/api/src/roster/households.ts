import type { EntityManager } from '@mikro-orm/postgresql';
import { Sql } from '../core/report/sql';
import { Bureau } from '../org/bureau.entity';
import { Region } from '../org/region.entity';
import { Household } from './household.entity';
import { Student } from './student.entity';
import type { HouseholdPlan, PhoneRow } from './household-plan';

/**
 * The guardian phones (both numbers) of the bureau's children sharing a number with one of
 * `studentIds` (all children when null), with each child's household, village and address.
 */
export async function phoneRows(em: EntityManager, bureauId: string, studentIds: readonly string[] | null): Promise<PhoneRow[]> {
  const sql = new Sql();
  const phones = `select g.student_id, p.phone, g.name, regexp_replace(p.phone, '\\D', '', 'g') as k
    from guardian g cross join lateral (values (g.phone), (g.phone2)) p(phone)
    where g.bureau_id = ${sql.v(bureauId)} and p.phone is not null`;
  const rows = await sql.run<Record<string, string | null>>(em, `
    with phones as (${phones})
    select g.student_id, g.phone, g.name, hs.household_id, st.household_village_id, st.address
    from phones g join student st on st.id = g.student_id left join household_students hs on hs.student_id = g.student_id
    ${studentIds ? `where g.k in (select k from phones where student_id = any(${sql.uuids(studentIds)}))` : ''}`);
  return rows.map((r) => ({
    studentId: r.student_id!, phone: r.phone!, guardianName: r.name!, householdId: r.household_id, villageId: r.household_village_id, address: r.address,
  }));
}

/** Writes a plan through the ORM (audited as the request's viewer); answers the households created or joined. */
export async function applyHouseholdPlan(em: EntityManager, bureauId: string, plan: HouseholdPlan): Promise<Household[]> {
  const out: Household[] = [];
  const child = (id: string) => em.getReference(Student, id);
  for (const h of plan.create) {
    const household = em.create(Household, {
      bureau: em.getReference(Bureau, bureauId), name: h.name, phone: h.phone, address: h.address ?? undefined,
      village: h.villageId ? em.getReference(Region, h.villageId) : undefined,
    } as never);
    household.students.set(h.studentIds.map(child));
    out.push(household);
  }
  if (plan.join.length) {
    const existing = await em.find(Household, { id: { $in: plan.join.map((j) => j.householdId) } }, { populate: ['students'] });
    for (const j of plan.join) {
      const household = existing.find((h) => h.id === j.householdId)!;
      for (const id of j.studentIds) household.students.add(child(id));
      out.push(household);
    }
  }
  return out;
}
