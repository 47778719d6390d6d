import { Migration } from '@mikro-orm/migrations';

// A one-time password (jiafang init) must be changed at first login.
export class Migration20261203170000_must_change_password extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "user" add column "must_change_password" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "user" drop column "must_change_password";`);
  }
}
