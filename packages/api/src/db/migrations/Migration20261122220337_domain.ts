import { Migration } from '@mikro-orm/migrations';

export class Migration20261122220337_domain extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "pairing" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "mode" text check ("mode" in ('ONE_TO_ONE', 'ONE_TO_MANY', 'MANY_TO_ONE')) not null, "support_types" text[] not null default '{}', "plan" text null, "start_date" date not null, "end_date" date null, "status" text check ("status" in ('ACTIVE', 'ENDED')) not null, constraint "pairing_pkey" primary key ("id"));`);
    this.addSql(`create index "pairing_created_at_index" on "pairing" ("created_at");`);
    this.addSql(`create index "pairing_updated_at_index" on "pairing" ("updated_at");`);
    this.addSql(`create index "pairing_bureau_id_index" on "pairing" ("bureau_id");`);
    this.addSql(`create index "pairing_mode_index" on "pairing" ("mode");`);
    this.addSql(`create index "pairing_start_date_index" on "pairing" ("start_date");`);
    this.addSql(`create index "pairing_status_index" on "pairing" ("status");`);

    this.addSql(`create table "campaign" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "name" text not null, "kind" text check ("kind" in ('COVERAGE', 'REVISIT', 'ASSISTANCE', 'PERSUASION')) not null, "school_year" text not null, "start_date" date not null, "end_date" date not null, "target_categories" text[] not null default '{}', "description" text null, constraint "campaign_pkey" primary key ("id"));`);
    this.addSql(`create index "campaign_created_at_index" on "campaign" ("created_at");`);
    this.addSql(`create index "campaign_updated_at_index" on "campaign" ("updated_at");`);
    this.addSql(`create index "campaign_bureau_id_index" on "campaign" ("bureau_id");`);
    this.addSql(`create index "campaign_kind_index" on "campaign" ("kind");`);
    this.addSql(`create index "campaign_school_year_index" on "campaign" ("school_year");`);
    this.addSql(`create index "campaign_start_date_index" on "campaign" ("start_date");`);
    this.addSql(`create index "campaign_name_trgm" on "campaign" using gin ("name" gin_trgm_ops);`);

    this.addSql(`create table "enrollment_check" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "school_id" uuid not null, "school_year" text not null, "semester" text check ("semester" in ('FIRST', 'SECOND')) not null, "registry_count" int not null, "last_semester_count" int null, "reported_count" int not null, "registered_absent" int not null, "present_unregistered" int not null, "note" text null, constraint "enrollment_check_pkey" primary key ("id"));`);
    this.addSql(`create index "enrollment_check_created_at_index" on "enrollment_check" ("created_at");`);
    this.addSql(`create index "enrollment_check_updated_at_index" on "enrollment_check" ("updated_at");`);
    this.addSql(`create index "enrollment_check_bureau_id_index" on "enrollment_check" ("bureau_id");`);
    this.addSql(`create index "enrollment_check_school_id_index" on "enrollment_check" ("school_id");`);
    this.addSql(`create index "enrollment_check_school_year_index" on "enrollment_check" ("school_year");`);
    this.addSql(`create index "enrollment_check_semester_index" on "enrollment_check" ("semester");`);
    this.addSql(`alter table "enrollment_check" add constraint "enrollment_check_school_id_school_year_semester_unique" unique ("school_id", "school_year", "semester");`);

    this.addSql(`create table "pairing_helpers" ("pairing_id" uuid not null, "staff_member_id" uuid not null, constraint "pairing_helpers_pkey" primary key ("pairing_id", "staff_member_id"));`);

    this.addSql(`create table "roster_entry" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "campaign_id" uuid not null, "student_id" uuid not null, "assigned_staff_id" uuid not null, "priority" text check ("priority" in ('HIGH', 'NORMAL')) not null, "reason" text null, constraint "roster_entry_pkey" primary key ("id"));`);
    this.addSql(`create index "roster_entry_created_at_index" on "roster_entry" ("created_at");`);
    this.addSql(`create index "roster_entry_updated_at_index" on "roster_entry" ("updated_at");`);
    this.addSql(`create index "roster_entry_bureau_id_index" on "roster_entry" ("bureau_id");`);
    this.addSql(`create index "roster_entry_campaign_id_index" on "roster_entry" ("campaign_id");`);
    this.addSql(`create index "roster_entry_student_id_index" on "roster_entry" ("student_id");`);
    this.addSql(`create index "roster_entry_assigned_staff_id_index" on "roster_entry" ("assigned_staff_id");`);
    this.addSql(`create index "roster_entry_priority_index" on "roster_entry" ("priority");`);
    this.addSql(`alter table "roster_entry" add constraint "roster_entry_campaign_id_student_id_unique" unique ("campaign_id", "student_id");`);

    this.addSql(`create table "pairing_students" ("pairing_id" uuid not null, "student_id" uuid not null, constraint "pairing_students_pkey" primary key ("pairing_id", "student_id"));`);

    this.addSql(`create table "dropout_case" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "student_id" uuid not null, "school_id" uuid null, "discovered_on" date not null, "reporter_id" uuid null, "status" text check ("status" in ('SUSPECTED', 'VERIFYING', 'CONFIRMED_DROPOUT', 'PERSUADING', 'RETURNED', 'CLOSED')) not null, "dropout_category" text check ("dropout_category" in ('WORK_FARMING', 'AVERSION', 'ILLNESS_DISABILITY', 'SCHOOLING_AT_HOME', 'RELIGIOUS', 'EARLY_MARRIAGE', 'POVERTY_RELOCATION', 'OTHER')) null, "non_dropout_category" text check ("non_dropout_category" in ('HOUSEHOLD_REGISTRATION', 'ACTUALLY_ENROLLED', 'DEFERRED_ENTRY', 'OVER_AGE', 'SEVERE_ILLNESS', 'MOVED_UNREACHABLE', 'ABROAD', 'MISSING')) null, "details" text null, "evidence_note" text null, "guardian_signed_on" date null, "school_verifier_id" uuid null, "school_verified_on" date null, "village_signed_on" date null, "principal_signed_on" date null, "town_signed_on" date null, "police_signed_on" date null, "returned_on" date null, "closed_on" date null, constraint "dropout_case_pkey" primary key ("id"));`);
    this.addSql(`create index "dropout_case_created_at_index" on "dropout_case" ("created_at");`);
    this.addSql(`create index "dropout_case_updated_at_index" on "dropout_case" ("updated_at");`);
    this.addSql(`create index "dropout_case_bureau_id_index" on "dropout_case" ("bureau_id");`);
    this.addSql(`create index "dropout_case_student_id_index" on "dropout_case" ("student_id");`);
    this.addSql(`create index "dropout_case_school_id_index" on "dropout_case" ("school_id");`);
    this.addSql(`create index "dropout_case_discovered_on_index" on "dropout_case" ("discovered_on");`);
    this.addSql(`create index "dropout_case_reporter_id_index" on "dropout_case" ("reporter_id");`);
    this.addSql(`create index "dropout_case_status_index" on "dropout_case" ("status");`);
    this.addSql(`create index "dropout_case_dropout_category_index" on "dropout_case" ("dropout_category");`);
    this.addSql(`create index "dropout_case_non_dropout_category_index" on "dropout_case" ("non_dropout_category");`);
    this.addSql(`create index "dropout_case_school_verifier_id_index" on "dropout_case" ("school_verifier_id");`);
    this.addSql(`create index "dropout_case_closed_on_index" on "dropout_case" ("closed_on");`);
    this.addSql(`create unique index "dropout_case_one_open" on "dropout_case" ("student_id") where "status" in ('SUSPECTED', 'VERIFYING', 'CONFIRMED_DROPOUT', 'PERSUADING');`);

    this.addSql(`create table "care_check" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "student_id" uuid not null, "kind" text check ("kind" in ('DAILY_ASK', 'WEEKLY_MEET')) not null, "date" date not null, "staff_id" uuid not null, "note" text null, constraint "care_check_pkey" primary key ("id"));`);
    this.addSql(`create index "care_check_created_at_index" on "care_check" ("created_at");`);
    this.addSql(`create index "care_check_updated_at_index" on "care_check" ("updated_at");`);
    this.addSql(`create index "care_check_bureau_id_index" on "care_check" ("bureau_id");`);
    this.addSql(`create index "care_check_student_id_index" on "care_check" ("student_id");`);
    this.addSql(`create index "care_check_kind_index" on "care_check" ("kind");`);
    this.addSql(`create index "care_check_date_index" on "care_check" ("date");`);
    this.addSql(`create index "care_check_staff_id_index" on "care_check" ("staff_id");`);
    this.addSql(`alter table "care_check" add constraint "care_check_student_id_kind_date_unique" unique ("student_id", "kind", "date");`);

    this.addSql(`create table "visit_record" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "campaign_id" uuid null, "student_id" uuid not null, "visitor_id" uuid not null, "form" text check ("form" in ('IN_PERSON', 'PHONE', 'SMS', 'ONLINE', 'LETTER', 'AT_SCHOOL')) not null, "purpose" text check ("purpose" in ('ROUTINE', 'CONSOLATION', 'PERSUASION', 'HOME_TEACHING', 'FOLLOW_UP', 'CARE')) not null, "status" text check ("status" in ('PLANNED', 'DEPARTED', 'COMPLETED', 'REVIEWED')) not null, "address" text null, "planned_at" timestamptz null, "expected_return_at" timestamptz null, "departed_at" timestamptz null, "returned_at" timestamptz null, "completed_at" timestamptz null, "reviewed_at" timestamptz null, "departed_by_id" uuid null, "completed_by_id" uuid null, "reviewed_by_id" uuid null, "recorded_by_id" uuid null, "parent_met_name" text null, "parent_met_phone" text null, "family_situation" text null, "student_situation" text null, "key_points" text null, "effect" text null, "parent_consent" boolean not null, "dropout_case_id" uuid null, "callback_confirmed" boolean null, "satisfaction" text check ("satisfaction" in ('VERY_SATISFIED', 'SATISFIED', 'NEUTRAL', 'DISSATISFIED')) null, "callback_note" text null, constraint "visit_record_pkey" primary key ("id"));`);
    this.addSql(`create index "visit_record_created_at_index" on "visit_record" ("created_at");`);
    this.addSql(`create index "visit_record_updated_at_index" on "visit_record" ("updated_at");`);
    this.addSql(`create index "visit_record_bureau_id_index" on "visit_record" ("bureau_id");`);
    this.addSql(`create index "visit_record_campaign_id_index" on "visit_record" ("campaign_id");`);
    this.addSql(`create index "visit_record_student_id_index" on "visit_record" ("student_id");`);
    this.addSql(`create index "visit_record_visitor_id_index" on "visit_record" ("visitor_id");`);
    this.addSql(`create index "visit_record_form_index" on "visit_record" ("form");`);
    this.addSql(`create index "visit_record_purpose_index" on "visit_record" ("purpose");`);
    this.addSql(`create index "visit_record_status_index" on "visit_record" ("status");`);
    this.addSql(`create index "visit_record_planned_at_index" on "visit_record" ("planned_at");`);
    this.addSql(`create index "visit_record_completed_at_index" on "visit_record" ("completed_at");`);
    this.addSql(`create index "visit_record_departed_by_id_index" on "visit_record" ("departed_by_id");`);
    this.addSql(`create index "visit_record_completed_by_id_index" on "visit_record" ("completed_by_id");`);
    this.addSql(`create index "visit_record_reviewed_by_id_index" on "visit_record" ("reviewed_by_id");`);
    this.addSql(`create index "visit_record_recorded_by_id_index" on "visit_record" ("recorded_by_id");`);
    this.addSql(`create index "visit_record_dropout_case_id_index" on "visit_record" ("dropout_case_id");`);
    this.addSql(`create index "visit_record_satisfaction_index" on "visit_record" ("satisfaction");`);
    this.addSql(`create index "visit_record_status_expected_return_at_index" on "visit_record" ("status", "expected_return_at");`);

    this.addSql(`create table "visit_record_companions" ("visit_record_id" uuid not null, "staff_member_id" uuid not null, constraint "visit_record_companions_pkey" primary key ("visit_record_id", "staff_member_id"));`);

    this.addSql(`create table "parent_suggestion" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "visit_id" uuid not null, "content" text not null, "category" text check ("category" in ('TEACHING', 'MANAGEMENT', 'SAFETY', 'FEES', 'MEALS', 'HOMEWORK', 'FACILITIES', 'TEACHER_CONDUCT', 'OTHER')) not null, "answered_on_spot" boolean not null, "response" text null, "status" text check ("status" in ('ESCALATED', 'RESOLVED')) not null, "issue_scope" text check ("issue_scope" in ('COMMON', 'INDIVIDUAL')) not null, "handler_id" uuid null, "resolved_at" timestamptz null, constraint "parent_suggestion_pkey" primary key ("id"));`);
    this.addSql(`create index "parent_suggestion_created_at_index" on "parent_suggestion" ("created_at");`);
    this.addSql(`create index "parent_suggestion_updated_at_index" on "parent_suggestion" ("updated_at");`);
    this.addSql(`create index "parent_suggestion_bureau_id_index" on "parent_suggestion" ("bureau_id");`);
    this.addSql(`create index "parent_suggestion_visit_id_index" on "parent_suggestion" ("visit_id");`);
    this.addSql(`create index "parent_suggestion_category_index" on "parent_suggestion" ("category");`);
    this.addSql(`create index "parent_suggestion_status_index" on "parent_suggestion" ("status");`);
    this.addSql(`create index "parent_suggestion_issue_scope_index" on "parent_suggestion" ("issue_scope");`);
    this.addSql(`create index "parent_suggestion_handler_id_index" on "parent_suggestion" ("handler_id");`);
    this.addSql(`create index "parent_suggestion_resolved_at_index" on "parent_suggestion" ("resolved_at");`);
    this.addSql(`create index "parent_suggestion_content_trgm" on "parent_suggestion" using gin ("content" gin_trgm_ops);`);

    this.addSql(`create table "attachment" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "kind" text check ("kind" in ('EVIDENCE', 'PHOTO', 'FORM', 'OTHER')) not null, "file_name" text not null, "mime_type" text not null, "size" int not null, "sha256" text not null, "content" bytea not null, "dropout_case_id" uuid null, "visit_id" uuid null, "uploaded_by_id" uuid null, constraint "attachment_pkey" primary key ("id"));`);
    this.addSql(`create index "attachment_created_at_index" on "attachment" ("created_at");`);
    this.addSql(`create index "attachment_updated_at_index" on "attachment" ("updated_at");`);
    this.addSql(`create index "attachment_bureau_id_index" on "attachment" ("bureau_id");`);
    this.addSql(`create index "attachment_kind_index" on "attachment" ("kind");`);
    this.addSql(`create index "attachment_dropout_case_id_index" on "attachment" ("dropout_case_id");`);
    this.addSql(`create index "attachment_visit_id_index" on "attachment" ("visit_id");`);
    this.addSql(`create index "attachment_uploaded_by_id_index" on "attachment" ("uploaded_by_id");`);
    this.addSql(`create index "attachment_file_name_trgm" on "attachment" using gin ("file_name" gin_trgm_ops);`);

    this.addSql(`create table "assistance_item" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "student_id" uuid not null, "school_id" uuid null, "category" text check ("category" in ('LIVING_SUBSIDY', 'NUTRITION', 'FEE_WAIVER', 'GRANT', 'CONSOLATION_CASH', 'CONSOLATION_GOODS', 'SUPPLIES', 'DONATION')) not null, "cash_fen" int null, "goods_value_fen" int null, "description" text null, "funding_source" text check ("funding_source" in ('SCHOOL_AID_FUND', 'PUBLIC_FUNDS', 'FISCAL', 'SOCIAL_DONATION')) not null, "donor" text null, "date" date not null, "visit_id" uuid null, "school_year" text null, "semester" text check ("semester" in ('FIRST', 'SECOND')) null, "recorded_by_id" uuid null, constraint "assistance_item_pkey" primary key ("id"));`);
    this.addSql(`create index "assistance_item_created_at_index" on "assistance_item" ("created_at");`);
    this.addSql(`create index "assistance_item_updated_at_index" on "assistance_item" ("updated_at");`);
    this.addSql(`create index "assistance_item_bureau_id_index" on "assistance_item" ("bureau_id");`);
    this.addSql(`create index "assistance_item_student_id_index" on "assistance_item" ("student_id");`);
    this.addSql(`create index "assistance_item_school_id_index" on "assistance_item" ("school_id");`);
    this.addSql(`create index "assistance_item_category_index" on "assistance_item" ("category");`);
    this.addSql(`create index "assistance_item_funding_source_index" on "assistance_item" ("funding_source");`);
    this.addSql(`create index "assistance_item_date_index" on "assistance_item" ("date");`);
    this.addSql(`create index "assistance_item_visit_id_index" on "assistance_item" ("visit_id");`);
    this.addSql(`create index "assistance_item_school_year_index" on "assistance_item" ("school_year");`);
    this.addSql(`create index "assistance_item_semester_index" on "assistance_item" ("semester");`);
    this.addSql(`create index "assistance_item_recorded_by_id_index" on "assistance_item" ("recorded_by_id");`);

    this.addSql(`alter table "pairing" add constraint "pairing_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "campaign" add constraint "campaign_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "enrollment_check" add constraint "enrollment_check_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "enrollment_check" add constraint "enrollment_check_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "pairing_helpers" add constraint "pairing_helpers_pairing_id_foreign" foreign key ("pairing_id") references "pairing" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "pairing_helpers" add constraint "pairing_helpers_staff_member_id_foreign" foreign key ("staff_member_id") references "staff_member" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "roster_entry" add constraint "roster_entry_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "roster_entry" add constraint "roster_entry_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "roster_entry" add constraint "roster_entry_student_id_foreign" foreign key ("student_id") references "student" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "roster_entry" add constraint "roster_entry_assigned_staff_id_foreign" foreign key ("assigned_staff_id") references "staff_member" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "pairing_students" add constraint "pairing_students_pairing_id_foreign" foreign key ("pairing_id") references "pairing" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "pairing_students" add constraint "pairing_students_student_id_foreign" foreign key ("student_id") references "student" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "dropout_case" add constraint "dropout_case_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "dropout_case" add constraint "dropout_case_student_id_foreign" foreign key ("student_id") references "student" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "dropout_case" add constraint "dropout_case_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "dropout_case" add constraint "dropout_case_reporter_id_foreign" foreign key ("reporter_id") references "staff_member" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "dropout_case" add constraint "dropout_case_school_verifier_id_foreign" foreign key ("school_verifier_id") references "staff_member" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "care_check" add constraint "care_check_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "care_check" add constraint "care_check_student_id_foreign" foreign key ("student_id") references "student" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "care_check" add constraint "care_check_staff_id_foreign" foreign key ("staff_id") references "staff_member" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "visit_record" add constraint "visit_record_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "visit_record" add constraint "visit_record_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "visit_record" add constraint "visit_record_student_id_foreign" foreign key ("student_id") references "student" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "visit_record" add constraint "visit_record_visitor_id_foreign" foreign key ("visitor_id") references "staff_member" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "visit_record" add constraint "visit_record_departed_by_id_foreign" foreign key ("departed_by_id") references "user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "visit_record" add constraint "visit_record_completed_by_id_foreign" foreign key ("completed_by_id") references "user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "visit_record" add constraint "visit_record_reviewed_by_id_foreign" foreign key ("reviewed_by_id") references "user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "visit_record" add constraint "visit_record_recorded_by_id_foreign" foreign key ("recorded_by_id") references "user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "visit_record" add constraint "visit_record_dropout_case_id_foreign" foreign key ("dropout_case_id") references "dropout_case" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "visit_record_companions" add constraint "visit_record_companions_visit_record_id_foreign" foreign key ("visit_record_id") references "visit_record" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "visit_record_companions" add constraint "visit_record_companions_staff_member_id_foreign" foreign key ("staff_member_id") references "staff_member" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "parent_suggestion" add constraint "parent_suggestion_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "parent_suggestion" add constraint "parent_suggestion_visit_id_foreign" foreign key ("visit_id") references "visit_record" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "parent_suggestion" add constraint "parent_suggestion_handler_id_foreign" foreign key ("handler_id") references "staff_member" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "attachment" add constraint "attachment_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "attachment" add constraint "attachment_dropout_case_id_foreign" foreign key ("dropout_case_id") references "dropout_case" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "attachment" add constraint "attachment_visit_id_foreign" foreign key ("visit_id") references "visit_record" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "attachment" add constraint "attachment_uploaded_by_id_foreign" foreign key ("uploaded_by_id") references "user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "assistance_item" add constraint "assistance_item_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "assistance_item" add constraint "assistance_item_student_id_foreign" foreign key ("student_id") references "student" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "assistance_item" add constraint "assistance_item_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "assistance_item" add constraint "assistance_item_visit_id_foreign" foreign key ("visit_id") references "visit_record" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "assistance_item" add constraint "assistance_item_recorded_by_id_foreign" foreign key ("recorded_by_id") references "user" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "pairing_helpers" drop constraint "pairing_helpers_pairing_id_foreign";`);

    this.addSql(`alter table "pairing_students" drop constraint "pairing_students_pairing_id_foreign";`);

    this.addSql(`alter table "roster_entry" drop constraint "roster_entry_campaign_id_foreign";`);

    this.addSql(`alter table "visit_record" drop constraint "visit_record_campaign_id_foreign";`);

    this.addSql(`alter table "visit_record" drop constraint "visit_record_dropout_case_id_foreign";`);

    this.addSql(`alter table "attachment" drop constraint "attachment_dropout_case_id_foreign";`);

    this.addSql(`alter table "visit_record_companions" drop constraint "visit_record_companions_visit_record_id_foreign";`);

    this.addSql(`alter table "parent_suggestion" drop constraint "parent_suggestion_visit_id_foreign";`);

    this.addSql(`alter table "attachment" drop constraint "attachment_visit_id_foreign";`);

    this.addSql(`alter table "assistance_item" drop constraint "assistance_item_visit_id_foreign";`);

    this.addSql(`drop table if exists "pairing" cascade;`);

    this.addSql(`drop table if exists "campaign" cascade;`);

    this.addSql(`drop table if exists "enrollment_check" cascade;`);

    this.addSql(`drop table if exists "pairing_helpers" cascade;`);

    this.addSql(`drop table if exists "roster_entry" cascade;`);

    this.addSql(`drop table if exists "pairing_students" cascade;`);

    this.addSql(`drop table if exists "dropout_case" cascade;`);

    this.addSql(`drop table if exists "care_check" cascade;`);

    this.addSql(`drop table if exists "visit_record" cascade;`);

    this.addSql(`drop table if exists "visit_record_companions" cascade;`);

    this.addSql(`drop table if exists "parent_suggestion" cascade;`);

    this.addSql(`drop table if exists "attachment" cascade;`);

    this.addSql(`drop table if exists "assistance_item" cascade;`);
  }

}
