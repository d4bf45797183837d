import assert from 'node:assert/strict';
import type { CvmStorage } from '../../../adapters/storage-adapter';
import { RepositoryStorageAdapter } from '../../../adapters/repository-storage-adapter';
import { CURRENT_EXECUTION_KEY } from '../../../repositories/current-execution-key';
import { appendedLine, appendingExecutionId, prunedExecution, PRUNED_BEFORE, resumedExecution } from '../records';
import { heldTogether, winners } from './held-calls';
import { withAdapters, type InProcessMultiWriterHarness } from './with-adapters';

const WRITERS = 4;
const ROUNDS = 8;
const APPEND_ROUNDS = 12;
const OLD_EXECUTIONS = 10;

type It = (name: string, body: () => Promise<void>) => void;

function pointerValue(round: number, writer: number): string {
  return `pointer-${round}-by-${writer}`;
}

function compareAndSetPointer(adapter: CvmStorage, expected: string | null, next: string): Promise<boolean> {
  assert.ok(adapter instanceof RepositoryStorageAdapter, 'the in-process multi-writer contract needs adapters built on RepositoryStorageAdapter');
  return adapter.repositories.metadata.compareAndSet(CURRENT_EXECUTION_KEY, expected, next);
}

/** The current-execution pointer's compareAndSet and appends to one execution, raced by adapters of one process. */
export function describePointerAndAppendRaces<S>(harness: InProcessMultiWriterHarness<S>, it: It): void {
  it(`${WRITERS} adapters' compareAndSet of the current execution from the same value, let go together: exactly one succeeds each round, and every adapter reads its value`, () =>
    withAdapters(harness, WRITERS, async ({ adapters }) => {
      let expected: string | null = null;
      for (let round = 0; round < ROUNDS; round++) {
        const sets = await heldTogether(
          adapters,
          (backend) => ({ target: backend.metadata, methods: ['compareAndSet'] }),
          (adapter, writer) => compareAndSetPointer(adapter, expected, pointerValue(round, writer)),
        );
        assert.deepStrictEqual(winners(sets), adapters.map((_, writer) => writer), `round ${round}: no compareAndSet failed`);
        const succeeded = sets.flatMap((outcome, writer) => (outcome.status === 'fulfilled' && outcome.value ? [writer] : []));
        assert.equal(succeeded.length, 1, `round ${round}: exactly one compareAndSet from ${JSON.stringify(expected)} succeeded, not ${JSON.stringify(succeeded)}`);
        expected = pointerValue(round, succeeded[0]);
        for (const adapter of adapters) assert.equal(await adapter.getCurrentExecutionId(), expected);
      }
    }));

  it(`${WRITERS} adapters appending to one execution, one line each per round let go together, while another prunes old executions: every line kept exactly once, each adapter's in its order`, () =>
    withAdapters(harness, WRITERS, async ({ adapters, another }) => {
      const pruner = await another();
      const id = appendingExecutionId(0);
      await pruner.createExecution({ ...resumedExecution(0, 0), id, created: new Date() });
      const old = Array.from({ length: OLD_EXECUTIONS }, (_, index) => `old-${index}`);
      for (const oldId of old) {
        await pruner.createExecution(prunedExecution(oldId, new Date('2020-06-01T00:00:00.000Z')));
        await pruner.appendOutput(oldId, [`line of ${oldId}`]);
      }

      const appending = (async () => {
        for (let round = 0; round < APPEND_ROUNDS; round++) {
          const appends = await heldTogether(
            adapters,
            (backend) => ({ target: backend.outputs, methods: ['append'] }),
            (adapter, writer) => adapter.appendOutput(id, [appendedLine(writer, round)]),
          );
          assert.deepStrictEqual(winners(appends), adapters.map((_, writer) => writer), `round ${round}: every append succeeded`);
        }
      })();
      const [pruned] = await Promise.all([pruner.pruneExecutions({ olderThan: PRUNED_BEFORE, batchSize: 3 }), appending]);

      assert.deepStrictEqual([...pruned.ids].sort(), [...old].sort());
      for (const oldId of old) {
        assert.equal(await pruner.getExecution(oldId), null);
        assert.deepStrictEqual(await pruner.getOutput(oldId), []);
      }
      const lines = await pruner.getOutput(id);
      assert.equal(lines.length, WRITERS * APPEND_ROUNDS, 'no append lost, none doubled');
      assert.equal(new Set(lines).size, lines.length, 'every line once');
      for (let round = 0; round < APPEND_ROUNDS; round++) {
        const roundLines = lines.slice(round * WRITERS, (round + 1) * WRITERS).sort();
        assert.deepStrictEqual(roundLines, adapters.map((_, writer) => appendedLine(writer, round)).sort(), `round ${round}'s lines, after the round before`);
      }
      for (let writer = 0; writer < WRITERS; writer++) {
        const own = lines.filter((line) => line.endsWith(` of writer ${writer}`));
        assert.deepStrictEqual(own, Array.from({ length: APPEND_ROUNDS }, (_, round) => appendedLine(writer, round)), `writer ${writer}'s lines in its order`);
      }
      assert.equal(await pruner.getOutputLength(id), lines.length);
    }));
}
