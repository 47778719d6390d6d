import { Migration } from '@mikro-orm/migrations';

// 提醒, 推送渠道 and 推送记录 (issue 17): reminders raised by the scheduler (pg-boss keeps its own
// tables in the pgboss schema, created by pg-boss at start); one reminder per person and fact.
export class Migration20261204030000_notifications extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "notification_channel" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "name" text not null, "kind" text check ("kind" in ('WECOM_ROBOT', 'DINGTALK_ROBOT', 'EMAIL', 'WEBHOOK')) not null, "school_id" uuid null, "address" text not null, "address_hint" text null, "signing_key" text null, "kinds" text[] not null default '{}', "active" boolean not null, constraint "notification_channel_pkey" primary key ("id"));`);
    this.addSql(`create index "notification_channel_created_at_index" on "notification_channel" ("created_at");`);
    this.addSql(`create index "notification_channel_updated_at_index" on "notification_channel" ("updated_at");`);
    this.addSql(`create index "notification_channel_bureau_id_index" on "notification_channel" ("bureau_id");`);
    this.addSql(`create index "notification_channel_school_id_index" on "notification_channel" ("school_id");`);
    this.addSql(`create table "notification_delivery" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "channel_id" uuid not null, "kind" text check ("kind" in ('VISIT_OVERDUE', 'SUGGESTION_UNANSWERED', 'CASE_SIGNOFF', 'CAMPAIGN_ENDING', 'CHANNEL_TEST')) not null, "text" text not null, "status" text check ("status" in ('PENDING', 'SENT', 'FAILED')) not null, "attempts" int not null, "last_error" text null, "sent_at" timestamptz null, "fact_keys" text[] not null default '{}', constraint "notification_delivery_pkey" primary key ("id"));`);
    this.addSql(`create index "notification_delivery_created_at_index" on "notification_delivery" ("created_at");`);
    this.addSql(`create index "notification_delivery_updated_at_index" on "notification_delivery" ("updated_at");`);
    this.addSql(`create index "notification_delivery_bureau_id_index" on "notification_delivery" ("bureau_id");`);
    this.addSql(`create index "notification_delivery_channel_id_index" on "notification_delivery" ("channel_id");`);
    this.addSql(`create index "notification_delivery_kind_index" on "notification_delivery" ("kind");`);
    this.addSql(`create index "notification_delivery_status_index" on "notification_delivery" ("status");`);
    this.addSql(`create index "notification_delivery_fact_keys_gin" on "notification_delivery" using gin ("fact_keys");`);
    this.addSql(`create table "notification" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "recipient_id" uuid not null, "kind" text check ("kind" in ('VISIT_OVERDUE', 'SUGGESTION_UNANSWERED', 'CASE_SIGNOFF', 'CAMPAIGN_ENDING', 'CHANNEL_TEST')) not null, "title" text not null, "body" text not null, "school_id" uuid null, "subject_type" text null, "subject_id" text null, "fact_key" text not null, "read_at" timestamptz null, constraint "notification_pkey" primary key ("id"));`);
    this.addSql(`create index "notification_created_at_index" on "notification" ("created_at");`);
    this.addSql(`create index "notification_updated_at_index" on "notification" ("updated_at");`);
    this.addSql(`create index "notification_bureau_id_index" on "notification" ("bureau_id");`);
    this.addSql(`create index "notification_recipient_id_index" on "notification" ("recipient_id");`);
    this.addSql(`create index "notification_kind_index" on "notification" ("kind");`);
    this.addSql(`create index "notification_school_id_index" on "notification" ("school_id");`);
    this.addSql(`create index "notification_read_at_index" on "notification" ("read_at");`);
    this.addSql(`alter table "notification" add constraint "notification_recipient_id_fact_key_unique" unique ("recipient_id", "fact_key");`);
    this.addSql(`alter table "notification_channel" add constraint "notification_channel_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "notification_channel" add constraint "notification_channel_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "notification_delivery" add constraint "notification_delivery_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "notification_delivery" add constraint "notification_delivery_channel_id_foreign" foreign key ("channel_id") references "notification_channel" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "notification" add constraint "notification_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "notification" add constraint "notification_recipient_id_foreign" foreign key ("recipient_id") references "user" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "notification" add constraint "notification_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade on delete set null;`);
  }
}
