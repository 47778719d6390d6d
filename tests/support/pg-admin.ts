import { Client } from 'pg';

// Plain pg, no MikroORM: global setup and teardown run outside jest's sandbox, where loading
// the ORM would leave metadata the sandboxed copy trips over (mikro-orm issue #3783).

export function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  return withClient(process.env.JIAFANG_TEST_ADMIN_URL!, fn);
}

/** A connection of its own (a test's competing session), closed afterwards. */
export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function adminQuery(sql: string): Promise<void> {
  return withAdmin(async (c) => void (await c.query(sql)));
}
