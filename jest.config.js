/**
 * What `npm run test:quick` (CVM_TEST_QUICK=1) leaves out, for an edit loop under 30 s: the
 * MongoDB backend and stand-in suites, the cross-process and reliability suites, the command-line
 * tool and its web inspector (a browser), the Nest module, the example apps, the memory backend's run of the storage contract, and the files that start processes or compile with tsc.
 * It keeps the unit tests and the file backend (its storage and repository contracts with relaxed
 * durability). `npm test` runs everything.
 */
const LEFT_OUT_OF_QUICK = [
  '<rootDir>/test/mongo-backend/',
  '<rootDir>/test/mongo-standin/',
  '<rootDir>/test/reliability/',
  '<rootDir>/test/cli/',
  '<rootDir>/test/inspector/',
  '<rootDir>/examples/',
  'multi-writer-contract\\.test\\.ts$',
  '<rootDir>/test/file-backend/unwritable-data-folder\\.test\\.ts$',
  '<rootDir>/test/masking/connection-errors\\.test\\.ts$',
  '<rootDir>/test/types/original-cvm-types\\.test\\.ts$',
  '<rootDir>/test/exports/',
  '<rootDir>/test/nest/',
  '<rootDir>/test/docs/code-blocks\\.test\\.ts$',
  // The storage contract again, on the memory backend (the file backend's stays), and the example
  // apps on a MongoDB stand-in that goes away.
  '<rootDir>/test/memory-backend/contract\\.test\\.ts$',
  '<rootDir>/test/http/server-gone\\.test\\.ts$',
];

/** @type {import('jest').Config} */
module.exports = {
  // Jest's node environment; CVM_TEST_PROBE=<file> logs each file's CPU and the resources it left active.
  testEnvironment: '<rootDir>/test/support/probe-environment.cjs',
  // Without timings from an earlier run (a fresh clone), the longest files start first.
  testSequencer: '<rootDir>/test/support/long-files-first.cjs',
  roots: ['<rootDir>/test', '<rootDir>/examples'],
  testMatch: ['**/*.test.ts'],
  // Needs a real server process started by the test itself: run by `npm run test:servers` only.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/real-server/', ...(process.env.CVM_TEST_QUICK === '1' ? LEFT_OUT_OF_QUICK : [])],
  // Transpile only, with SWC (test/support/swc-options.cjs): ts-jest, even transpiling only, cost
  // every worker the TypeScript compiler, about as much CPU as the adapter and validation suites' tests.
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...require('./test/support/swc-options.cjs'), sourceMaps: 'inline' }],
  },
  setupFiles: ['reflect-metadata'],
  // A temp folder per run, where the library is transpiled once for the suites that start
  // processes (test/support/transpiled-folders.ts).
  globalSetup: '<rootDir>/test/support/run-folder-setup.cjs',
  globalTeardown: '<rootDir>/test/support/run-folder-teardown.cjs',
  // One worker per core (jest's default leaves one core to itself, which idles): on a 2-core
  // machine two test files run at once.
  maxWorkers: '100%',
  testTimeout: 30000,
  // The it.concurrent tests of a file run in one wave: masking/connection-errors.test.ts has 36
  // that each wait for a server selection, 5 s for those whose URL parses.
  maxConcurrency: 40,
};
