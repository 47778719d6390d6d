import { Migration } from '@mikro-orm/migrations';

// Request counts of RATE_LIMIT_STORE=postgres (rate-limiter-flexible's table, made here so the
// first requests after a start are counted too): internal, not a resource of the API.
export class Migration20261125090000_rate_limit extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "rate_limit" ("key" varchar(255) primary key, "points" integer not null default 0, "expire" bigint);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rate_limit";`);
  }
}
