// The PostGraphile 5 side of `pnpm bench:race`, run as its own process by the Node 24 binary of
// the `node` npm package (PostGraphile 5 needs Node >= 22), which runs this file as it is
// (Node's built-in type stripping: erasable TypeScript only). PostGraphile as a PostgreSQL team
// would run it out of the box: the amber preset over the public schema, connected as the database
// owner, no access rules. The one addition is the connection-filter plugin, so the teacher runs can
// restrict PostGraphile to the teacher's student ids (`filter: { id: { in: [...] } }`): amber's
// `condition` has equality only. And one smart tag: PostGraphile offers filters only on indexed
// columns, and `student.gender` has no index of its own (half the roster per value, see
// roster/student.entity.ts), so the tag `isIndexed` lets the list page filter by it, as
// PostGraphile's documentation advises for such a column.
//
// Environment: DATABASE_URL, PORT, DB_POOL_MAX (default 10, Jiafang's default pool size).
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { PostGraphileConnectionFilterPreset } from 'postgraphile-plugin-connection-filter';
import { jsonPgSmartTags } from 'postgraphile/utils';

const connectionString = process.env.DATABASE_URL;
const port = Number(process.env.PORT);
if (!connectionString || !port) throw new Error('DATABASE_URL and PORT are required');

const preset: GraphileConfig.Preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
  plugins: [jsonPgSmartTags({ version: 1, config: { class: { student: { attribute: { gender: { tags: { isIndexed: true } } } } } } })],
  pgServices: [makePgService({ connectionString, schemas: ['public'], poolConfig: { max: Number(process.env.DB_POOL_MAX ?? 10) } })],
  grafserv: { port, graphqlPath: '/graphql', graphiql: false, watch: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on('error', (e) => {
  console.error(e);
  process.exit(1);
});
await serv.addTo(server);
// Build the schema now, so the first timed request does not pay for it.
await pgl.getSchema();
server.listen(port, '127.0.0.1', () => console.log(`PostGraphile listening on http://127.0.0.1:${port}/graphql`));

const stop = () => {
  server.close();
  server.closeAllConnections();
  void Promise.resolve(pgl.release()).finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
