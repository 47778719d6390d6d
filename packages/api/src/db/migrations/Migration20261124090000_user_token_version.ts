import { Migration } from '@mikro-orm/migrations';

// Login tokens carry the user's token version; changing the password or disabling the account
// raises it, revoking every token issued before. A trigger, so that every writer (the API's
// mutations, bulk writes, imports, SQL by hand) revokes alike.
export class Migration20261124090000_user_token_version extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "user" add column "token_version" int not null default 1;`);
    this.addSql(`create or replace function "user_token_version"() returns trigger language plpgsql as $$
begin
  if new.password_hash is distinct from old.password_hash or (old.active and not new.active) then
    new.token_version := greatest(new.token_version, old.token_version + 1);
  end if;
  return new;
end $$;`);
    this.addSql(`create trigger "user_token_version" before update of "password_hash", "active" on "user" for each row execute function "user_token_version"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "user_token_version" on "user";`);
    this.addSql(`drop function if exists "user_token_version"();`);
    this.addSql(`alter table "user" drop column "token_version";`);
  }
}
