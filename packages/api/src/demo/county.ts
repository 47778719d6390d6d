import { RegionLevel, SchoolKind, StaffPosition } from '../org/org.enums';
import { communityName, mobile, personName, placeCore, villageName } from './names';
import { apportion, Rng } from './random';

// The plan of the demo county: regions (county, towns, villages), schools and their grade
// slots, then — once the number of students is known — classes and staff. Pure data: nothing
// here touches the database, and the same seed always gives the same plan and ids.

export const COUNTY_CODE = '610526';
export const COUNTY_NAME = '蒲城县';
export const DEMO_BUREAU_NAME = '蒲城县教育局';
export const SCHOOL_YEAR = '2024-2025';
/** Every generated timestamp counts up from here (00:00 Beijing time on the first school day). */
export const BASE_TIME = Date.parse('2024-09-01T00:00:00+08:00');
/** The day ages and school years are reckoned from. */
export const BASE_DATE = '2024-09-01';

/** Hands out created_at/updated_at: one millisecond apart, in generation order. */
export class Clock {
  private n = 0;
  constructor(private readonly base = BASE_TIME) {}
  next(): Date {
    return new Date(this.base + this.n++);
  }
}

interface RowBase {
  id: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}
interface TenantRowBase extends RowBase {
  bureau_id: string;
}

export interface BureauRow extends RowBase { name: string; region_id: string | null }
export interface RegionRow extends TenantRowBase { code: string; name: string; level: RegionLevel; parent_id: string | null }
export interface SchoolRow extends TenantRowBase {
  name: string; code: string; kind: SchoolKind; town_id: string | null; parent_school_id: string | null;
  principal_name: string | null; address: string | null;
}
export interface StaffRow extends TenantRowBase { name: string; school_id: string; position: StaffPosition; phone: string | null; active: boolean }
export interface ClassRow extends TenantRowBase { school_id: string; grade: number; name: string; head_teacher_id: string | null; school_year: string }

export interface Town {
  row: RegionRow;
  /** 龙阳镇 → 龙阳 (junior high names); 孙镇 stays 孙镇. */
  short: string;
  urban: boolean;
  size: number;
  villages: RegionRow[];
  /** Villages proper (村), where teaching points are. */
  ruralVillages: RegionRow[];
}

export interface Slot {
  grade: number;
  /**
   * Years since entering grade 1 for the usual child of this slot: the grade for grades 1–12,
   * 0/−1/−2 for 大班/中班/小班. Birth dates follow from it.
   */
  year: number;
  gradeName: string;
  weight: number;
  /** Students a class of this slot is meant to hold; fixedClasses overrides. */
  classTarget: number;
  fixedClasses?: number;
}

export interface SchoolPlan {
  row: SchoolRow;
  kind: SchoolKind;
  town: Town;
  /** Towns whose children attend (household villages come from these). */
  serves: Town[];
  /** Teaching points sit in one village. */
  village?: RegionRow;
  central: boolean;
  slots: Slot[];
}

export interface CountyPlan {
  bureau: BureauRow;
  county: RegionRow;
  towns: Town[];
  regions: RegionRow[];
  schools: SchoolPlan[];
}

const TOWNS: ReadonlyArray<{ name: string; short: string; urban?: boolean }> = [
  { name: '城关街道', short: '城关', urban: true },
  { name: '奉先街道', short: '奉先', urban: true },
  { name: '龙阳镇', short: '龙阳' },
  { name: '洛滨镇', short: '洛滨' },
  { name: '陈庄镇', short: '陈庄' },
  { name: '党睦镇', short: '党睦' },
  { name: '孙镇', short: '孙镇' },
  { name: '兴镇', short: '兴镇' },
  { name: '荆姚镇', short: '荆姚' },
  { name: '苏坊镇', short: '苏坊' },
  { name: '椿林镇', short: '椿林' },
  { name: '尧山镇', short: '尧山' },
  { name: '罕井镇', short: '罕井' },
];

const GRADE_NAMES = ['', '一年级', '二年级', '三年级', '四年级', '五年级', '六年级', '七年级', '八年级', '九年级', '高一', '高二', '高三'];
const KINDERGARTEN_LEVELS = [
  { year: -2, gradeName: '小' },
  { year: -1, gradeName: '中' },
  { year: 0, gradeName: '大' },
];

