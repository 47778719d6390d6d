// Import rules of packages/api, checked by `pnpm lint:deps` (part of `pnpm typecheck`).
const CORE = '^packages/api/src/core/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'scope-only-in-gateway',
      comment:
        'Row reach is applied in one place, the data gateway (core/data): other code reads through ctx.data / ctx.scoped ' +
        '(core/data/scoped-orm.ts) and asks core/data/viewer-reach.ts, never the scope functions or the reach kinds (issue 14).',
      severity: 'error',
      from: {
        pathNot: [`${CORE}(data|access)/`],
      },
      to: { path: [`${CORE}access/scope\\.ts$`, `${CORE}data/reach\\.ts$`] },
    },
    {
      name: 'core-independent-of-domain',
      comment:
        'core/ depends on nothing in the domain folders: the policy is handed to it at start-up (src/registry.ts installs ' +
        'src/policy.ts), entities are named, not imported, and its own tests use resources of their own (issue 14).',
      severity: 'error',
      from: { path: CORE },
      // Outside core it may use only the leaf SQL helpers of db/ (they import nothing of the application).
      to: { path: '^packages/api/src/', pathNot: ['^packages/api/src/core/', '^packages/api/src/db/(knex|copy|analyze|error-log|query-log|run-sql|held-statements|prepared-statements|statement-pipeline)\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count too: they tie the modules together just the same.
    tsPreCompilationDeps: true,
  },
};
