// Browser tests: the built admin in Debian's Chromium (driven by playwright-core) against the
// real server and database. Run by `pnpm test` after the unit and API tests.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/tests/browser'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 120_000,
  maxWorkers: 1,
};
