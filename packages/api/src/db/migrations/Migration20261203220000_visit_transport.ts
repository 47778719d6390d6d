import { Migration } from '@mikro-orm/migrations';

// 出行方式 in the safety report of a visit at home (000 六(一), 001).
export class Migration20261203220000_visit_transport extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "visit_record" add column "transport" text check ("transport" in ('WALKING', 'SCHOOL_VEHICLE', 'PUBLIC_TRANSPORT', 'LICENSED_HIRE', 'OWN_VEHICLE', 'OTHER')) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "visit_record" drop column "transport";`);
  }
}
