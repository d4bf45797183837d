import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CvmStorage } from '../../adapters/storage-adapter';
import type { Execution } from '../../types';
import { loadOpen } from './adapter-module';
import { startTogether, startWriter, waitFor, type Writer } from './processes';
import { LOCK_STALE_MS_VARIABLE, prunedExecution, RESUMED_EXECUTION_ID, resumedExecution } from './records';
import { withStore, type MultiWriterHarness } from './with-store';

/** Every execution a walk of pages of `limit` finds for `state`, in page order. */
async function walk(adapter: CvmStorage, state: Execution['state'], limit: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const page: { executions: Execution[]; next: string | null } = await adapter.queryExecutions({ state, limit, after });
    for (const execution of page.executions) {
      assert.equal(execution.state, state, `${execution.id} matched the query when read`);
      ids.push(execution.id);
    }
    after = page.next;
  } while (after !== null);
  return ids;
}

/** The same walk in an adapter opened now, as a process started now would. */
async function walkFresh(harness: MultiWriterHarness, store: string, state: Execution['state'], limit: number): Promise<string[]> {
  const fresh = (await loadOpen(harness.adapterModule))(store);
  await fresh.connect();
  try {
    return await walk(fresh, state, limit);
  } finally {
    await fresh.disconnect();
  }
}

async function command(writer: Writer, line: string, answer: string): Promise<void> {
  writer.child.stdin.write(`${line}\n`);
  await waitFor(writer, (lines) => lines.includes(answer), answer);
}

const id = (n: number) => `queried-${String(n).padStart(2, '0')}`;

/**
 * Queries while other processes write (docs/query-index.md): what another process saved or
 * deleted between two pages is what the next page shows, in this process and in one opened
 * afterwards; a writer killed after it wrote a record but before it was done leaves no page
 * that misses the record or shows it as it was.
 */
