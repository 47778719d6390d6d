/** A guardian's phone of a student, with what the student already belongs to. */
export interface PhoneRow {
  studentId: string;
  phone: string;
  guardianName: string;
  householdId: string | null;
  villageId: string | null;
  address: string | null;
}

export interface NewHousehold {
  name: string;
  phone: string;
  villageId: string | null;
  address: string | null;
  studentIds: string[];
}

export interface HouseholdPlan {
  create: NewHousehold[];
  /** Children joining the family a brother or sister is already in. */
  join: Array<{ householdId: string; studentIds: string[] }>;
}

/** Digits only: 138-1234-5678 and 13812345678 are one phone. */
export const phoneKey = (phone: string) => phone.replace(/\D/g, '');

/**
 * Children sharing a guardian's phone (directly or through a brother or sister) are one family.
 * A family with a household keeps it and the others join it; one without gets a household named
 * after the guardian most of them list (张大山家). Families already split over two households stay
 * as they are: a person decided that.
 */
export function planHouseholds(rows: PhoneRow[]): HouseholdPlan {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string) => parent.set(find(a), find(b));
  const byPhone = new Map<string, string>();
  for (const r of rows) {
    const key = phoneKey(r.phone);
    if (key.length < 7) continue; // not a phone anyone could share
    if (!parent.has(r.studentId)) parent.set(r.studentId, r.studentId);
    const first = byPhone.get(key);
    if (first) union(r.studentId, first);
    else byPhone.set(key, r.studentId);
  }
  const families = new Map<string, PhoneRow[]>();
  for (const r of rows) {
    if (!parent.has(r.studentId)) continue;
    const root = find(r.studentId);
    families.set(root, [...(families.get(root) ?? []), r]);
  }

  const plan: HouseholdPlan = { create: [], join: [] };
  for (const members of families.values()) {
    const children = [...new Set(members.map((m) => m.studentId))].sort();
    if (children.length < 2) continue;
    const householdOf = new Map(members.map((m) => [m.studentId, m.householdId]));
    const existing = [...new Set(members.map((m) => m.householdId).filter((h): h is string => !!h))].sort();
    const loose = children.filter((c) => !householdOf.get(c));
    if (existing.length) {
      if (loose.length) plan.join.push({ householdId: existing[0], studentIds: loose });
      continue;
    }
    const votes = new Map<string, number>();
    for (const m of members) votes.set(m.guardianName, (votes.get(m.guardianName) ?? 0) + 1);
    const guardian = [...votes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
    const first = members.find((m) => m.guardianName === guardian)!;
    plan.create.push({ name: `${guardian}家`, phone: first.phone, villageId: first.villageId, address: first.address, studentIds: children });
  }
  return plan;
}
