import { Migration } from '@mikro-orm/migrations';

// A school's students by gender and name, holding the tenant (bureau_id) every read tests beside
// its filter (roster/student.entity.ts): the count a school's list page asks for, of its students or
// of its girls, is read from the index alone instead of from each of their rows.
export class Migration20261210090000_student_school_lists_counted extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "student_school_id_gender_name_index" on "student" ("school_id", "gender", "name") include ("bureau_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "student_school_id_gender_name_index";`);
  }
}
