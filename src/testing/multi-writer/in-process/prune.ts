import assert from 'node:assert/strict';
import type { CvmStorage } from '../../../adapters/storage-adapter';
import type { Execution } from '../../../types';
import { afterPruneReads } from '../prune-races';
import { PRUNED_BEFORE, prunedExecution } from '../records';
import { backendUnder } from './held-calls';
import { withAdapters, type InProcessMultiWriterHarness } from './with-adapters';

const OLD = new Date('2020-06-01T00:00:00.000Z');
const IDS = ['old-0', 'old-1', 'old-2', 'old-3'];

type It = (name: string, body: () => Promise<void>) => void;

async function seed(adapter: CvmStorage): Promise<void> {
  for (const id of IDS) {
    await adapter.createExecution(prunedExecution(id, OLD));
    await adapter.appendOutput(id, [`line of ${id}`]);
  }
}

/**
 * Starts `call` on another adapter the first time the prune's conditional delete of `id` starts,
 * right after it started: a delete that checks, pauses, then deletes lets the call in between.
 */
function asPruneDeletes(pruner: CvmStorage, id: string, call: () => Promise<void>): { started?: Promise<void> } {
  const backend = backendUnder(pruner);
  const original = backend.deleteExecutionIfUnchanged;
  assert.ok(original !== undefined, 'a prune checks and deletes as one step only through the backend\'s deleteExecutionIfUnchanged, which this backend lacks');
  const race: { started?: Promise<void> } = {};
  backend.deleteExecutionIfUnchanged = (executionId, condition) => {
    const deleting = original.call(backend, executionId, condition);
    if (executionId === id && race.started === undefined) race.started = call();
    return deleting;
  };
  return race;
}

/** A prune on one adapter raced by saves and pointer changes on another adapter of the process. */
export function describeInProcessPruneRaces<S>(harness: InProcessMultiWriterHarness<S>, it: It): void {
  it('a save on another adapter that lands while a prune judges the execution keeps it whole, with its output', () =>
    withAdapters(harness, 2, async ({ adapters: [pruner, other] }) => {
      await seed(pruner);
      const saved = prunedExecution('old-1', new Date());
      const race = afterPruneReads(pruner, 'old-1', () => other.saveExecution(saved));
      const pruned = await pruner.pruneExecutions({ olderThan: PRUNED_BEFORE, batchSize: 2 });
      assert.ok(race.fired, 'the save ran while the prune judged old-1');
      assert.deepStrictEqual(pruned.ids, ['old-0', 'old-2', 'old-3']);
      assert.deepStrictEqual(await pruner.getExecution('old-1'), saved);
      assert.deepStrictEqual(await pruner.getOutput('old-1'), ['line of old-1']);
      for (const id of pruned.ids) assert.equal(await other.getExecution(id), null);
    }));

  it('a setCurrentExecutionId on another adapter that lands while a prune judges the execution keeps it and the pointer', () =>
    withAdapters(harness, 2, async ({ adapters: [pruner, other] }) => {
      await seed(pruner);
      const race = afterPruneReads(pruner, 'old-2', () => other.setCurrentExecutionId('old-2'));
      const pruned = await pruner.pruneExecutions({ olderThan: PRUNED_BEFORE, batchSize: 2 });
      assert.ok(race.fired, 'the pointer changed while the prune judged old-2');
      assert.deepStrictEqual(pruned.ids, ['old-0', 'old-1', 'old-3']);
      assert.equal(await pruner.getCurrentExecutionId(), 'old-2');
      assert.deepStrictEqual(await pruner.getOutput('old-2'), ['line of old-2']);
    }));

  it('a save on another adapter started as the prune\'s conditional delete of the execution starts is never lost: the execution is as saved, with its old output unless the prune deleted it first', () =>
    withAdapters(harness, 2, async ({ adapters: [pruner, other] }) => {
      await seed(pruner);
      const saved: Execution = prunedExecution('old-1', new Date());
      const race = asPruneDeletes(pruner, 'old-1', () => other.saveExecution(saved));
      const pruned = await pruner.pruneExecutions({ olderThan: PRUNED_BEFORE, batchSize: 2 });
      assert.ok(race.started !== undefined, 'the save started as the prune deleted old-1');
      await race.started;
      assert.deepStrictEqual(await other.getExecution('old-1'), saved, 'the save that resolved is stored');
      const deletedFirst = pruned.ids.includes('old-1');
      assert.deepStrictEqual(await other.getOutput('old-1'), deletedFirst ? [] : ['line of old-1']);
      assert.deepStrictEqual(pruned.ids.filter((id) => id !== 'old-1'), ['old-0', 'old-2', 'old-3']);
    }));
}
