import { Migration } from '@mikro-orm/migrations';

// 操作日志 names the record it speaks of (issue 17): the record's name as written, since the record
// may be renamed or deleted later. Older events keep none.
export class Migration20261205090000_audit_record_label extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "audit_event" add column "record_label" text null;`);
  }
}
