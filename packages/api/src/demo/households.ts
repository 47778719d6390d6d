import { FocusCategory } from '../roster/roster.enums';
import { planHouseholds, type PhoneRow } from '../roster/household-plan';
import { Clock } from './county';
import type { Person } from './roster';
import { Rng } from './random';

export interface HouseholdRow {
  id: string; version: number; created_at: Date; updated_at: Date; bureau_id: string;
  name: string; phone: string; village_id: string | null; address: string | null; note: string | null;
}

/** Share of the children of a village who are a younger brother or sister of another there. */
const SIBLING_SHARE = 0.2;
/** Children whose guardians are not their parents' (孤儿, 事实无人抚养) are left as they are. */
const OWN_CARE: ReadonlySet<FocusCategory> = new Set([FocusCategory.ORPHAN, FocusCategory.UNSUPPORTED]);

/**
 * Brothers and sisters in the demo county: some children of a village are given the family of an
 * older child there (surname, first guardian and phone, address), then
 * families are found from the phones as the product finds them (roster/household-plan.ts). Drawn
 * from a stream of its own, so the rest of the county stays as it was; changes `people` in place.
 */
export function generateHouseholds(people: Person[], bureauId: string, seed: number): { households: HouseholdRow[]; members: Array<{ household_id: string; student_id: string }> } {
  const rng = new Rng(seed ^ 0x5eb1);
  const byVillage = new Map<string, Person[]>();
  for (const p of people) {
    const village = p.row.household_village_id;
    if (!village || !p.guardians.length || [...p.cats].some((c) => OWN_CARE.has(c))) continue;
    byVillage.set(village, [...(byVillage.get(village) ?? []), p]);
  }
  for (const group of byVillage.values()) {
    const older = [...group].sort((a, b) => a.row.birth_date.localeCompare(b.row.birth_date));
    older.forEach((p, i) => {
      if (i === 0 || !rng.chance(SIBLING_SHARE)) return;
      // The same kind of first guardian (grandparents raise left-behind brothers and sisters alike).
      const candidates = older.slice(0, i).filter((e) => e.row.birth_date.slice(0, 4) < p.row.birth_date.slice(0, 4) && e.guardians[0].relation === p.guardians[0].relation);
      if (!candidates.length) return;
      const elder = rng.pick(candidates);
      const [from, to] = [elder.guardians[0], p.guardians[0]];
      Object.assign(to, { name: from.name, phone: from.phone, phone2: from.phone2 });
      p.row.address = elder.row.address;
      p.row.name = elder.row.name[0] + p.row.name.slice(1); // the demo's surnames are one character
    });
  }

  const rows: PhoneRow[] = people.flatMap((p) =>
    p.guardians.map((g) => ({ studentId: p.row.id, phone: g.phone, guardianName: g.name, householdId: null, villageId: p.row.household_village_id, address: p.row.address })),
  );
  const clock = new Clock();
  const households: HouseholdRow[] = [];
  const members: Array<{ household_id: string; student_id: string }> = [];
  for (const h of planHouseholds(rows).create) {
    const at = clock.next();
    const id = rng.uuid();
    households.push({ id, version: 1, created_at: at, updated_at: at, bureau_id: bureauId, name: h.name, phone: h.phone, village_id: h.villageId, address: h.address, note: null });
    for (const student of h.studentIds) members.push({ household_id: id, student_id: student });
  }
  return { households, members };
}
