import { Migration } from '@mikro-orm/migrations';

// 档案资料: the 控辍保学 archive of 002 附件2-2 (eight boxes), with its files as attachments.
export class Migration20261204010000_documents extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "document" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "school_id" uuid null, "campaign_id" uuid null, "box" text check ("box" in ('REGULATIONS', 'RESPONSIBILITY', 'SCHOOL_AGE_LEDGER', 'MONTHLY_REPORTS', 'ENROLLMENT', 'SPECIAL_GROUPS', 'DROPOUT_PERSUASION', 'PUBLICITY')) not null, "item" text check ("item" in ('POLICY_FILES', 'SCHEME_AND_LEADERSHIP', 'TERM_PLANS', 'AGREEMENT_DIRECTOR_PRINCIPAL', 'AGREEMENT_CENTRAL_TEACHING_POINT', 'AGREEMENT_PRINCIPAL_HEAD_TEACHER', 'AGREEMENT_PRINCIPAL_TEACHER', 'AGREEMENT_HEAD_TEACHER_PARENT', 'SURVEY_REPORT', 'SURVEY_TABLE', 'SURVEY_ROSTER', 'SPECIAL_SITUATION_ROSTER', 'SURVEY_EVIDENCE', 'MONTHLY_REPORT', 'SYSTEM_EXPORT', 'ENROLLMENT_RULES', 'GRADUATE_ROSTER', 'STUDENT_ROSTER', 'ENROLLMENT_CHANGES', 'REGISTRY_MISMATCH', 'SPECIAL_GROUP_CARE', 'HOME_TEACHING_ROSTER', 'HOME_TEACHING_RECORDS', 'SUSPECTED_ROSTER', 'PERSUASION_RECORDS', 'MEETINGS_AND_PUBLICITY', 'PARENT_PUBLICITY')) not null, "school_year" text not null, "semester" text check ("semester" in ('FIRST', 'SECOND')) null, "title" text not null, "party_a" text null, "party_b" text null, "signed_on" date null, "note" text null, constraint "document_pkey" primary key ("id"));`);
    this.addSql(`create index "document_created_at_index" on "document" ("created_at");`);
    this.addSql(`create index "document_updated_at_index" on "document" ("updated_at");`);
    this.addSql(`create index "document_bureau_id_index" on "document" ("bureau_id");`);
    this.addSql(`create index "document_school_id_index" on "document" ("school_id");`);
    this.addSql(`create index "document_campaign_id_index" on "document" ("campaign_id");`);
    this.addSql(`create index "document_box_index" on "document" ("box");`);
    this.addSql(`create index "document_item_index" on "document" ("item");`);
    this.addSql(`create index "document_school_year_index" on "document" ("school_year");`);
    this.addSql(`create index "document_semester_index" on "document" ("semester");`);
    this.addSql(`create index "document_signed_on_index" on "document" ("signed_on");`);
    this.addSql(`create index "document_title_trgm" on "document" using gin ("title" gin_trgm_ops);`);
    this.addSql(`alter table "document" add constraint "document_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "document" add constraint "document_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "document" add constraint "document_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "attachment" add column "document_id" uuid null;`);
    this.addSql(`create index "attachment_document_id_index" on "attachment" ("document_id");`);
    this.addSql(`alter table "attachment" add constraint "attachment_document_id_foreign" foreign key ("document_id") references "document" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "attachment" drop constraint "attachment_document_id_foreign";`);
    this.addSql(`alter table "attachment" drop column "document_id";`);
    this.addSql(`drop table if exists "document" cascade;`);
  }
}
