import { FileStorageAdapter } from '../../src';
import { QueryIndex } from '../../src/repositories/file/query-index';
import type { Execution } from '../../src/types';
import { makeExecution, useConnectedFileAdapters, useTempDir } from '../support/fixtures';

/**
 * A query page is chosen from the query index; another process may change a record
 * between that and the read. Forced here: right after the index is brought up to date, a second
 * adapter on the same folder (its own store, as another process) flips records to RUNNING.
 */
describe('file backend: a query page holds only records that match when read', () => {
  const dir = useTempDir();
  afterEach(() => jest.restoreAllMocks());
  const connected = useConnectedFileAdapters(dir);

  const idOf = (index: number) => `run-${String(index).padStart(2, '0')}`;
  const completed = (index: number): Execution => makeExecution({ id: idOf(index), state: 'COMPLETED', created: new Date(Date.UTC(2026, 0, 1, 0, index)) });

  /** The first time the index is brought up to date, `writer` flips these records to RUNNING before the page is read. */
  function flipAfterListing(writer: FileStorageAdapter, flipped: number[]): void {
    const refresh = QueryIndex.prototype.refresh;
    let done = false;
    jest.spyOn(QueryIndex.prototype, 'refresh').mockImplementation(async function (this: QueryIndex, read) {
      await refresh.call(this, read);
      if (!done) {
        done = true;
        for (const index of flipped) await writer.saveExecution({ ...completed(index), state: 'RUNNING' });
      }
    });
  }

  it('records flipped after the listing are left out, and the page is still full', async () => {
    const reader = await connected();
    const writer = await connected();
    for (let index = 0; index < 30; index++) await reader.saveExecution(completed(index));
    await reader.queryExecutions({ state: 'COMPLETED' });
    flipAfterListing(writer, [0, 1, 2, 3, 4, 12]);
    const page = await reader.queryExecutions({ state: 'COMPLETED', limit: 10 });
    expect(page.executions.map((execution) => execution.id)).toStrictEqual([5, 6, 7, 8, 9, 10, 11, 13, 14, 15].map(idOf));
    expect(page.executions.every((execution) => execution.state === 'COMPLETED')).toBe(true);
    const rest = await reader.queryExecutions({ state: 'COMPLETED', limit: 100, after: page.next });
    expect(rest.executions.map((execution) => execution.id)).toStrictEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29].map(idOf));
    expect(rest.next).toBeNull();
  });

  it('a walk while every other record flips misses no record that matched throughout and repeats none', async () => {
    const reader = await connected();
    const writer = await connected();
    for (let index = 0; index < 30; index++) await reader.saveExecution(completed(index));
    await reader.queryExecutions({ state: 'COMPLETED' });
    flipAfterListing(writer, Array.from({ length: 15 }, (_, index) => index * 2));
    const seen: Execution[] = [];
    let after: string | null = null;
    do {
      const page: { executions: Execution[]; next: string | null } = await reader.queryExecutions({ state: 'COMPLETED', limit: 4, after });
      seen.push(...page.executions);
      after = page.next;
    } while (after !== null);
    expect(seen.map((execution) => execution.id)).toStrictEqual(Array.from({ length: 15 }, (_, index) => idOf(index * 2 + 1)));
  });
});
