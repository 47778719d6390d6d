import { Migration } from '@mikro-orm/migrations';

// 家庭: siblings under one roof (003 每学年对每个学生家庭家访1次); a child in one family only.
export class Migration20261204020000_household extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "household" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "name" text not null, "phone" text null, "village_id" uuid null, "address" text null, "note" text null, constraint "household_pkey" primary key ("id"));`);
    this.addSql(`create index "household_created_at_index" on "household" ("created_at");`);
    this.addSql(`create index "household_updated_at_index" on "household" ("updated_at");`);
    this.addSql(`create index "household_bureau_id_index" on "household" ("bureau_id");`);
    this.addSql(`create index "household_name_index" on "household" ("name");`);
    this.addSql(`create index "household_phone_index" on "household" ("phone");`);
    this.addSql(`create index "household_village_id_index" on "household" ("village_id");`);
    this.addSql(`create index "household_name_trgm" on "household" using gin ("name" gin_trgm_ops);`);
    this.addSql(`create table "household_students" ("household_id" uuid not null, "student_id" uuid not null, constraint "household_students_pkey" primary key ("household_id", "student_id"));`);
    this.addSql(`alter table "household_students" add constraint "household_students_student_id_unique" unique ("student_id");`);
    this.addSql(`alter table "household" add constraint "household_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "household" add constraint "household_village_id_foreign" foreign key ("village_id") references "region" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "household_students" add constraint "household_students_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "household_students" add constraint "household_students_student_id_foreign" foreign key ("student_id") references "student" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "household_students" cascade;`);
    this.addSql(`drop table if exists "household" cascade;`);
  }
}
