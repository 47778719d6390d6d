import { Migration } from '@mikro-orm/migrations';

// A school's roster in name order (roster/student.entity.ts): a page of a school's students by name
// reads the index in order up to the page's end, instead of sorting every student of the school.
export class Migration20261207090000_student_school_name extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "student_school_id_name_index" on "student" ("school_id", "name");`);
  }
}
