import { Migration } from '@mikro-orm/migrations';

// A school's list counts its students from an index alone (student_school_lists_counted) only over
// pages the visibility map marks all-visible, and any edit of a student clears its page's mark
// until a vacuum. At PostgreSQL's defaults a county of 100,000 students is vacuumed after 20,050
// edits, weeks of a bureau's work; after 1,000 edits every count of a school read most rows from
// the table again (a list page of a school's girls: 1.00 ms -> 1.39 on one connection). Vacuumed
// after 250 edits or new students, it stays an index's read.
export class Migration20261211090000_student_vacuumed_often extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "student" set (autovacuum_vacuum_scale_factor = 0.002, autovacuum_vacuum_insert_scale_factor = 0.002);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "student" reset (autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor);`);
  }
}
