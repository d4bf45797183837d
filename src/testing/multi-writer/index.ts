import assert from 'node:assert/strict';
import { describePruneRaces } from './prune-races';
import { startTogether, startWriter, waitFor, type Writer } from './processes';
import { withStore, type MultiWriterHarness } from './with-store';
import { appendedLine, appendingExecutionId, parseStepLine, RESUMED_EXECUTION_ID, resumedExecution, stepLine } from './records';

/** What the suite needs from a test runner: Jest, Vitest, Mocha, `node:test` and Bun all have these. */
export interface MultiWriterRunner {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>): void;
}

export type { MultiWriterHarness };

const WRITERS = 4;
const ATTEMPTS = 15;
const APPENDS = 30;

function outcomes(writer: Writer, kind: 'won' | 'lost' | 'refused'): number[] {
  return writer.lines.filter((line) => line.startsWith(`${kind} `)).map((line) => Number(line.slice(kind.length + 1)));
}

async function exitedCleanly(writer: Writer): Promise<void> {
  const exit = await writer.exited;
  assert.deepStrictEqual({ ...exit, stderr: writer.stderr.join('') }, { code: 0, signal: null, stderr: '' });
}

/**
 * The contract of several writer processes sharing one store, for any backend and any runner
 * with `describe` and `it`: fenced resume raced by several processes, a writer killed mid-step,
 * appends while a prune runs, and saves and pointer changes of another process while a prune
 * judges the execution (prune-races.ts). Each test starts its writers as child processes of Node.
 *
 *   describeMultiWriterContract('my backend', { adapterModule, freshStore }, { describe, it });
 */
export function describeMultiWriterContract(backendName: string, harness: MultiWriterHarness, { describe, it }: MultiWriterRunner): void {
  describe(`multi-writer contract: ${backendName}`, () => {
    it(`${WRITERS} processes resuming one execution: exactly one save wins from each revision, and a loser cannot append`, () =>
      withStore(harness, async (store, adapter, writers) => {
        await adapter.createExecution(resumedExecution(0, -1));
        for (let writer = 0; writer < WRITERS; writer++) writers.push(startWriter([harness.adapterModule, store, 'resume', String(writer), String(ATTEMPTS)]));
        await startTogether(writers);
        for (const writer of writers) await exitedCleanly(writer);

        const won = writers.flatMap((writer) => outcomes(writer, 'won')).sort((a, b) => a - b);
        assert.deepStrictEqual(won, Array.from({ length: won.length }, (_, index) => index + 1), 'one winner from each revision, no gap');
        assert.ok(won.length >= ATTEMPTS, `at least ${ATTEMPTS} steps were won`);
        for (const writer of writers) {
          assert.equal(outcomes(writer, 'won').length + outcomes(writer, 'lost').length, ATTEMPTS);
          assert.deepStrictEqual(outcomes(writer, 'refused'), outcomes(writer, 'lost'), 'every append after a lost save was refused');
        }
        const winners = new Map(writers.flatMap((writer, index) => outcomes(writer, 'won').map((revision) => [revision, index] as const)));
        const stored = await adapter.readExecution(RESUMED_EXECUTION_ID);
        assert.deepStrictEqual(stored, { execution: resumedExecution(won.length, winners.get(won.length) ?? -1), revision: won.length + 1 });
        const steps = (await adapter.getOutput(RESUMED_EXECUTION_ID)).map((line) => parseStepLine(line));
        for (const step of steps) assert.ok(step !== null && winners.get(step.revision) === step.writer, 'every line is a winning step of its writer');
        const revisions = steps.map((step) => step?.revision ?? 0);
        assert.deepStrictEqual(revisions, [...new Set(revisions)].sort((a, b) => a - b), 'one line per step, in revision order');
      }));

    it('a writer killed mid-step leaves a whole execution at a consistent revision, and another process resumes it', () =>
      withStore(harness, async (store, adapter, writers) => {
        await adapter.createExecution(resumedExecution(0, -1));
        const writer = startWriter([harness.adapterModule, store, 'resume', '0', '0']);
        writers.push(writer);
        await startTogether([writer]);
        await waitFor(writer, (lines) => lines.filter((line) => line.startsWith('won ')).length >= 3, 'it won three steps');
        writer.child.kill('SIGKILL');
        await writer.exited;

        const resumed = await adapter.readExecution(RESUMED_EXECUTION_ID);
        assert.ok(resumed !== null);
        const { revision } = resumed;
        assert.ok(revision >= 4, `at least three saves counted, revision ${revision}`);
        assert.deepStrictEqual(resumed.execution, resumedExecution(revision - 1, 0), 'the latest save, whole');
        const lines = await adapter.getOutput(RESUMED_EXECUTION_ID);
        const expected = Array.from({ length: revision - 1 }, (_, index) => stepLine(index + 1, 0));
        // The kill may fall between a step's save and its append: its line is then missing, never torn.
        assert.ok(
          lines.length >= revision - 2 && lines.length <= revision - 1 && lines.every((line, index) => line === expected[index]),
          `the steps' lines in order: ${JSON.stringify(lines)}`,
        );
        await adapter.saveExecution(resumedExecution(revision, 99), { expectedRevision: revision });
        await adapter.appendOutput(RESUMED_EXECUTION_ID, [stepLine(revision, 99)], { expectedRevision: revision + 1 });
        assert.equal((await adapter.readExecution(RESUMED_EXECUTION_ID))?.revision, revision + 1);
      }));

    it('appends from several processes while another prunes old executions: no append is lost, every pruned execution is gone with its output', () =>
      withStore(harness, async (store, adapter, writers) => {
        const old = new Date('2020-01-01T00:00:00.000Z');
        for (let index = 0; index < 20; index++) {
          const id = `old-${index}`;
          await adapter.createExecution({ ...resumedExecution(0, -1), id, state: 'COMPLETED', created: old });
          await adapter.appendOutput(id, [`old line of ${id}`]);
        }
        for (let writer = 0; writer < WRITERS; writer++) {
          await adapter.createExecution({ ...resumedExecution(0, writer), id: appendingExecutionId(writer), created: new Date() });
          writers.push(startWriter([harness.adapterModule, store, 'append', String(writer), String(APPENDS)]));
        }
        await startTogether(writers);
        const pruned = await adapter.pruneExecutions({ olderThan: new Date('2021-01-01T00:00:00.000Z'), batchSize: 7 });
        for (const writer of writers) await exitedCleanly(writer);

        assert.deepStrictEqual([...pruned.ids].sort(), Array.from({ length: 20 }, (_, index) => `old-${index}`).sort());
        for (const id of pruned.ids) {
          assert.equal(await adapter.getExecution(id), null);
          assert.deepStrictEqual(await adapter.getOutput(id), []);
        }
        for (let writer = 0; writer < WRITERS; writer++) {
          assert.notEqual(await adapter.getExecution(appendingExecutionId(writer)), null);
          assert.deepStrictEqual(
            await adapter.getOutput(appendingExecutionId(writer)),
            Array.from({ length: APPENDS }, (_, line) => appendedLine(writer, line)),
          );
        }
      }));

    describePruneRaces(harness, it);
  });
}
