import type { EntityDictionary, NativeInsertUpdateManyOptions, QueryResult } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { withNext } from './held-statements';

/**
 * The unit of work's inserts that ask nothing back (no RETURNING: every value, the version too, is
 * set before the flush) are held and sent with the transaction's next statement, as the audit rows
 * are (db/held-statements.ts): a create's BEGIN, row, audit rows and COMMIT go in one message.
 * Outside a transaction a held statement is sent at once.
 */
export class HeldInsertDriver extends PostgreSqlDriver {
  override nativeInsertMany<T extends object>(
    entityName: string,
    data: EntityDictionary<T>[],
    options?: NativeInsertUpdateManyOptions<T>,
    transform?: (sql: string) => string,
  ): Promise<QueryResult<T>> {
    // The version is the one value asked back, and a new row's is 1 (BaseEntity sets it so).
    const hold = (sql: string) => {
      const plain = sql.replace(/ returning "version"$/, '');
      return / returning /.test(plain) ? sql : withNext(plain);
    };
    return super.nativeInsertMany(entityName, data, options, (sql: string) => hold(transform ? transform(sql) : sql));
  }
}
