import { Migration } from '@mikro-orm/migrations';

/**
 * The tables a request's viewer is built from (http/viewer.ts: the user, and the schools and
 * students its reach names). tests/api/viewer-cache.test.ts checks that every table the viewer's
 * statement reads is here.
 */
export const VIEWER_TABLES = ['user', 'school', 'school_class', 'school_class_teachers', 'student', 'pairing_helpers', 'pairing_students', 'dropout_case'];

// Each process remembers user rows between requests and forgets them when told (http/viewer-cache.ts).
// One notification per statement and transaction: PostgreSQL folds equal ones of a transaction.
export class Migration20261206090000_viewer_changes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function notify_viewer_changes() returns trigger language plpgsql as $$
begin
  perform pg_notify('jiafang_viewer_changes', '');
  return null;
end $$;`);
    for (const table of VIEWER_TABLES) {
      this.addSql(`create trigger viewer_changes after insert or update or delete or truncate on "${table}" for each statement execute function notify_viewer_changes();`);
    }
  }
}
