import { Migration } from '@mikro-orm/migrations';

// Error reports of spreadsheet imports (GET /import/reports/<id>.xlsx): internal, not a resource
// of the API; kept seven days, readable by the user who ran the import.
export class Migration20261123010000_import_report extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "import_report" ("id" uuid not null, "bureau_id" uuid not null, "created_by" uuid null, "created_at" timestamptz not null default now(), "resource" text not null, "file_name" text not null, "rows" int not null, "content" bytea not null, constraint "import_report_pkey" primary key ("id"));`);
    this.addSql(`alter table "import_report" add constraint "import_report_bureau_id_foreign" foreign key ("bureau_id") references "bureau" ("id") on delete cascade;`);
    this.addSql(`create index "import_report_created_at_index" on "import_report" ("created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "import_report";`);
  }
}