/** Relative size of the birth cohort entering grade 1 in 2024 − year + … (births peaked in 2016, then fell). */
export function cohort(year: number): number {
  const born = 2018 - year;
  const table: Record<number, number> = {
    2006: 0.82, 2007: 0.84, 2008: 0.86, 2009: 0.88, 2010: 0.9, 2011: 0.92, 2012: 0.98, 2013: 0.95,
    2014: 1.0, 2015: 0.96, 2016: 1.05, 2017: 1.0, 2018: 0.86, 2019: 0.8, 2020: 0.7, 2021: 0.62,
  };
  return table[born] ?? 0.8;
}

function rowBase(ids: Rng, clock: Clock): RowBase {
  const at = clock.next();
  return { id: ids.uuid(), version: 1, created_at: at, updated_at: at };
}

/** Regions and schools: fixed by the seed alone, whatever the number of students. */
export function planCounty(seed: number): CountyPlan {
  const rng = Rng.stream(seed, 'county');
  const ids = Rng.stream(seed, 'county-ids');
  const clock = new Clock();

  const bureau: BureauRow = { ...rowBase(ids, clock), name: DEMO_BUREAU_NAME, region_id: null };
  const tenant = () => ({ ...rowBase(ids, clock), bureau_id: bureau.id });

  const county: RegionRow = { ...tenant(), code: COUNTY_CODE, name: COUNTY_NAME, level: RegionLevel.COUNTY, parent_id: null };
  bureau.region_id = county.id;
  const regions: RegionRow[] = [county];

  const towns: Town[] = TOWNS.map((t, i) => {
    const row: RegionRow = { ...tenant(), code: `${COUNTY_CODE}${100 + i}`, name: t.name, level: RegionLevel.TOWN, parent_id: county.id };
    regions.push(row);
    // 街道 are mostly residents' communities (codes 001…), towns mostly villages (codes 200…),
    // as in the statistical division codes.
    const villageCount = rng.int(6, 15);
    const communities = t.urban ? rng.int(4, Math.min(7, villageCount - 2)) : rng.int(1, 2);
    const taken = new Set<string>();
    const villages: RegionRow[] = [];
    const ruralVillages: RegionRow[] = [];
    for (let v = 0; v < villageCount; v++) {
      const isCommunity = v < communities;
      const serial = isCommunity ? v + 1 : 200 + (v - communities) + 1;
      const village: RegionRow = {
        ...tenant(),
        code: `${row.code}${String(serial).padStart(3, '0')}`,
        name: isCommunity ? communityName(rng, taken) : villageName(rng, taken),
        level: RegionLevel.VILLAGE,
        parent_id: row.id,
      };
      villages.push(village);
      if (!isCommunity) ruralVillages.push(village);
      regions.push(village);
    }
    const size = t.urban ? (i === 0 ? 2.4 : 1.9) : 0.6 + rng.next() * 0.8;
    return { row, short: t.short, urban: Boolean(t.urban), size, villages, ruralVillages };
  });

  const totalSize = towns.reduce((a, t) => a + t.size, 0);
  const share = (t: Town) => t.size / totalSize;

  // Two rural towns have a nine-year school instead of a junior high; two more send their
  // children to a neighbour's junior high; the rest have their own.
  const rural = towns.slice(2);
  const ruralOrder = rng.shuffle(rural.map((_, i) => i + 2));
  const nineYearTowns = new Set(ruralOrder.slice(0, 2));
  const sharingTowns = new Set(ruralOrder.slice(2, 4));

  const schools: SchoolPlan[] = [];
  let serial = 0;
  const school = (
    kind: SchoolKind, name: string, town: Town, serves: Town[], slots: Slot[],
    extra: { central?: boolean; parent?: SchoolPlan; village?: RegionRow } = {},
  ): SchoolPlan => {
    serial++;
    const plan: SchoolPlan = {
      row: {
        ...tenant(),
        name,
        code: `21${COUNTY_CODE}${String(serial).padStart(2, '0')}`,
        kind,
        town_id: town.row.id,
        parent_school_id: extra.parent?.row.id ?? null,
        principal_name: null,
        address: extra.village
          ? `${COUNTY_NAME}${town.row.name}${extra.village.name}`
          : `${COUNTY_NAME}${town.row.name}${rng.pick(['中心街', '文化路', '育才路', '学府路', '建设路', '人民路'])}${rng.int(1, 199)}号`,
      },
      kind,
      town,
      serves,
      village: extra.village,
      central: Boolean(extra.central),
      slots,
    };
    schools.push(plan);
    return plan;
  };

  const gradeSlots = (from: number, to: number, weight: (g: number) => number, classTarget: number): Slot[] => {
    const out: Slot[] = [];
    for (let g = from; g <= to; g++) out.push({ grade: g, year: g, gradeName: GRADE_NAMES[g], weight: weight(g), classTarget });
    return out;
  };

  towns.forEach((town, i) => {
    const s = share(town);
    const primaryShare = nineYearTowns.has(i) ? 0.65 : 0.93;
    const central = school(SchoolKind.PRIMARY, `${town.row.name}中心小学`, town, [town],
      gradeSlots(1, 6, (g) => cohort(g) * s * primaryShare, 45), { central: true });

    const kindergartens = rng.int(1, 2);
    for (let k = 0; k < kindergartens; k++) {
      const split = kindergartens === 1 ? 1 : k === 0 ? 0.6 : 0.4;
      const name = k === 0 ? `${town.row.name}中心幼儿园` : `${town.row.name}${placeCore(rng.pick(town.villages.slice(1)).name)}幼儿园`;
      school(SchoolKind.KINDERGARTEN, name, town, [town],
        KINDERGARTEN_LEVELS.map((l) => ({ grade: 0, year: l.year, gradeName: l.gradeName, weight: cohort(l.year) * 0.8 * s * split, classTarget: 30 })),
        { parent: central });
    }

    // The first town's central school must show attached teaching points (the demo principal's school).
    const points = i === 0 ? rng.int(1, 2) : rng.int(0, 2);
    const pointVillages = rng.shuffle(town.ruralVillages.length ? town.ruralVillages : town.villages.slice(1)).slice(0, points);
    for (const village of pointVillages) {
      const grades = rng.int(1, 3);
      school(SchoolKind.TEACHING_POINT, `${town.row.name}${placeCore(village.name)}教学点`, town, [town],
        gradeSlots(1, grades, (g) => cohort(g) * s * 0.015, 20).map((slot) => ({ ...slot, fixedClasses: 1 })),
        { parent: central, village });
    }
  });

  // Junior highs: each non-sharing town without a nine-year school has one; a sharing town's
  // children go to the next town's junior high.
  const juniorServes = new Map<number, Town[]>();
  towns.forEach((town, i) => {
    if (nineYearTowns.has(i) || sharingTowns.has(i)) return;
    juniorServes.set(i, [town]);
  });
  for (const i of sharingTowns) {
    const hosts = [...juniorServes.keys()].filter((h) => h >= 2);
    const host = hosts.reduce((best, h) => (Math.abs(h - i) < Math.abs(best - i) ? h : best), hosts[0]);
    juniorServes.get(host)!.push(towns[i]);
  }
  for (const [i, serves] of [...juniorServes.entries()].sort((a, b) => a[0] - b[0])) {
    const s = serves.reduce((a, t) => a + share(t), 0);
    school(SchoolKind.JUNIOR, `${towns[i].short}初级中学`, towns[i], serves, gradeSlots(7, 9, (g) => cohort(g) * 0.96 * s, 50));
  }
  for (const i of [...nineYearTowns].sort((a, b) => a - b)) {
    const s = share(towns[i]);
    school(SchoolKind.NINE_YEAR, `${COUNTY_NAME}${towns[i].short}九年制学校`, towns[i], [towns[i]],
      gradeSlots(1, 9, (g) => cohort(g) * s * (g <= 6 ? 0.28 : 0.96), 40));
  }
  school(SchoolKind.SENIOR, `${COUNTY_NAME}中学`, towns[0], towns, gradeSlots(10, 12, (g) => cohort(g) * 0.55 * 0.6, 55));
  school(SchoolKind.SENIOR, `${COUNTY_NAME}第二高级中学`, towns[1], towns, gradeSlots(10, 12, (g) => cohort(g) * 0.55 * 0.4, 55));
  school(SchoolKind.SPECIAL, `${COUNTY_NAME}特殊教育学校`, towns[0], towns, gradeSlots(1, 9, (g) => cohort(g) * 0.0025, 10));

  return { bureau, county, towns, regions, schools };
}

