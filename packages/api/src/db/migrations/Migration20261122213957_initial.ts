import { Migration } from '@mikro-orm/migrations';

export class Migration20261122213957_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "bureau" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" text not null, "region_id" uuid null, constraint "bureau_pkey" primary key ("id"));`);
    this.addSql(`create index "bureau_created_at_index" on "bureau" ("created_at");`);
    this.addSql(`create index "bureau_updated_at_index" on "bureau" ("updated_at");`);
    this.addSql(`create index "bureau_region_id_index" on "bureau" ("region_id");`);
    this.addSql(`create index "bureau_name_trgm" on "bureau" using gin ("name" gin_trgm_ops);`);

    this.addSql(`create table "region" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "code" text not null, "name" text not null, "level" text check ("level" in ('COUNTY', 'TOWN', 'VILLAGE')) not null, "parent_id" uuid null, constraint "region_pkey" primary key ("id"));`);
    this.addSql(`create index "region_created_at_index" on "region" ("created_at");`);
    this.addSql(`create index "region_updated_at_index" on "region" ("updated_at");`);
    this.addSql(`create index "region_bureau_id_index" on "region" ("bureau_id");`);
    this.addSql(`create index "region_level_index" on "region" ("level");`);
    this.addSql(`create index "region_parent_id_index" on "region" ("parent_id");`);
    this.addSql(`create index "region_code_trgm" on "region" using gin ("code" gin_trgm_ops);`);
    this.addSql(`create index "region_name_trgm" on "region" using gin ("name" gin_trgm_ops);`);
    this.addSql(`alter table "region" add constraint "region_bureau_id_code_unique" unique ("bureau_id", "code");`);

    this.addSql(`create table "school" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "name" text not null, "code" text not null, "kind" text check ("kind" in ('KINDERGARTEN', 'PRIMARY', 'JUNIOR', 'NINE_YEAR', 'SENIOR', 'SPECIAL', 'TEACHING_POINT')) not null, "town_id" uuid null, "parent_school_id" uuid null, "principal_name" text null, "address" text null, constraint "school_pkey" primary key ("id"));`);
    this.addSql(`create index "school_created_at_index" on "school" ("created_at");`);
    this.addSql(`create index "school_updated_at_index" on "school" ("updated_at");`);
    this.addSql(`create index "school_bureau_id_index" on "school" ("bureau_id");`);
    this.addSql(`create index "school_kind_index" on "school" ("kind");`);
    this.addSql(`create index "school_town_id_index" on "school" ("town_id");`);
    this.addSql(`create index "school_parent_school_id_index" on "school" ("parent_school_id");`);
    this.addSql(`create index "school_name_trgm" on "school" using gin ("name" gin_trgm_ops);`);
    this.addSql(`create index "school_code_trgm" on "school" using gin ("code" gin_trgm_ops);`);
    this.addSql(`alter table "school" add constraint "school_bureau_id_code_unique" unique ("bureau_id", "code");`);

    this.addSql(`create table "staff_member" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "name" text not null, "school_id" uuid not null, "position" text check ("position" in ('PRINCIPAL', 'LEADER', 'HEAD_TEACHER', 'TEACHER', 'AID_OFFICER')) not null, "phone" text null, "active" boolean not null, constraint "staff_member_pkey" primary key ("id"));`);
    this.addSql(`create index "staff_member_created_at_index" on "staff_member" ("created_at");`);
    this.addSql(`create index "staff_member_updated_at_index" on "staff_member" ("updated_at");`);
    this.addSql(`create index "staff_member_bureau_id_index" on "staff_member" ("bureau_id");`);
    this.addSql(`create index "staff_member_school_id_index" on "staff_member" ("school_id");`);
    this.addSql(`create index "staff_member_position_index" on "staff_member" ("position");`);
    this.addSql(`create index "staff_member_active_index" on "staff_member" ("active");`);
    this.addSql(`create index "staff_member_name_trgm" on "staff_member" using gin ("name" gin_trgm_ops);`);

    this.addSql(`create table "school_class" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "school_id" uuid not null, "grade" int not null, "name" text not null, "head_teacher_id" uuid null, "school_year" text not null, constraint "school_class_pkey" primary key ("id"));`);
    this.addSql(`create index "school_class_created_at_index" on "school_class" ("created_at");`);
    this.addSql(`create index "school_class_updated_at_index" on "school_class" ("updated_at");`);
    this.addSql(`create index "school_class_bureau_id_index" on "school_class" ("bureau_id");`);
    this.addSql(`create index "school_class_school_id_index" on "school_class" ("school_id");`);
    this.addSql(`create index "school_class_grade_index" on "school_class" ("grade");`);
    this.addSql(`create index "school_class_head_teacher_id_index" on "school_class" ("head_teacher_id");`);
    this.addSql(`create index "school_class_school_year_index" on "school_class" ("school_year");`);
    this.addSql(`create index "school_class_name_trgm" on "school_class" using gin ("name" gin_trgm_ops);`);

    this.addSql(`create table "student" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "name" text not null, "gender" text check ("gender" in ('MALE', 'FEMALE')) not null, "birth_date" date not null, "id_number" text null, "student_number" text null, "ethnicity" text null, "household_village_id" uuid null, "address" text null, "school_id" uuid null, "class_id" uuid null, "schooling_status" text check ("schooling_status" in ('IN_COUNTY', 'OUT_OF_COUNTY', 'JUNIOR_GRADUATED', 'DEFERRED', 'MOVED_UNREACHABLE', 'MULTIPLE_REGISTRATION', 'NO_SUCH_PERSON', 'DECEASED', 'DROPOUT_ILLNESS', 'DROPOUT_AVERSION', 'OTHER')) not null, "focus_categories" jsonb not null, "disability_type" text check ("disability_type" in ('VISUAL', 'HEARING', 'SPEECH', 'PHYSICAL', 'INTELLECTUAL', 'MENTAL', 'MULTIPLE')) null, "disability_grade" int null, "home_teaching" boolean not null, "note" text null, constraint "student_pkey" primary key ("id"));`);
    this.addSql(`create index "student_created_at_index" on "student" ("created_at");`);
    this.addSql(`create index "student_updated_at_index" on "student" ("updated_at");`);
    this.addSql(`create index "student_bureau_id_index" on "student" ("bureau_id");`);
    this.addSql(`create index "student_gender_index" on "student" ("gender");`);
    this.addSql(`create index "student_birth_date_index" on "student" ("birth_date");`);
    this.addSql(`create index "student_household_village_id_index" on "student" ("household_village_id");`);
    this.addSql(`create index "student_school_id_index" on "student" ("school_id");`);
    this.addSql(`create index "student_class_id_index" on "student" ("class_id");`);
    this.addSql(`create index "student_schooling_status_index" on "student" ("schooling_status");`);
    this.addSql(`create index "student_name_trgm" on "student" using gin ("name" gin_trgm_ops);`);
    this.addSql(`create index "student_id_number_trgm" on "student" using gin ("id_number" gin_trgm_ops);`);
    this.addSql(`create index "student_student_number_trgm" on "student" using gin ("student_number" gin_trgm_ops);`);
    this.addSql(`create index "student_focus_categories_gin" on "student" using gin ("focus_categories" jsonb_path_ops);`);
    this.addSql(`alter table "student" add constraint "student_bureau_id_student_number_unique" unique ("bureau_id", "student_number");`);
    this.addSql(`alter table "student" add constraint "student_bureau_id_id_number_unique" unique ("bureau_id", "id_number");`);

    this.addSql(`create table "guardian" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "student_id" uuid not null, "name" text not null, "relation" text check ("relation" in ('FATHER', 'MOTHER', 'GRANDFATHER', 'GRANDMOTHER', 'SIBLING', 'RELATIVE', 'OTHER')) not null, "phone" text not null, "phone2" text null, "lives_with_student" boolean not null, "works_away" boolean not null, constraint "guardian_pkey" primary key ("id"));`);
    this.addSql(`create index "guardian_created_at_index" on "guardian" ("created_at");`);
    this.addSql(`create index "guardian_updated_at_index" on "guardian" ("updated_at");`);
    this.addSql(`create index "guardian_bureau_id_index" on "guardian" ("bureau_id");`);
    this.addSql(`create index "guardian_student_id_index" on "guardian" ("student_id");`);
    this.addSql(`create index "guardian_phone_index" on "guardian" ("phone");`);
    this.addSql(`create index "guardian_works_away_index" on "guardian" ("works_away");`);
    this.addSql(`create index "guardian_name_trgm" on "guardian" using gin ("name" gin_trgm_ops);`);

    this.addSql(`create table "user" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "username" text not null, "display_name" text null, "password_hash" text not null, "role" text check ("role" in ('BUREAU_ADMIN', 'AID_OFFICER', 'SCHOOL_ADMIN', 'TEACHER', 'ANALYST', 'INTEGRATION')) not null, "school_id" uuid null, "staff_id" uuid null, "active" boolean not null, "last_login_at" timestamptz null, constraint "user_pkey" primary key ("id"));`);
    this.addSql(`create index "user_created_at_index" on "user" ("created_at");`);
    this.addSql(`create index "user_updated_at_index" on "user" ("updated_at");`);
    this.addSql(`create index "user_bureau_id_index" on "user" ("bureau_id");`);
    this.addSql(`alter table "user" add constraint "user_username_unique" unique ("username");`);
    this.addSql(`create index "user_role_index" on "user" ("role");`);
    this.addSql(`create index "user_school_id_index" on "user" ("school_id");`);
    this.addSql(`create index "user_staff_id_index" on "user" ("staff_id");`);
    this.addSql(`create index "user_username_trgm" on "user" using gin ("username" gin_trgm_ops);`);

    this.addSql(`alter table "bureau" add constraint "bureau_region_id_foreign" foreign key ("region_id") references "region" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "region" add constraint "region_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "region" add constraint "region_parent_id_foreign" foreign key ("parent_id") references "region" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "school" add constraint "school_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "school" add constraint "school_town_id_foreign" foreign key ("town_id") references "region" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "school" add constraint "school_parent_school_id_foreign" foreign key ("parent_school_id") references "school" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "staff_member" add constraint "staff_member_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "staff_member" add constraint "staff_member_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "school_class" add constraint "school_class_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "school_class" add constraint "school_class_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "school_class" add constraint "school_class_head_teacher_id_foreign" foreign key ("head_teacher_id") references "staff_member" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "student" add constraint "student_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "student" add constraint "student_household_village_id_foreign" foreign key ("household_village_id") references "region" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "student" add constraint "student_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "student" add constraint "student_class_id_foreign" foreign key ("class_id") references "school_class" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "guardian" add constraint "guardian_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "guardian" add constraint "guardian_student_id_foreign" foreign key ("student_id") references "student" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "user" add constraint "user_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "user" add constraint "user_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "user" add constraint "user_staff_id_foreign" foreign key ("staff_id") references "staff_member" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "region" drop constraint "region_bureau_id_foreign";`);

    this.addSql(`alter table "school" drop constraint "school_bureau_id_foreign";`);

    this.addSql(`alter table "staff_member" drop constraint "staff_member_bureau_id_foreign";`);

    this.addSql(`alter table "school_class" drop constraint "school_class_bureau_id_foreign";`);

    this.addSql(`alter table "student" drop constraint "student_bureau_id_foreign";`);

    this.addSql(`alter table "guardian" drop constraint "guardian_bureau_id_foreign";`);

    this.addSql(`alter table "user" drop constraint "user_bureau_id_foreign";`);

    this.addSql(`alter table "bureau" drop constraint "bureau_region_id_foreign";`);

    this.addSql(`alter table "region" drop constraint "region_parent_id_foreign";`);

    this.addSql(`alter table "school" drop constraint "school_town_id_foreign";`);

    this.addSql(`alter table "student" drop constraint "student_household_village_id_foreign";`);

    this.addSql(`alter table "school" drop constraint "school_parent_school_id_foreign";`);

    this.addSql(`alter table "staff_member" drop constraint "staff_member_school_id_foreign";`);

    this.addSql(`alter table "school_class" drop constraint "school_class_school_id_foreign";`);

    this.addSql(`alter table "student" drop constraint "student_school_id_foreign";`);

    this.addSql(`alter table "user" drop constraint "user_school_id_foreign";`);

    this.addSql(`alter table "school_class" drop constraint "school_class_head_teacher_id_foreign";`);

    this.addSql(`alter table "user" drop constraint "user_staff_id_foreign";`);

    this.addSql(`alter table "student" drop constraint "student_class_id_foreign";`);

    this.addSql(`alter table "guardian" drop constraint "guardian_student_id_foreign";`);

    this.addSql(`drop table if exists "bureau" cascade;`);

    this.addSql(`drop table if exists "region" cascade;`);

    this.addSql(`drop table if exists "school" cascade;`);

    this.addSql(`drop table if exists "staff_member" cascade;`);

    this.addSql(`drop table if exists "school_class" cascade;`);

    this.addSql(`drop table if exists "student" cascade;`);

    this.addSql(`drop table if exists "guardian" cascade;`);

    this.addSql(`drop table if exists "user" cascade;`);
  }

}
