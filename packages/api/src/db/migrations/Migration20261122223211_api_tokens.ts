import { Migration } from '@mikro-orm/migrations';

export class Migration20261122223211_api_tokens extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "api_token" ("id" uuid not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "bureau_id" uuid not null, "name" text not null, "prefix" text not null, "token_hash" text not null, "expires_at" timestamptz null, "revoked_at" timestamptz null, "last_used_at" timestamptz null, "created_by_id" uuid null, constraint "api_token_pkey" primary key ("id"));`);
    this.addSql(`create index "api_token_created_at_index" on "api_token" ("created_at");`);
    this.addSql(`create index "api_token_updated_at_index" on "api_token" ("updated_at");`);
    this.addSql(`create index "api_token_bureau_id_index" on "api_token" ("bureau_id");`);
    this.addSql(`alter table "api_token" add constraint "api_token_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "api_token_created_by_id_index" on "api_token" ("created_by_id");`);
    this.addSql(`create index "api_token_name_trgm" on "api_token" using gin ("name" gin_trgm_ops);`);

    this.addSql(`alter table "api_token" add constraint "api_token_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "api_token" add constraint "api_token_created_by_id_foreign" foreign key ("created_by_id") references "user" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "api_token" cascade;`);
  }

}
