import { makeIdNumber } from '../core/validation/id-number';
import { SchoolKind } from '../org/org.enums';
import { DisabilityType, FocusCategory, Gender, GuardianRelation, SchoolingStatus } from '../roster/roster.enums';
import type { FocusCategoryEntry } from '../roster/focus-category-entry';
import { BASE_TIME, Clock, COUNTY_CODE, type ClassPlan, type CountyPlan, type RegionRow, type Town } from './county';
import { givenName, mobile, personName, placeCore, surname } from './names';
import { dateBetween, Rng } from './random';

// Students (enrolled ones class by class, then the ~2% school-age children who are not
// enrolled) and their guardians, as table rows.

export interface StudentRow {
  id: string; version: number; created_at: Date; updated_at: Date; bureau_id: string;
  name: string; gender: Gender; birth_date: string; id_number: string; student_number: string;
  ethnicity: string; household_village_id: string | null; address: string;
  school_id: string | null; class_id: string | null; schooling_status: SchoolingStatus;
  /** JSON text of FocusCategoryEntry[] (written to a jsonb column). */
  focus_categories: string;
  disability_type: DisabilityType | null; disability_grade: number | null; home_teaching: boolean; note: string | null;
}

export interface GuardianRow {
  id: string; version: number; created_at: Date; updated_at: Date; bureau_id: string;
  student_id: string; name: string; relation: GuardianRelation; phone: string; phone2: string | null;
  lives_with_student: boolean; works_away: boolean;
}

/** Statuses of school-age children who are not enrolled, with relative weights. */
const NOT_ENROLLED: ReadonlyArray<readonly [SchoolingStatus, number]> = [
  [SchoolingStatus.OUT_OF_COUNTY, 36],
  [SchoolingStatus.JUNIOR_GRADUATED, 12],
  [SchoolingStatus.DEFERRED, 8],
  [SchoolingStatus.MOVED_UNREACHABLE, 8],
  [SchoolingStatus.MULTIPLE_REGISTRATION, 8],
  [SchoolingStatus.NO_SUCH_PERSON, 5],
  [SchoolingStatus.DROPOUT_ILLNESS, 10],
  [SchoolingStatus.DROPOUT_AVERSION, 6],
  [SchoolingStatus.OTHER, 7],
];

/** Where migrant children (随迁子女) come from: other counties of 渭南 and beyond. */
const OTHER_COUNTIES = ['610502', '610522', '610523', '610524', '610525', '610527', '610528', '610581', '610582', '610404', '610113', '620102', '410322', '140827'];

const SOURCES: Record<FocusCategory, readonly string[]> = {
  ECONOMIC_HARDSHIP: ['学生资助管理系统', '学校摸排'],
  REGISTERED_POOR: ['扶贫办建档立卡系统'],
  EDGE_OF_POVERTY: ['乡村振兴局防返贫监测系统'],
  UNSTABLE_EXIT: ['乡村振兴局防返贫监测系统'],
  LOW_INCOME: ['民政局名单'],
  EXTREME_POVERTY: ['民政局名单'],
  SUDDEN_HARDSHIP: ['镇村上报', '学校摸排'],
  SERIOUS_ILLNESS: ['医保局名单', '学校摸排'],
  ORPHAN: ['民政局名单'],
  UNSUPPORTED: ['民政局名单'],
  DISABLED: ['残联残疾人证'],
  LEFT_BEHIND: ['民政局名单', '学校摸排'],
  SINGLE_PARENT: ['学校摸排'],
  DIVORCED: ['学校摸排'],
  MIGRANT_CHILD: ['学籍系统'],
  LEARNING_DIFFICULTY: ['学校摸排', '家访发现'],
  PSYCHOLOGICAL: ['学校摸排', '家访发现'],
  MAJOR_CHANGE: ['家访发现', '学校摸排'],
  DROPOUT_RISK: ['学校摸排', '家访发现'],
  RELOCATED: ['易地搬迁安置名单'],
};

/** Since when a category has applied: the window its source makes plausible. */
const SINCE: Partial<Record<FocusCategory, readonly [string, string]>> = {
  REGISTERED_POOR: ['2015-03-01', '2020-06-30'],
  RELOCATED: ['2016-09-01', '2020-12-31'],
  EDGE_OF_POVERTY: ['2021-03-01', '2024-08-31'],
  UNSTABLE_EXIT: ['2021-03-01', '2024-08-31'],
};

const CATEGORY_ORDER = Object.keys(FocusCategory) as FocusCategory[];
const POVERTY: FocusCategory[] = [
  FocusCategory.REGISTERED_POOR, FocusCategory.EDGE_OF_POVERTY, FocusCategory.UNSTABLE_EXIT, FocusCategory.LOW_INCOME,
  FocusCategory.EXTREME_POVERTY, FocusCategory.SUDDEN_HARDSHIP, FocusCategory.SERIOUS_ILLNESS, FocusCategory.ORPHAN,
];

