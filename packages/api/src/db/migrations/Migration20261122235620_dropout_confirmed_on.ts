import { Migration } from '@mikro-orm/migrations';

export class Migration20261122235620_dropout_confirmed_on extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "dropout_case" add column "confirmed_on" date null;`);
    this.addSql(`create index "dropout_case_confirmed_on_index" on "dropout_case" ("confirmed_on");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "dropout_case_confirmed_on_index";`);
    this.addSql(`alter table "dropout_case" drop column "confirmed_on";`);
  }

}
