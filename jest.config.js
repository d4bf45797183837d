/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/examples'],
  testMatch: ['**/*.test.ts'],
  // Needs a real server process started by the test itself: run by `npm run test:servers` only.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/real-server/'],
  // Transpile only (tsconfig.jest.json sets isolatedModules): type errors are `npm run typecheck`'s
  // job, which CI runs before `npm test`. Type-checking every test file here took most of the run.
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  setupFiles: ['reflect-metadata'],
  // One worker per core (jest's default leaves one core to itself, which idles): on a 2-core
  // machine two test files run at once.
  maxWorkers: '100%',
  testTimeout: 30000,
};
