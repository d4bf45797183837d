/**
 * The tests that start, kill -9 and restart a real MongoDB-compatible server process
 * (test/real-server). `npm run test:servers` runs them with CVM_TEST_SERVER_START set; without it
 * they fail rather than pass.
 * @type {import('jest').Config}
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/real-server'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 120000,
  // One file at a time: each starts, stops and kills a server of its own, and the time bounds of
  // one would otherwise measure the CPU that another's server and write loops take.
  maxWorkers: 1,
};
