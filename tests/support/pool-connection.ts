import { Client } from 'pg';
import { createEmptyDatabase } from './database';
import { holdStatements } from '../../packages/api/src/db/held-statements';
import { capPrepared } from '../../packages/api/src/db/prepared-cap';

/** A connection to a new empty database, wrapped as the pool wraps its own (db/orm.ts): held statements, at most `maxPrepared` prepared. */
export async function wrappedConnection(maxPrepared: number): Promise<{ client: Client; close(): Promise<void> }> {
  const db = await createEmptyDatabase();
  const client = new Client({ connectionString: db.url });
  await client.connect();
  holdStatements(client);
  capPrepared(client, maxPrepared);
  return {
    client,
    close: async () => {
      await client.end();
      await db.drop();
    },
  };
}
