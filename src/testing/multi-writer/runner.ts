/** What the multi-writer suites need from a test runner: Jest, Vitest, Mocha, `node:test` and Bun all have these. */
export interface MultiWriterRunner {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>): void;
}
