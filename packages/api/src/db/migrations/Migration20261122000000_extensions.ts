import { Migration } from '@mikro-orm/migrations';

/** Trigram indexes make `q` (substring search on names and numbers) fast on large rosters. */
export class Migration20261122000000_extensions extends Migration {
  override async up(): Promise<void> {
    this.addSql('create extension if not exists pg_trgm;');
  }

  override async down(): Promise<void> {
    this.addSql('drop extension if exists pg_trgm;');
  }
}
