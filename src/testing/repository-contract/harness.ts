import type { StorageRepositories } from '../../repositories/storage-connection';

/**
 * What the suite needs from a test runner: Jest, Vitest, Mocha, `node:test` and Bun all provide
 * `describe` and `it` with these signatures. Assertions use `node:assert`, so no runner's
 * `expect` is needed.
 */
export interface ContractRunner {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>): void;
}

/**
 * Connected repositories of one backend, and how to let them go: those an adapter hands out
 * (`adapter.repositories`), which check every call as the adapter does; a backend's own
 * repositories only read and write, checking none of that.
 */
export interface OpenedRepositories {
  repositories: StorageRepositories;
  /** Disconnects; called once by the suite at the end of each test. */
  close(): Promise<void>;
}

export interface RepositoryHarness {
  /** Connected repositories on a fresh, empty store; the suite calls it once per test. */
  open(): Promise<OpenedRepositories>;
  /**
   * A second set of connected repositories on the store of the latest open(), with nothing
   * shared in memory (another adapter, as another process would have): races between the two
   * prove atomicity in the store itself.
   */
  openSameStore(): Promise<OpenedRepositories>;
  /** Removes what the latest open() made; called after each test when given. */
  cleanup?(): Promise<void>;
}

/** Runs `test` with fresh repositories (and a second set on the same store when asked for), then closes them. */
export async function withStore(
  harness: RepositoryHarness,
  test: (repositories: StorageRepositories, other: () => Promise<StorageRepositories>) => Promise<void>,
): Promise<void> {
  const opened: OpenedRepositories[] = [];
  try {
    const first = await harness.open();
    opened.push(first);
    await test(first.repositories, async () => {
      const second = await harness.openSameStore();
      opened.push(second);
      return second.repositories;
    });
  } finally {
    for (const set of opened.reverse()) await set.close();
    await harness.cleanup?.();
  }
}
