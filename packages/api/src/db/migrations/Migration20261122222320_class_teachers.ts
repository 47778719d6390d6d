import { Migration } from '@mikro-orm/migrations';

export class Migration20261122222320_class_teachers extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "school_class_teachers" ("school_class_id" uuid not null, "staff_member_id" uuid not null, constraint "school_class_teachers_pkey" primary key ("school_class_id", "staff_member_id"));`);

    this.addSql(`alter table "school_class_teachers" add constraint "school_class_teachers_school_class_id_foreign" foreign key ("school_class_id") references "school_class" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "school_class_teachers" add constraint "school_class_teachers_staff_member_id_foreign" foreign key ("staff_member_id") references "staff_member" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "school_class_teachers" cascade;`);
  }

}
