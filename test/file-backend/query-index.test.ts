import { RepositoryStorageAdapter } from '../../src/backend';
import { createFileBackend, FileStore } from '../../src/repositories/file';
import { makeExecution, useTempDir } from '../support/fixtures';

/** An adapter whose store trusts file times at once (as if every file had settled), with its readJson calls counted. */
function settledAdapter(dataDir: string): { adapter: RepositoryStorageAdapter; reads: () => number } {
  const adapter = new RepositoryStorageAdapter(createFileBackend(dataDir, undefined, { settledAfterMs: -1 }));
  const spy = jest.spyOn(FileStore.prototype, 'readJson');
  return { adapter, reads: () => spy.mock.calls.filter(([file]) => file.includes('/executions/')).length };
}

describe('file backend: queries keep the query fields in memory', () => {
  const dir = useTempDir();

  afterEach(() => jest.restoreAllMocks());

  it('a page over an unchanged folder reads no record but the page\'s; a save elsewhere is read alone, and seen', async () => {
    const { adapter, reads } = settledAdapter(dir());
    const other = new RepositoryStorageAdapter(createFileBackend(dir()));
    await adapter.connect();
    await other.connect();
    try {
      for (let index = 0; index < 50; index++) {
        await other.saveExecution(makeExecution({ id: `e-${String(index).padStart(2, '0')}`, state: index % 2 === 0 ? 'RUNNING' : 'COMPLETED', created: new Date(1_000 + index) }));
      }
      const first = await adapter.queryExecutions({ limit: 5, state: 'COMPLETED' });
      expect(first.executions.map((execution) => execution.id)).toStrictEqual(['e-01', 'e-03', 'e-05', 'e-07', 'e-09']);
      const afterFirst = reads();
      expect(afterFirst).toBe(50 + 5);

      const again = await adapter.queryExecutions({ limit: 5, state: 'COMPLETED' });
      expect(again).toStrictEqual(first);
      expect(reads() - afterFirst).toBe(5);

      await other.saveExecution(makeExecution({ id: 'e-00', state: 'COMPLETED', created: new Date(1_000) }));
      await other.deleteExecution('e-01');
      const beforeChange = reads();
      const changed = await adapter.queryExecutions({ limit: 5, state: 'COMPLETED' });
      expect(changed.executions.map((execution) => execution.id)).toStrictEqual(['e-00', 'e-03', 'e-05', 'e-07', 'e-09']);
      expect(reads() - beforeChange).toBe(1 + 5);
    } finally {
      await adapter.disconnect();
      await other.disconnect();
    }
  });
});