export interface ClassPlan {
  row: ClassRow;
  school: SchoolPlan;
  slot: Slot;
  /** Enrolled students to put in this class. */
  students: number;
}

export interface Staffing {
  classes: ClassPlan[];
  staff: StaffRow[];
  /** Per school: its principal and head teachers, for the demo users. */
  principals: Map<SchoolPlan, StaffRow>;
}

/**
 * Classes and staff for `enrolled` students: the students are shared over the grade slots by
 * weight, each slot gets about one class per `classTarget` students (at least one), every class
 * gets a head teacher, and each school a principal, leaders and teachers.
 */
export function planClasses(plan: CountyPlan, enrolled: number, seed: number): Staffing {
  const rng = Rng.stream(seed, 'staff');
  const ids = Rng.stream(seed, 'staff-ids');
  const clock = new Clock(BASE_TIME + 3_600_000);
  const tenant = () => ({ ...rowBase(ids, clock), bureau_id: plan.bureau.id });

  const slots = plan.schools.flatMap((school) => school.slots.map((slot) => ({ school, slot })));
  const perSlot = apportion(enrolled, slots.map((s) => s.slot.weight));
  const classCounts = slots.map(({ slot }, i) => slot.fixedClasses ?? Math.max(1, Math.round(perSlot[i] / slot.classTarget)));
  const totalClasses = classCounts.reduce((a, b) => a + b, 0);

  // A floor of a few students per class (teaching points and the special school would otherwise
  // stay empty in a small demo), the rest by weight.
  const floor = Math.min(3, Math.floor(enrolled / Math.max(1, totalClasses)));
  const classWeights: number[] = [];
  slots.forEach(({ slot }, i) => {
    for (let c = 0; c < classCounts[i]; c++) classWeights.push(slot.weight / classCounts[i]);
  });
  const shares = apportion(enrolled - floor * totalClasses, classWeights);

  const slotIndex = new Map(slots.map((s, i) => [s.slot, i]));
  const classes: ClassPlan[] = [];
  const staff: StaffRow[] = [];
  const principals = new Map<SchoolPlan, StaffRow>();
  const member = (school: SchoolPlan, position: StaffPosition, femaleShare: number, active = true): StaffRow => {
    const row: StaffRow = {
      ...tenant(),
      name: personName(rng, rng.chance(femaleShare) ? 'FEMALE' : 'MALE', 'adult'),
      school_id: school.row.id,
      position,
      phone: mobile(rng),
      active,
    };
    staff.push(row);
    return row;
  };

  let k = 0;
  for (const school of plan.schools) {
    const female = school.kind === SchoolKind.KINDERGARTEN ? 0.95 : school.kind === SchoolKind.SENIOR ? 0.5 : 0.7;
    const principal = member(school, StaffPosition.PRINCIPAL, school.kind === SchoolKind.KINDERGARTEN ? 0.9 : 0.3);
    school.row.principal_name = principal.name;
    principals.set(school, principal);
    const leaders = school.kind === SchoolKind.TEACHING_POINT ? 0 : school.kind === SchoolKind.KINDERGARTEN ? 1 : rng.int(1, 3);
    for (let l = 0; l < leaders; l++) member(school, StaffPosition.LEADER, 0.45);
    if (school.central) member(school, StaffPosition.AID_OFFICER, 0.6);

    let schoolClasses = 0;
    for (const slot of school.slots) {
      const count = classCounts[slotIndex.get(slot)!];
      for (let c = 1; c <= count; c++) {
        const head = member(school, StaffPosition.HEAD_TEACHER, female);
        const name = `${slot.gradeName}（${c}）班`; // 三年级（2）班, 高一（3）班, 大（1）班
        classes.push({
          row: { ...tenant(), school_id: school.row.id, grade: slot.grade, name, head_teacher_id: head.id, school_year: SCHOOL_YEAR },
          school,
          slot,
          students: floor + shares[k++],
        });
        schoolClasses++;
      }
    }
    const ratio: Record<SchoolKind, number> = {
      KINDERGARTEN: 0.6, PRIMARY: 0.7, JUNIOR: 1.3, NINE_YEAR: 1.0, SENIOR: 1.6, SPECIAL: 1.2, TEACHING_POINT: 0,
    };
    const teachers = Math.round(schoolClasses * ratio[school.kind]) + (school.kind === SchoolKind.TEACHING_POINT ? 0 : 1);
    for (let t = 0; t < teachers; t++) member(school, StaffPosition.TEACHER, female, !rng.chance(0.015));
  }
  return { classes, staff, principals };
}
