import { Migration } from '@mikro-orm/migrations';

/** The columns of an API token a request is built from (http/context.ts); last_used_at is not one. */
export const TOKEN_COLUMNS = ['bureau_id', 'name', 'prefix', 'token_hash', 'expires_at', 'revoked_at'];

// API tokens are remembered between requests like users (http/viewer-cache.ts): a token created,
// revoked or deleted notifies; using one (last_used_at, once a minute) does not.
export class Migration20261207100000_api_token_changes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create trigger viewer_changes after insert or update of ${TOKEN_COLUMNS.map((c) => `"${c}"`).join(', ')} or delete or truncate on "api_token" for each statement execute function notify_viewer_changes();`,
    );
  }
}
