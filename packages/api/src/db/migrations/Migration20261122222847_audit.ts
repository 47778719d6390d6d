import { Migration } from '@mikro-orm/migrations';

export class Migration20261122222847_audit extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_event" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "actor_id" uuid null, "actor_name" text not null, "role" text null, "action" text check ("action" in ('CREATE', 'UPDATE', 'STATE_CHANGE', 'DELETE', 'VIEW', 'LOGIN')) not null, "resource" text not null, "record_id" text null, "record_ids" jsonb null, "fields" jsonb not null, "before" jsonb null, "after" jsonb null, "request_id" text null, constraint "audit_event_pkey" primary key ("id"));`);
    this.addSql(`create index "audit_event_created_at_index" on "audit_event" ("created_at");`);
    this.addSql(`create index "audit_event_updated_at_index" on "audit_event" ("updated_at");`);
    this.addSql(`create index "audit_event_bureau_id_index" on "audit_event" ("bureau_id");`);
    this.addSql(`create index "audit_event_actor_id_index" on "audit_event" ("actor_id");`);
    this.addSql(`create index "audit_event_actor_name_index" on "audit_event" ("actor_name");`);
    this.addSql(`create index "audit_event_action_index" on "audit_event" ("action");`);
    this.addSql(`create index "audit_event_resource_index" on "audit_event" ("resource");`);
    this.addSql(`create index "audit_event_record_id_index" on "audit_event" ("record_id");`);
    this.addSql(`create index "audit_event_request_id_index" on "audit_event" ("request_id");`);

    this.addSql(`alter table "audit_event" add constraint "audit_event_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "audit_event" add constraint "audit_event_actor_id_foreign" foreign key ("actor_id") references "user" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_event" cascade;`);
  }

}
