import { Migration } from '@mikro-orm/migrations';

// Idempotency keys of bulk writes: internal, not a resource of the API.
export class Migration20261123001000_idempotency extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "idempotency_record" ("bureau_id" uuid not null, "key" text not null, "operation" text not null, "request_hash" text not null, "outcome" jsonb not null, "user_id" uuid null, "created_at" timestamptz not null, constraint "idempotency_record_pkey" primary key ("bureau_id", "key"));`);
    this.addSql(`create index "idempotency_record_created_at_index" on "idempotency_record" ("created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "idempotency_record";`);
  }
}
