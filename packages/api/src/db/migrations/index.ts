import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122000000_extensions } from './Migration20261122000000_extensions';
import { Migration20261122213957_initial } from './Migration20261122213957_initial';
import { Migration20261122215601_name_sort } from './Migration20261122215601_name_sort';
import { Migration20261122220337_domain } from './Migration20261122220337_domain';
import { Migration20261122222320_class_teachers } from './Migration20261122222320_class_teachers';
import { Migration20261122222847_audit } from './Migration20261122222847_audit';
import { Migration20261122223211_api_tokens } from './Migration20261122223211_api_tokens';
import { Migration20261122235620_dropout_confirmed_on } from './Migration20261122235620_dropout_confirmed_on';
import { Migration20261123001000_idempotency } from './Migration20261123001000_idempotency';
import { Migration20261123010000_import_report } from './Migration20261123010000_import_report';
import { Migration20261124090000_user_token_version } from './Migration20261124090000_user_token_version';
import { Migration20261125090000_rate_limit } from './Migration20261125090000_rate_limit';
import { Migration20261203090000_pivot_indexes } from './Migration20261203090000_pivot_indexes';
import { Migration20261203170000_must_change_password } from './Migration20261203170000_must_change_password';
import { Migration20261203210000_visited_at } from './Migration20261203210000_visited_at';
import { Migration20261203220000_visit_transport } from './Migration20261203220000_visit_transport';
import { Migration20261204000000_enrollment_change } from './Migration20261204000000_enrollment_change';
import { Migration20261204000100_dropout_risk_facts } from './Migration20261204000100_dropout_risk_facts';
import { Migration20261204020000_household } from './Migration20261204020000_household';
import { Migration20261204030000_notifications } from './Migration20261204030000_notifications';
import { Migration20261204010000_documents } from './Migration20261204010000_documents';

/** Committed migrations, in order; listed explicitly so bundles and tests need no file globbing. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261122000000_extensions', class: Migration20261122000000_extensions },
  { name: 'Migration20261122213957_initial', class: Migration20261122213957_initial },
  { name: 'Migration20261122215601_name_sort', class: Migration20261122215601_name_sort },
  { name: 'Migration20261122220337_domain', class: Migration20261122220337_domain },
  { name: 'Migration20261122222320_class_teachers', class: Migration20261122222320_class_teachers },
  { name: 'Migration20261122222847_audit', class: Migration20261122222847_audit },
  { name: 'Migration20261122223211_api_tokens', class: Migration20261122223211_api_tokens },
  { name: 'Migration20261122235620_dropout_confirmed_on', class: Migration20261122235620_dropout_confirmed_on },
  { name: 'Migration20261123001000_idempotency', class: Migration20261123001000_idempotency },
  { name: 'Migration20261123010000_import_report', class: Migration20261123010000_import_report },
  { name: 'Migration20261124090000_user_token_version', class: Migration20261124090000_user_token_version },
  { name: 'Migration20261125090000_rate_limit', class: Migration20261125090000_rate_limit },
  { name: 'Migration20261203090000_pivot_indexes', class: Migration20261203090000_pivot_indexes },
  { name: 'Migration20261203170000_must_change_password', class: Migration20261203170000_must_change_password },
  { name: 'Migration20261203210000_visited_at', class: Migration20261203210000_visited_at },
  { name: 'Migration20261203220000_visit_transport', class: Migration20261203220000_visit_transport },
  { name: 'Migration20261204000000_enrollment_change', class: Migration20261204000000_enrollment_change },
  { name: 'Migration20261204000100_dropout_risk_facts', class: Migration20261204000100_dropout_risk_facts },
  { name: 'Migration20261204010000_documents', class: Migration20261204010000_documents },
  { name: 'Migration20261204020000_household', class: Migration20261204020000_household },
  { name: 'Migration20261204030000_notifications', class: Migration20261204030000_notifications },
];
