import { resourceOf } from './core/resource/registry';
import type { ResourceSpec } from './core/resource/spec';
import { Region } from './org/region.entity';
import { Bureau } from './org/bureau.entity';
import { School } from './org/school.entity';
import { SchoolClass } from './org/school-class.entity';
import { StaffMember } from './org/staff-member.entity';
import { User } from './org/user.entity';
import { Student } from './roster/student.entity';
import { Guardian } from './roster/guardian.entity';

/** Every resource of the product, one line each; the API, migrations and admin follow from it. */
export const entities = [
  Region,
  Bureau,
  School,
  SchoolClass,
  StaffMember,
  User,
  Student,
  Guardian,
];

export const resources = (): ResourceSpec[] => entities.map((e) => resourceOf(e));