export function describeQueryRaces(harness: MultiWriterHarness, it: (name: string, body: () => Promise<void>) => void): void {
  it('saves and deletes of another process between two queries are what the next query shows, here and in a process opened afterwards', () =>
    withStore(harness, async (store, adapter, writers) => {
      for (let n = 0; n < 12; n++) await adapter.saveExecution(prunedExecution(id(n), new Date()));
      assert.deepStrictEqual(await walk(adapter, 'COMPLETED', 5), Array.from({ length: 12 }, (_, n) => id(n)));
      const writer = startWriter([harness.adapterModule, store, 'commands']);
      writers.push(writer);
      await startTogether([writer]);
      await command(writer, `delete ${id(3)}`, `deleted ${id(3)}`);
      await command(writer, `run ${id(5)}`, `ran ${id(5)}`);
      await command(writer, `save ${id(12)}`, `saved ${id(12)}`);
      const completed = [0, 1, 2, 4, 6, 7, 8, 9, 10, 11, 12].map(id);
      assert.deepStrictEqual(await walk(adapter, 'COMPLETED', 5), completed);
      assert.deepStrictEqual(await walk(adapter, 'RUNNING', 5), [id(5)]);
      assert.deepStrictEqual(await walkFresh(harness, store, 'COMPLETED', 4), completed);

      // And while this process holds a page's cursor.
      const first = await adapter.queryExecutions({ state: 'COMPLETED', limit: 3 });
      assert.deepStrictEqual(first.executions.map((execution) => execution.id), completed.slice(0, 3));
      await command(writer, `run ${id(4)}`, `ran ${id(4)}`);
      await command(writer, `save ${id(5)}`, `saved ${id(5)}`);
      const second = await adapter.queryExecutions({ state: 'COMPLETED', limit: 3, after: first.next });
      assert.deepStrictEqual(second.executions.map((execution) => execution.id), [5, 6, 7].map(id));
      writer.child.stdin.end();
      await writer.exited;
      assert.deepStrictEqual(await walkFresh(harness, store, 'RUNNING', 2), [id(4)]);
    }));

  it('a writer killed after it wrote a record, before it was done with it: every query shows the record as written, here and in a process opened afterwards', async () => {
    const signals = mkdtempSync(path.join(os.tmpdir(), 'cvm-query-killed-'));
    try {
      await withStore(harness, async (store, adapter, writers) => {
        await adapter.createExecution(resumedExecution(0, -1));
        assert.deepStrictEqual(await walk(adapter, 'RUNNING', 10), [RESUMED_EXECUTION_ID]);
        const revision = (await adapter.readExecution(RESUMED_EXECUTION_ID))?.revision ?? 0;
        const finishing = startWriter([harness.adapterModule, store, 'finishing', '0', 'written', path.join(signals, 'never')], { [LOCK_STALE_MS_VARIABLE]: '2000' });
        writers.push(finishing);
        await startTogether([finishing]);
        await waitFor(finishing, (lines) => lines.includes('holding'), 'it wrote the record');
        finishing.child.kill('SIGKILL');
        await finishing.exited;

        assert.deepStrictEqual(await adapter.readExecution(RESUMED_EXECUTION_ID), { execution: { ...resumedExecution(revision, 0), state: 'COMPLETED' }, revision: revision + 1 });
        assert.deepStrictEqual(await walk(adapter, 'COMPLETED', 10), [RESUMED_EXECUTION_ID]);
        assert.deepStrictEqual(await walk(adapter, 'RUNNING', 10), []);
        assert.deepStrictEqual(await walkFresh(harness, store, 'COMPLETED', 10), [RESUMED_EXECUTION_ID]);
        assert.deepStrictEqual(await walkFresh(harness, store, 'RUNNING', 10), []);
        await adapter.saveExecution(resumedExecution(revision + 1, 9), { expectedRevision: revision + 1 });
        assert.deepStrictEqual(await walk(adapter, 'RUNNING', 10), [RESUMED_EXECUTION_ID]);
        assert.deepStrictEqual(await walkFresh(harness, store, 'COMPLETED', 10), []);
      });
    } finally {
      rmSync(signals, { recursive: true, force: true });
    }
  });

  it('a writer stopped after it wrote a record, before it was done with it: queries meanwhile show the record as written', async () => {
    const signals = mkdtempSync(path.join(os.tmpdir(), 'cvm-query-stopped-'));
    const goFile = path.join(signals, 'go');
    try {
      await withStore(harness, async (store, adapter, writers) => {
        await adapter.createExecution(resumedExecution(0, -1));
        assert.deepStrictEqual(await walk(adapter, 'RUNNING', 10), [RESUMED_EXECUTION_ID]);
        const finishing = startWriter([harness.adapterModule, store, 'finishing', '0', 'written', goFile]);
        writers.push(finishing);
        await startTogether([finishing]);
        await waitFor(finishing, (lines) => lines.includes('holding'), 'it wrote the record');
        finishing.child.kill('SIGSTOP');
        for (let query = 0; query < 2; query++) {
          assert.deepStrictEqual(await walk(adapter, 'COMPLETED', 10), [RESUMED_EXECUTION_ID]);
          assert.deepStrictEqual(await walk(adapter, 'RUNNING', 10), []);
          assert.deepStrictEqual(await walkFresh(harness, store, 'COMPLETED', 10), [RESUMED_EXECUTION_ID]);
        }
        writeFileSync(goFile, '');
        finishing.child.kill('SIGCONT');
        await waitFor(finishing, (lines) => lines.includes('save won'), 'its save won');
        assert.deepStrictEqual(await walk(adapter, 'COMPLETED', 10), [RESUMED_EXECUTION_ID]);
        assert.deepStrictEqual(await walkFresh(harness, store, 'RUNNING', 10), []);
      });
    } finally {
      rmSync(signals, { recursive: true, force: true });
    }
  });
}