interface Child {
  /** Years since entering grade 1 (0 = 大班, −2 = 小班). */
  year: number;
  urban: boolean;
  special: boolean;
  enrolled: boolean;
  status: SchoolingStatus;
}

function drawCategories(rng: Rng, c: Child): Set<FocusCategory> {
  const has = new Set<FocusCategory>();
  const add = (cat: FocusCategory, p: number) => {
    if (rng.chance(p)) has.add(cat);
  };
  const pupil = c.year >= 1; // kindergarten children get no school-performance categories
  add(FocusCategory.REGISTERED_POOR, c.urban ? 0.03 : 0.07);
  if (has.has(FocusCategory.REGISTERED_POOR)) add(FocusCategory.UNSTABLE_EXIT, 1 / 6);
  else add(FocusCategory.EDGE_OF_POVERTY, 0.021);
  add(FocusCategory.LOW_INCOME, has.has(FocusCategory.REGISTERED_POOR) ? 0.3 : 0.0235);
  add(FocusCategory.ORPHAN, 0.003);
  if (!has.has(FocusCategory.ORPHAN)) add(FocusCategory.UNSUPPORTED, 0.005);
  const alone = has.has(FocusCategory.ORPHAN) || has.has(FocusCategory.UNSUPPORTED);
  add(FocusCategory.EXTREME_POVERTY, alone ? 0.35 : 0.0035);
  add(FocusCategory.SUDDEN_HARDSHIP, 0.005);
  add(FocusCategory.SERIOUS_ILLNESS, 0.01);
  add(FocusCategory.DISABLED, c.special ? 1 : c.status === SchoolingStatus.DROPOUT_ILLNESS ? 0.75 : 0.007);
  add(FocusCategory.ECONOMIC_HARDSHIP, POVERTY.some((p) => has.has(p)) ? 0.8 : 0.036);
  if (c.enrolled && !c.special) add(FocusCategory.MIGRANT_CHILD, c.urban ? 0.08 : 0.012);
  if (!alone && !has.has(FocusCategory.MIGRANT_CHILD)) add(FocusCategory.LEFT_BEHIND, c.urban ? 0.06 : 0.18);
  add(FocusCategory.DIVORCED, alone ? 0 : 0.04);
  add(FocusCategory.SINGLE_PARENT, alone ? 0 : has.has(FocusCategory.DIVORCED) ? 0.4 : 0.036);
  if (pupil) {
    add(FocusCategory.LEARNING_DIFFICULTY, c.status === SchoolingStatus.DROPOUT_AVERSION ? 0.5 : 0.055);
    add(FocusCategory.PSYCHOLOGICAL, 0.011);
    add(FocusCategory.MAJOR_CHANGE, 0.011);
    if (c.enrolled) add(FocusCategory.DROPOUT_RISK, c.year >= 7 && c.year <= 9 ? 0.012 : 0.003);
  }
  if (!has.has(FocusCategory.MIGRANT_CHILD)) add(FocusCategory.RELOCATED, c.urban ? 0.005 : 0.026);
  return has;
}

/**
 * A birth date for a child in grade `year` in 2024–2025 (0/−1/−2 for 大班/中班/小班): children
 * start grade 1 in the September after they turn 6, so grade 1 was born 2017-09-01…2018-08-31
 * and is 6 (a few just 7) on 1 September 2024. Never before `notBefore`.
 */
function birthDateFor(rng: Rng, year: number, notBefore = '1900-01-01'): string {
  const from = `${2018 - year}-09-01`;
  return dateBetween(rng, from < notBefore ? notBefore : from, `${2019 - year}-08-31`);
}

/** What the generator knows of a student beyond the row: for the visits, pairings, aid and cases built on top. */
export interface Person {
  row: StudentRow;
  cats: ReadonlySet<FocusCategory>;
  klass: ClassPlan | null;
  /** The town the child's family lives in (for migrant children, where they rent). */
  town: Town;
  guardians: GuardianRow[];
}

export interface Roster {
  students: StudentRow[];
  guardians: GuardianRow[];
  /** One per student, in the same order. */
  people: Person[];
  enrolled: number;
  notEnrolled: number;
}

