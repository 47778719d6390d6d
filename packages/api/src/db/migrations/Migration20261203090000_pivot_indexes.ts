import { Migration } from '@mikro-orm/migrations';

// A pivot's primary key leads with its owner: finding a teacher's pairings, classes and visits, or
// a student's pairings, by the second column scanned the whole pivot (every request of a teacher).
// Declared for the schema diff in db/orm.ts (indexPivotTargets).
export class Migration20261203090000_pivot_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index if not exists "pairing_helpers_staff_member_id_index" on "pairing_helpers" ("staff_member_id");`);
    this.addSql(`create index if not exists "pairing_students_student_id_index" on "pairing_students" ("student_id");`);
    this.addSql(`create index if not exists "school_class_teachers_staff_member_id_index" on "school_class_teachers" ("staff_member_id");`);
    this.addSql(`create index if not exists "visit_record_companions_staff_member_id_index" on "visit_record_companions" ("staff_member_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "pairing_helpers_staff_member_id_index";`);
    this.addSql(`drop index if exists "pairing_students_student_id_index";`);
    this.addSql(`drop index if exists "school_class_teachers_staff_member_id_index";`);
    this.addSql(`drop index if exists "visit_record_companions_staff_member_id_index";`);
  }
}
