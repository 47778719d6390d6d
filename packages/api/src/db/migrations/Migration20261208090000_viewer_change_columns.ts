import { Migration } from '@mikro-orm/migrations';

/**
 * The columns of each table a request's viewer is built from (http/viewer.ts), where the viewer
 * reads only some: an update notifies only when it sets one of them. The pivot tables
 * (school_class_teachers, pairing_helpers, pairing_students) are read whole and notify on every
 * change. tests/api/viewer-cache.test.ts checks that every column the viewer's statement reads is
 * here.
 */
export const VIEWER_COLUMNS: Record<string, string[]> = {
  // password_hash: its row trigger (user_token_version) sets token_version, which an UPDATE's own list does not name.
  user: ['id', 'username', 'display_name', 'role', 'bureau_id', 'school_id', 'staff_id', 'token_version', 'must_change_password', 'active', 'password_hash'],
  school: ['id', 'parent_school_id'],
  school_class: ['id', 'head_teacher_id'],
  student: ['id', 'class_id'],
  dropout_case: ['student_id', 'school_id', 'reporter_id', 'status'],
};

// Every update of these tables notified, and every process then forgot every user it
// remembered: a clerk's edit of a child's note or address, a login's last_login_at, a school's
// renaming. Now only a change to what a viewer is built from does, as for API tokens.
export class Migration20261208090000_viewer_change_columns extends Migration {
  override async up(): Promise<void> {
    for (const [table, columns] of Object.entries(VIEWER_COLUMNS)) {
      this.addSql(`drop trigger viewer_changes on "${table}";`);
      this.addSql(
        `create trigger viewer_changes after insert or update of ${columns.map((c) => `"${c}"`).join(', ')} or delete or truncate on "${table}" for each statement execute function notify_viewer_changes();`,
      );
    }
  }
}