/** `total` students: `enrolled` of them in the planned classes, the rest school-age children not enrolled. */
export function generateRoster(plan: CountyPlan, classes: ClassPlan[], total: number, seed: number): Roster {
  const rng = Rng.stream(seed, 'roster');
  const ids = Rng.stream(seed, 'roster-ids');
  const studentClock = new Clock(BASE_TIME + 2 * 3_600_000);
  const guardianClock = new Clock(BASE_TIME + 4 * 3_600_000);
  const bureauId = plan.bureau.id;
  const students: StudentRow[] = [];
  const guardians: GuardianRow[] = [];
  const people: Person[] = [];
  const usedIds = new Set<string>();
  const totalSize = plan.towns.reduce((a, t) => a + t.size, 0);

  const pickTown = (towns: Town[]): Town => (towns.length === 1 ? towns[0] : rng.weighted(towns.map((t) => [t, t.size] as const)));
  const idNumber = (region: string, birthDate: string, gender: Gender): string => {
    let seq = rng.int(0, 999);
    for (let tries = 0; tries < 500; tries++, seq = (seq + 2) % 1000) {
      const id = makeIdNumber(region, birthDate, seq, gender);
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
    throw new Error(`no 身份证号 sequence left for ${region} ${birthDate}`);
  };
  const addressOf = (town: Town, village: RegionRow, relocated: boolean): string => {
    if (relocated) return `${town.row.name}${placeCore(town.villages[0].name)}易地搬迁安置小区${rng.int(1, 12)}号楼${rng.int(1, 4)}单元`;
    if (village.name.endsWith('社区')) return `${town.row.name}${village.name}${rng.int(1, 60)}号`;
    return `${town.row.name}${village.name}${rng.int(1, 12)}组`;
  };

  const addStudent = (c: Child, town: Town, village: RegionRow | null, klass: ClassPlan | null) => {
    const gender = rng.chance(0.51) ? Gender.MALE : Gender.FEMALE;
    const family = surname(rng);
    const name = family + givenName(rng, gender, 'child');
    let year = c.year;
    if (c.special && rng.chance(0.15)) year += rng.int(1, 2);
    else if (c.enrolled && c.year >= 1 && rng.chance(0.03)) year += 1; // started late or repeated a year
    // Children not enrolled are 6–15 on 1 September 2024 (the 附件1-1 survey ages).
    const birthDate = birthDateFor(rng, year, c.enrolled ? undefined : '2008-09-02');
    const cats = drawCategories(rng, c);
    const migrant = cats.has(FocusCategory.MIGRANT_CHILD);
    const relocated = cats.has(FocusCategory.RELOCATED);
    const home = village ?? rng.pick(town.villages);
    const id = idNumber(migrant ? rng.pick(OTHER_COUNTIES) : COUNTY_CODE, birthDate, gender);

    const entries: FocusCategoryEntry[] = CATEGORY_ORDER.filter((cat) => cats.has(cat)).map((category) => {
      const [from, to] = SINCE[category] ?? ['2021-09-01', '2024-08-31'];
      const since = dateBetween(rng, from > birthDate ? from : birthDate, to > birthDate ? to : birthDate);
      return { category, since, source: rng.pick(SOURCES[category]) };
    });

    let disabilityType: DisabilityType | null = null;
    let disabilityGrade: number | null = null;
    let homeTeaching = false;
    if (cats.has(FocusCategory.DISABLED)) {
      disabilityType = rng.weighted<DisabilityType>([
        [DisabilityType.INTELLECTUAL, 35], [DisabilityType.PHYSICAL, 18], [DisabilityType.HEARING, 14], [DisabilityType.SPEECH, 10],
        [DisabilityType.VISUAL, 9], [DisabilityType.MENTAL, 5], [DisabilityType.MULTIPLE, 9],
      ]);
      const grades: Array<readonly [number, number]> = c.special
        ? [[1, 15], [2, 35], [3, 30], [4, 20]]
        : c.enrolled ? [[1, 2], [2, 8], [3, 40], [4, 50]] : [[1, 40], [2, 40], [3, 15], [4, 5]];
      disabilityGrade = rng.weighted(grades);
      // 送教上门: severely disabled children who cannot attend, registered at the special school or not enrolled.
      if (disabilityGrade <= 2 && (c.special || !c.enrolled)) homeTeaching = rng.chance(c.special ? 0.35 : 0.6);
    }

    const at = studentClock.next();
    const student: StudentRow = {
      id: ids.uuid(), version: 1, created_at: at, updated_at: at, bureau_id: bureauId,
      name, gender, birth_date: birthDate, id_number: id, student_number: `G${id}`,
      ethnicity: rng.weighted([['汉族', 995], ['回族', 4], ['满族', 1]]),
      household_village_id: migrant ? null : home.id,
      address: migrant ? `${town.row.name}${rng.pick(town.villages).name}${rng.int(1, 80)}号${rng.pick(['（租住）', ''])}` : addressOf(town, home, relocated),
      school_id: klass?.school.row.id ?? null,
      class_id: klass?.row.id ?? null,
      schooling_status: c.status,
      focus_categories: JSON.stringify(entries),
      disability_type: disabilityType,
      disability_grade: disabilityGrade,
      home_teaching: homeTeaching,
      note: null,
    };
    students.push(student);
    const person: Person = { row: student, cats, klass, town, guardians: [] };
    people.push(person);
    addGuardians(student, family, cats);
  };

  const guardian = (student: StudentRow, relation: GuardianRelation, name: string, livesWith: boolean, worksAway: boolean) => {
    const at = guardianClock.next();
    const row: GuardianRow = {
      id: ids.uuid(), version: 1, created_at: at, updated_at: at, bureau_id: bureauId,
      student_id: student.id, name, relation, phone: mobile(rng), phone2: rng.chance(0.18) ? mobile(rng) : null,
      lives_with_student: livesWith, works_away: worksAway,
    };
    guardians.push(row);
    people[people.length - 1].guardians.push(row);
  };

  const addGuardians = (student: StudentRow, family: string, cats: Set<FocusCategory>) => {
    const father = () => personName(rng, 'MALE', 'adult', family);
    const mother = () => personName(rng, 'FEMALE', 'adult');
    const grandparent = (): [GuardianRelation, string] =>
      rng.chance(0.5)
        ? [GuardianRelation.GRANDFATHER, personName(rng, 'MALE', 'elder', family)]
        : [GuardianRelation.GRANDMOTHER, personName(rng, 'FEMALE', 'elder')];
    if (cats.has(FocusCategory.ORPHAN)) {
      const [relation, name] = rng.chance(0.7) ? grandparent() : [GuardianRelation.RELATIVE, personName(rng, rng.chance(0.5) ? 'MALE' : 'FEMALE', 'adult')] as [GuardianRelation, string];
      guardian(student, relation, name, true, false);
    } else if (cats.has(FocusCategory.UNSUPPORTED)) {
      const [relation, name] = rng.chance(0.75) ? grandparent() : [GuardianRelation.RELATIVE, personName(rng, 'MALE', 'adult', family)] as [GuardianRelation, string];
      guardian(student, relation, name, true, false);
      if (rng.chance(0.5)) {
        const isFather = rng.chance(0.6);
        guardian(student, isFather ? GuardianRelation.FATHER : GuardianRelation.MOTHER, isFather ? father() : mother(), false, rng.chance(0.5));
      }
    } else if (cats.has(FocusCategory.LEFT_BEHIND)) {
      const [relation, name] = grandparent();
      guardian(student, relation, name, true, false);
      const isFather = rng.chance(0.6);
      guardian(student, isFather ? GuardianRelation.FATHER : GuardianRelation.MOTHER, isFather ? father() : mother(), false, true);
    } else if (cats.has(FocusCategory.SINGLE_PARENT)) {
      const isMother = rng.chance(0.55);
      guardian(student, isMother ? GuardianRelation.MOTHER : GuardianRelation.FATHER, isMother ? mother() : father(), true, false);
      if (rng.chance(0.3)) {
        const [relation, name] = grandparent();
        guardian(student, relation, name, true, false);
      }
    } else {
      const both = rng.chance(0.8);
      const fatherFirst = rng.chance(0.6);
      const fatherAway = rng.chance(0.12);
      if (fatherFirst || both) guardian(student, GuardianRelation.FATHER, father(), !fatherAway, fatherAway);
      if (!fatherFirst || both) guardian(student, GuardianRelation.MOTHER, mother(), true, false);
    }
  };

  const enrolledTotal = classes.reduce((a, c) => a + c.students, 0);
  for (const klass of classes) {
    const school = klass.school;
    for (let i = 0; i < klass.students; i++) {
      const town = school.village ? school.town : pickTown(school.serves);
      addStudent(
        { year: klass.slot.year, urban: town.urban, special: school.kind === SchoolKind.SPECIAL, enrolled: true, status: SchoolingStatus.IN_COUNTY },
        town, school.village ?? null, klass,
      );
    }
  }
  const notEnrolled = total - enrolledTotal;
  for (let i = 0; i < notEnrolled; i++) {
    const status = rng.weighted(NOT_ENROLLED);
    // Ages 6–15 on 1 September 2024 (year 1 = the cohort of 6-year-olds).
    const year = status === SchoolingStatus.JUNIOR_GRADUATED ? 10 : status === SchoolingStatus.DEFERRED ? rng.int(1, 2) : rng.int(1, 10);
    const town = rng.weighted(plan.towns.map((t) => [t, t.size / totalSize] as const));
    addStudent({ year, urban: town.urban, special: false, enrolled: false, status }, town, null, null);
  }
  return { students, guardians, people, enrolled: enrolledTotal, notEnrolled };
}
