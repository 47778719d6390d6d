import { Migration } from '@mikro-orm/migrations';

// 三比对's check date (the roll is counted as of it) and what a visit found that puts schooling
// at risk (辍学风险预警, 002 四(五)).
export class Migration20261204000100_dropout_risk_facts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "enrollment_check" add column "checked_on" date null;`);
    this.addSql(`alter table "visit_record" add column "dropout_signs" text[] not null default '{}';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "visit_record" drop column "dropout_signs";`);
    this.addSql(`alter table "enrollment_check" drop column "checked_on";`);
  }
}
