import assert from 'node:assert/strict';
import type { CvmStorage } from '../../adapters/storage-adapter';
import { backendOf } from '../../adapters/repository-storage-adapter';
import { startWriter, waitFor, type Writer } from './processes';
import { PRUNED_BEFORE, prunedExecution } from './records';
import { withStore, type MultiWriterHarness } from './with-store';

const OLD = new Date('2020-06-01T00:00:00.000Z');
const IDS = ['old-0', 'old-1', 'old-2', 'old-3'];

/** Old executions, each with one output line. */
async function seed(adapter: CvmStorage, ids: string[]): Promise<void> {
  for (const id of ids) {
    await adapter.createExecution(prunedExecution(id, OLD));
    await adapter.appendOutput(id, [`line of ${id}`]);
  }
}

async function startCommands(harness: MultiWriterHarness, store: string, writers: Writer[]): Promise<Writer> {
  const writer = startWriter([harness.adapterModule, store, 'commands']);
  writers.push(writer);
  await waitFor(writer, (lines) => lines.includes('ready'), 'it was ready');
  return writer;
}

/** Has the writer run `command` (`save <id>`, `current <id>`) and waits for its answer. */
async function command(writer: Writer, line: string): Promise<void> {
  const answer = line.replace(/^save /, 'saved ');
  writer.child.stdin.write(`${line}\n`);
  await waitFor(writer, (lines) => lines.includes(answer), `it answered ${answer}`);
}

/**
 * The first time the prune reads `id` again to judge it (a read or get on the adapter's execution
 * repository), runs `meanwhile` right after that read, before the prune goes on. The adapter must
 * be a RepositoryStorageAdapter, whose backend the prune reads through.
 */
export function afterPruneReads(adapter: CvmStorage, id: string, meanwhile: () => Promise<void>): { fired: boolean } {
  const executions = backendOf(adapter)?.executions;
  assert.ok(executions !== undefined, 'these tests need a RepositoryStorageAdapter');
  const race = { fired: false };
  for (const method of ['read', 'get'] as const) {
    const original = executions[method].bind(executions) as (id: string) => Promise<unknown>;
    (executions as unknown as Record<string, unknown>)[method] = async (asked: string) => {
      const result = await original(asked);
      if (asked === id && !race.fired) {
        race.fired = true;
        await meanwhile();
      }
      return result;
    };
  }
  return race;
}

/** The prune-versus-other-process cases of the multi-writer contract. */
export function describePruneRaces(harness: MultiWriterHarness, it: (name: string, body: () => Promise<void>) => void): void {
  it('a save from another process that resolves while a prune judges the execution keeps it whole, with its output', () =>
    withStore(harness, async (store, adapter, writers) => {
      await seed(adapter, IDS);
      const writer = await startCommands(harness, store, writers);
      const race = afterPruneReads(adapter, 'old-1', () => command(writer, 'save old-1'));
      const pruned = await adapter.pruneExecutions({ olderThan: PRUNED_BEFORE, batchSize: 2 });
      assert.ok(race.fired, 'the save ran while the prune judged old-1');
      assert.deepStrictEqual(pruned.ids, ['old-0', 'old-2', 'old-3']);
      const kept = await adapter.getExecution('old-1');
      assert.ok(kept !== null && kept.updated !== undefined && kept.updated > PRUNED_BEFORE, 'old-1 as the other process saved it');
      assert.deepStrictEqual(await adapter.getOutput('old-1'), ['line of old-1']);
      for (const id of pruned.ids) assert.equal(await adapter.getExecution(id), null);
    }));

  it('a setCurrentExecutionId from another process that resolves while a prune judges the execution keeps it and the pointer', () =>
    withStore(harness, async (store, adapter, writers) => {
      await seed(adapter, IDS);
      const writer = await startCommands(harness, store, writers);
      const race = afterPruneReads(adapter, 'old-2', () => command(writer, 'current old-2'));
      const pruned = await adapter.pruneExecutions({ olderThan: PRUNED_BEFORE, batchSize: 2 });
      assert.ok(race.fired, 'the pointer changed while the prune judged old-2');
      assert.deepStrictEqual(pruned.ids, ['old-0', 'old-1', 'old-3']);
      assert.equal(await adapter.getCurrentExecutionId(), 'old-2');
      assert.notEqual(await adapter.getExecution('old-2'), null);
      assert.deepStrictEqual(await adapter.getOutput('old-2'), ['line of old-2']);
    }));
}
