import { Migration } from '@mikro-orm/migrations';

export class Migration20261122215601_name_sort extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "staff_member_name_index" on "staff_member" ("name");`);

    this.addSql(`create index "student_name_index" on "student" ("name");`);

    this.addSql(`create index "guardian_name_index" on "guardian" ("name");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "guardian_name_index";`);

    this.addSql(`drop index "staff_member_name_index";`);

    this.addSql(`drop index "student_name_index";`);
  }

}
