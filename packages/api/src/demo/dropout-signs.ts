import { DropoutSign } from '../dropout/dropout-risk.enums';
import { FocusCategory as F } from '../roster/roster.enums';
import { DONE_VISIT_STATUSES, VisitPurpose } from '../visit/visit.enums';
import type { VisitRow } from './activity';
import type { StudentRow } from './roster';
import { Rng } from './random';

// What the demo's completed visits found (VisitRecord.dropoutSigns), so 辍学风险预警 has visits
// to read: aversion and long absence mostly where a child already shows a dropout tendency or
// learning trouble, and on persuasion visits; rarely elsewhere.

type Chances = Array<[DropoutSign, number]>;
const BY_CATEGORY: Array<[F, Chances]> = [
  [F.DROPOUT_RISK, [[DropoutSign.AVERSION, 0.6], [DropoutSign.LONG_ABSENCE, 0.3], [DropoutSign.WORK_INTENT, 0.2]]],
  [F.LEARNING_DIFFICULTY, [[DropoutSign.AVERSION, 0.15]]],
  [F.PSYCHOLOGICAL, [[DropoutSign.AVERSION, 0.15], [DropoutSign.LONG_ABSENCE, 0.05]]],
  [F.LEFT_BEHIND, [[DropoutSign.FAMILY_NEGLECT, 0.05]]],
];
const ANYONE: Chances = [[DropoutSign.AVERSION, 0.005]];
const PERSUASION: Chances = [[DropoutSign.LONG_ABSENCE, 0.9], [DropoutSign.AVERSION, 0.5], [DropoutSign.WORK_INTENT, 0.3]];

/** Gives every visit row its `dropout_signs` (empty unless a completed visit found some). */
export function markDropoutSigns(visits: VisitRow[], students: StudentRow[], seed: number): void {
  const rng = Rng.stream(seed, 'dropout-signs');
  const categories = new Map(students.map((s) => [s.id, (JSON.parse(s.focus_categories) as Array<{ category: F }>).map((e) => e.category)]));
  for (const v of visits as Array<VisitRow & { dropout_signs?: DropoutSign[] }>) {
    const signs = new Set<DropoutSign>();
    if (DONE_VISIT_STATUSES.includes(v.status)) {
      const has = categories.get(v.student_id) ?? [];
      const chances = v.purpose === VisitPurpose.PERSUASION ? PERSUASION : [...ANYONE, ...BY_CATEGORY.filter(([c]) => has.includes(c)).flatMap(([, x]) => x)];
      for (const [sign, p] of chances) if (rng.chance(p)) signs.add(sign);
    }
    v.dropout_signs = [...signs];
  }
}
