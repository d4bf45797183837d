import assert from 'node:assert/strict';
import { describeHistoryRaces } from './history-races';
import { describePausedWriters } from './paused-writers';
import { describePruneRaces } from './prune-races';
import { describeQueryRaces } from './query-races';
import { startTogether, startWriter, waitFor, type Writer } from './processes';
import { withStore, type MultiWriterHarness } from './with-store';
import type { MultiWriterRunner } from './runner';
import { absentExecutionId, appendedLine, appendingExecutionId, RESUMED_EXECUTION_ID, resumedExecution, stepLine } from './records';

export type { MultiWriterHarness, MultiWriterRunner };
export { describeInProcessMultiWriterContract, type InProcessMultiWriterHarness } from './in-process';

const WRITERS = 4;
const ATTEMPTS = 15;
const APPENDS = 30;
const ABSENT_IDS = 30;
/** Lines of the output read from its end: more than a MiB, past what a file index keeps in memory only. */
const LONG_OUTPUT = 60_000;
const TAIL = 100;

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
 * judges the execution (prune-races.ts), queries while other processes write or die mid-save
 * (query-races.ts). Each test starts its writers as child processes of Node.
 *
 *   describeMultiWriterContract('my backend', { adapterModule, freshStore }, { describe, it });
 */
export function describeMultiWriterContract(backendName: string, harness: MultiWriterHarness, { describe, it }: MultiWriterRunner): void {
  describe(`multi-writer contract: ${backendName}`, () => {
    it(`${WRITERS} processes resuming one execution with committed steps: exactly one save wins from each revision, every winning step's lines are stored once, no losing step's`, () =>
      withStore(harness, async (store, adapter, writers) => {
        await adapter.createExecution(resumedExecution(0, -1));
        const first = (await adapter.readExecution(RESUMED_EXECUTION_ID))?.revision ?? 0;
        for (let writer = 0; writer < WRITERS; writer++) writers.push(startWriter([harness.adapterModule, store, 'resume', String(writer), String(ATTEMPTS)]));
        await startTogether(writers);
        for (const writer of writers) await exitedCleanly(writer);

        const won = writers.flatMap((writer) => outcomes(writer, 'won')).sort((a, b) => a - b);
        assert.deepStrictEqual(won, Array.from({ length: won.length }, (_, index) => first + index), 'one winner from each revision, no gap');
        assert.ok(won.length >= ATTEMPTS, `at least ${ATTEMPTS} steps were won`);
        for (const writer of writers) {
          assert.equal(outcomes(writer, 'won').length + outcomes(writer, 'lost').length, ATTEMPTS);
          assert.deepStrictEqual(outcomes(writer, 'refused'), outcomes(writer, 'lost'), 'every append after a lost save was refused');
        }
        const winners = new Map(writers.flatMap((writer, index) => outcomes(writer, 'won').map((revision) => [revision, index] as const)));
        const last = won[won.length - 1];
        const stored = await adapter.readExecution(RESUMED_EXECUTION_ID);
        assert.deepStrictEqual(stored, { execution: resumedExecution(last, winners.get(last) ?? -1), revision: last + 1 });
        const lines = await adapter.getOutput(RESUMED_EXECUTION_ID);
        assert.deepStrictEqual(lines, won.map((revision) => stepLine(revision, winners.get(revision) ?? -1)), 'each winning step\'s line once, in revision order, and nothing else');
        assert.equal(await adapter.getOutputLength(RESUMED_EXECUTION_ID), lines.length);
        assert.deepStrictEqual(await adapter.getOutput(RESUMED_EXECUTION_ID, { from: 1, limit: 3 }), lines.slice(1, 4));
      }));

    it('a writer killed mid-step leaves a whole execution at a consistent revision, and another process resumes it with every won step\'s lines', () =>
      withStore(harness, async (store, adapter, writers) => {
        await adapter.createExecution(resumedExecution(0, -1));
        const first = (await adapter.readExecution(RESUMED_EXECUTION_ID))?.revision ?? 0;
        const writer = startWriter([harness.adapterModule, store, 'resume', '0', '0']);
        writers.push(writer);
        await startTogether([writer]);
        await waitFor(writer, (lines) => lines.filter((line) => line.startsWith('won ')).length >= 3, 'it won three steps');
        writer.child.kill('SIGKILL');
        await writer.exited;

        const resumed = await adapter.readExecution(RESUMED_EXECUTION_ID);
        assert.ok(resumed !== null);
        const { revision } = resumed;
        assert.ok(revision >= first + 3, `at least three saves counted, revision ${revision} from ${first}`);
        assert.deepStrictEqual(resumed.execution, resumedExecution(revision - 1, 0), 'the latest save, whole');
        const steps = Array.from({ length: revision - first }, (_, index) => stepLine(first + index, 0));
        // The kill may fall between a step's commit and its append: its line is then missing until the next fenced save, never torn.
        const lines = await adapter.getOutput(RESUMED_EXECUTION_ID);
        assert.ok(lines.length >= steps.length - 1 && lines.every((line, index) => line === steps[index]), `the steps' lines in order: ${JSON.stringify(lines)}`);
        await adapter.saveExecution(resumedExecution(revision, 99), { expectedRevision: revision, output: [stepLine(revision, 99)] });
        assert.equal((await adapter.readExecution(RESUMED_EXECUTION_ID))?.revision, revision + 1);
        assert.deepStrictEqual(await adapter.getOutput(RESUMED_EXECUTION_ID), [...steps, stepLine(revision, 99)]);
      }));

    it('a revision read in another process before deleteExecution and createExecution of the id matches neither a save nor an append of the new execution', () =>
      withStore(harness, async (store, adapter, writers) => {
        await adapter.createExecution(resumedExecution(0, -1));
        const writer = startWriter([harness.adapterModule, store, 'stale', '0']);
        writers.push(writer);
        await startTogether([writer]);
        await waitFor(writer, (lines) => lines.some((line) => line.startsWith('read ')), 'it read the execution');
        const old = Number(writer.lines.find((line) => line.startsWith('read '))?.slice('read '.length));
        assert.equal(old, (await adapter.readExecution(RESUMED_EXECUTION_ID))?.revision);
        await adapter.deleteExecution(RESUMED_EXECUTION_ID);
        await adapter.createExecution(resumedExecution(0, 7));
        const recreated = await adapter.readExecution(RESUMED_EXECUTION_ID);
        writer.child.stdin.write('go on\n');
        await exitedCleanly(writer);

        assert.deepStrictEqual(writer.lines.slice(-3), ['save conflict', 'append conflict', 'done']);
        assert.deepStrictEqual(await adapter.readExecution(RESUMED_EXECUTION_ID), recreated);
        assert.deepStrictEqual(await adapter.getOutput(RESUMED_EXECUTION_ID), []);
      }));

    it(`createExecution in one process and saveExecution with expectedRevision null in ${WRITERS - 1} others: exactly one stores each id`, () =>
      withStore(harness, async (store, adapter, writers) => {
        for (let writer = 0; writer < WRITERS; writer++) writers.push(startWriter([harness.adapterModule, store, 'absent', String(writer), String(ABSENT_IDS)]));
        await startTogether(writers);
        for (const writer of writers) await exitedCleanly(writer);

        for (let n = 0; n < ABSENT_IDS; n++) {
          const storing = writers.flatMap((writer, index) => (writer.lines.includes(`stored ${n}`) ? [index] : []));
          assert.equal(storing.length, 1, `${absentExecutionId(n)} stored by exactly one writer, not ${JSON.stringify(storing)}`);
          assert.deepStrictEqual(await adapter.getExecution(absentExecutionId(n)), { ...resumedExecution(0, storing[0]), id: absentExecutionId(n) });
        }
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

    it('a long output read from its end in fresh processes while others append to it, delete it and start it again: each reads its exact length and last lines', () =>
      withStore(harness, async (store, adapter, writers) => {
        const id = appendingExecutionId(0);
        const lines = (from: number, count: number) => Array.from({ length: count }, (_, line) => appendedLine(0, from + line));
        await adapter.createExecution({ ...resumedExecution(0, 0), id });
        for (let from = 0; from < LONG_OUTPUT; from += 1_000) await adapter.appendOutput(id, lines(from, 1_000));
        const readEnd = async (): Promise<{ length: number; tail: string[] }> => {
          const reader = startWriter([harness.adapterModule, store, 'tail', '0', String(TAIL)]);
          writers.push(reader);
          await startTogether([reader]);
          await exitedCleanly(reader);
          const length = Number(reader.lines.find((line) => line.startsWith('length '))?.slice('length '.length));
          const tail = JSON.parse(reader.lines.find((line) => line.startsWith('tail '))?.slice('tail '.length) ?? 'null') as string[];
          return { length, tail };
        };
        assert.deepStrictEqual(await readEnd(), { length: LONG_OUTPUT, tail: lines(LONG_OUTPUT - TAIL, TAIL) });
        // Read again once what the first reader may have left on disk is there.
        assert.deepStrictEqual(await readEnd(), { length: LONG_OUTPUT, tail: lines(LONG_OUTPUT - TAIL, TAIL) });

        const appender = startWriter([harness.adapterModule, store, 'append', '0', String(APPENDS)]);
        writers.push(appender);
        await startTogether([appender]);
        await exitedCleanly(appender);
        assert.deepStrictEqual(await readEnd(), { length: LONG_OUTPUT + APPENDS, tail: [...lines(LONG_OUTPUT + APPENDS - TAIL, TAIL - APPENDS), ...lines(0, APPENDS)] });

        await adapter.deleteExecution(id);
        await adapter.createExecution({ ...resumedExecution(0, 0), id });
        await adapter.appendOutput(id, ['a new start']);
        assert.deepStrictEqual(await readEnd(), { length: 1, tail: ['a new start'] });
      }));

    describePruneRaces(harness, it);
    describePausedWriters(harness, it);
    describeQueryRaces(harness, it);
    describeHistoryRaces(harness, it);
  });
}
