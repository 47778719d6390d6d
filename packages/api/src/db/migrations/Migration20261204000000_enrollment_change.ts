import { Migration } from '@mikro-orm/migrations';

// 学籍异动 (002 附件2-2 Ⅴ类): transfers, suspension and resumption, leave and graduation, with
// the student's school, class and status before and after.
export class Migration20261204000000_enrollment_change extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "enrollment_change" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "student_id" uuid not null, "kind" text check ("kind" in ('TRANSFER_IN', 'TRANSFER_OUT', 'SUSPENSION', 'RESUMPTION', 'LONG_LEAVE', 'GRADUATION')) not null, "effective_on" date not null, "from_school_id" uuid null, "from_class_id" uuid null, "from_status" text check ("from_status" in ('IN_COUNTY', 'OUT_OF_COUNTY', 'JUNIOR_GRADUATED', 'DEFERRED', 'MOVED_UNREACHABLE', 'MULTIPLE_REGISTRATION', 'NO_SUCH_PERSON', 'DECEASED', 'DROPOUT_ILLNESS', 'DROPOUT_AVERSION', 'OTHER')) not null, "to_school_id" uuid null, "to_class_id" uuid null, "to_status" text check ("to_status" in ('IN_COUNTY', 'OUT_OF_COUNTY', 'JUNIOR_GRADUATED', 'DEFERRED', 'MOVED_UNREACHABLE', 'MULTIPLE_REGISTRATION', 'NO_SUCH_PERSON', 'DECEASED', 'DROPOUT_ILLNESS', 'DROPOUT_AVERSION', 'OTHER')) not null, "state_after" text check ("state_after" in ('ATTENDING', 'SUSPENDED', 'ON_LEAVE', 'LEFT')) not null, "other_school_name" text null, "reason" text null, "document_number" text null, "leave_until" date null, constraint "enrollment_change_pkey" primary key ("id"));`);
    this.addSql(`create index "enrollment_change_created_at_index" on "enrollment_change" ("created_at");`);
    this.addSql(`create index "enrollment_change_updated_at_index" on "enrollment_change" ("updated_at");`);
    this.addSql(`create index "enrollment_change_bureau_id_index" on "enrollment_change" ("bureau_id");`);
    this.addSql(`create index "enrollment_change_student_id_index" on "enrollment_change" ("student_id");`);
    this.addSql(`create index "enrollment_change_kind_index" on "enrollment_change" ("kind");`);
    this.addSql(`create index "enrollment_change_effective_on_index" on "enrollment_change" ("effective_on");`);
    this.addSql(`create index "enrollment_change_from_school_id_index" on "enrollment_change" ("from_school_id");`);
    this.addSql(`create index "enrollment_change_from_class_id_index" on "enrollment_change" ("from_class_id");`);
    this.addSql(`create index "enrollment_change_to_school_id_index" on "enrollment_change" ("to_school_id");`);
    this.addSql(`create index "enrollment_change_to_class_id_index" on "enrollment_change" ("to_class_id");`);
    this.addSql(`create index "enrollment_change_state_after_index" on "enrollment_change" ("state_after");`);
    this.addSql(`create index "enrollment_change_student_id_effective_on_index" on "enrollment_change" ("student_id", "effective_on");`);
    this.addSql(`alter table "enrollment_change" add constraint "enrollment_change_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "enrollment_change" add constraint "enrollment_change_student_id_foreign" foreign key ("student_id") references "student" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "enrollment_change" add constraint "enrollment_change_from_school_id_foreign" foreign key ("from_school_id") references "school" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "enrollment_change" add constraint "enrollment_change_from_class_id_foreign" foreign key ("from_class_id") references "school_class" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "enrollment_change" add constraint "enrollment_change_to_school_id_foreign" foreign key ("to_school_id") references "school" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "enrollment_change" add constraint "enrollment_change_to_class_id_foreign" foreign key ("to_class_id") references "school_class" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "enrollment_change" cascade;`);
  }
}
