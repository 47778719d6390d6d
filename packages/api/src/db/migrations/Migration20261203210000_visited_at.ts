import { Migration } from '@mikro-orm/migrations';

// 家访时间: when a visit happened, given when it is entered late. Done visits so far take their
// departure (a visit at home) or their completion (the rest), the times the counts went by.
export class Migration20261203210000_visited_at extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "visit_record" add column "visited_at" timestamptz null;`);
    this.addSql(`update "visit_record" set "visited_at" = case when "form" = 'IN_PERSON' then coalesce("departed_at", "completed_at") else "completed_at" end where "completed_at" is not null;`);
    this.addSql(`create index "visit_record_visited_at_index" on "visit_record" ("visited_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "visit_record_visited_at_index";`);
    this.addSql(`alter table "visit_record" drop column "visited_at";`);
  }
}
