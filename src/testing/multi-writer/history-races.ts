import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Execution } from '../../types';
import { HISTORY_KEEP_VARIABLE } from './adapter-module';
import { startTogether, startWriter, waitFor } from './processes';
import { LOCK_STALE_MS_VARIABLE, RESUMED_EXECUTION_ID, resumedExecution } from './records';
import { withStore, type MultiWriterHarness } from './with-store';

const KEEP = 10;
const STEPS = 3;
const ENV = { [LOCK_STALE_MS_VARIABLE]: '2000', [HISTORY_KEEP_VARIABLE]: String(KEEP) };

/**
 * Two processes save one execution with `history: { keep: 10 }`: one (unfenced, as a CVM server
 * saves) is stopped with SIGSTOP once its save has read the revision, past any lock lease; the
 * other wins STEPS fenced steps meanwhile; then the first is resumed, loses its race, reads again
 * and saves. Every revision from the created one to the current one is listed, each with the
 * state that was stored at it and the output length it had.
 */
/** Runs `body` with the path of a file, not there yet, that a held writer waits for. */
async function withGoFile(body: (goFile: string) => Promise<void>): Promise<void> {
  const signals = mkdtempSync(path.join(os.tmpdir(), 'cvm-history-race-'));
  try {
    await body(path.join(signals, 'go'));
  } finally {
    rmSync(signals, { recursive: true, force: true });
  }
}

export function describeHistoryRaces(harness: MultiWriterHarness, it: (name: string, body: () => Promise<void>) => void): void {
  it('history on: a writer stopped after reading the revision while another process saves: every entry is a true past state, none is lost', async () => {
    await withGoFile((goFile) =>
      withStore(
        harness,
        async (store, adapter, writers) => {
          await adapter.createExecution(resumedExecution(0, -1));
          const first = (await adapter.readExecution(RESUMED_EXECUTION_ID))?.revision ?? 0;
          const paused = startWriter([harness.adapterModule, store, 'unfenced', '0', 'read', goFile], ENV);
          writers.push(paused);
          await startTogether([paused]);
          await waitFor(paused, (lines) => lines.includes('holding'), 'its save read the revision (the adapter module must give open()\'s options.history to the adapter)');
          paused.child.kill('SIGSTOP');
          const other = startWriter([harness.adapterModule, store, 'resume', '1', String(STEPS)], ENV);
          writers.push(other);
          await startTogether([other]);
          const exit = await other.exited;
          assert.deepStrictEqual({ ...exit, stderr: other.stderr.join('') }, { code: 0, signal: null, stderr: '' });
          assert.deepStrictEqual(other.lines.filter((line) => line.startsWith('won ')), Array.from({ length: STEPS }, (_, step) => `won ${first + step}`));
          writeFileSync(goFile, '');
          paused.child.kill('SIGCONT');
          const pausedExit = await paused.exited;
          assert.deepStrictEqual({ ...pausedExit, stderr: paused.stderr.join('') }, { code: 0, signal: null, stderr: '' });
          assert.ok(paused.lines.includes('save won'), 'the unfenced save read again and landed');

          // The true states: created at `first`, the other's steps at first + 1 .. first + STEPS
          // (each with its one committed line), the stopped writer's last (no line of its own).
          const current = first + STEPS + 1;
          const truth = new Map<number, { execution: Execution; outputLength: number }>([[first, { execution: resumedExecution(0, -1), outputLength: 0 }]]);
          for (let step = 1; step <= STEPS; step++) truth.set(first + step, { execution: resumedExecution(first + step - 1, 1), outputLength: step });
          truth.set(current, { execution: resumedExecution(first, 0), outputLength: STEPS });

          assert.equal((await adapter.readExecution(RESUMED_EXECUTION_ID))?.revision, current);
          const page = await adapter.listExecutionRevisions(RESUMED_EXECUTION_ID, { limit: 100 });
          assert.deepStrictEqual(
            page.revisions.map((entry) => [entry.revision, entry.pc, entry.outputLength]),
            [...truth.entries()].reverse().map(([revision, state]) => [revision, state.execution.pc, state.outputLength]),
            'every revision listed once, newest first, none lost',
          );
          for (const [revision, state] of truth) {
            assert.deepStrictEqual(await adapter.readExecution(RESUMED_EXECUTION_ID, { revision }), { execution: state.execution, revision }, `the state stored at revision ${revision}`);
          }
        },
        { history: { keep: KEEP } },
      ),
    );
  });

  it('history on: a writer held inside a save fenced on the revision it wrote itself while another process saves and appends fenced on that revision: one of the two saves wins it, the held one lands, every entry is a true past state', async () => {
    await withGoFile((goFile) =>
      withStore(
        harness,
        async (store, adapter, writers) => {
          await adapter.createExecution(resumedExecution(0, -1));
          const first = (await adapter.readExecution(RESUMED_EXECUTION_ID))?.revision ?? 0;
          // Its first save writes first + 1; the held one is fenced on that revision, which it wrote.
          const held = startWriter([harness.adapterModule, store, 'unfenced-again', '0', 'write', goFile], ENV);
          writers.push(held);
          await startTogether([held]);
          await waitFor(held, (lines) => lines.includes('holding'), 'its second save reached its write');
          const other = startWriter([harness.adapterModule, store, 'resume', '1', '1'], ENV);
          writers.push(other);
          await startTogether([other]);
          const exit = await other.exited;
          assert.deepStrictEqual({ ...exit, stderr: other.stderr.join('') }, { code: 0, signal: null, stderr: '' });
          writeFileSync(goFile, '');
          const heldExit = await held.exited;
          assert.deepStrictEqual({ ...heldExit, stderr: held.stderr.join('') }, { code: 0, signal: null, stderr: '' });
          assert.ok(held.lines.includes(`saved ${first}`) && held.lines.includes('save won'), 'both saves of the held writer landed');

          // The other's save and append fenced on first + 1 both lose while the held save holds
          // that revision (files: its claim), or its save wins it and the held one saves after.
          const otherWon = other.lines.includes(`won ${first + 1}`);
          if (!otherWon) assert.deepStrictEqual(other.lines.filter((line) => /^(won|lost|refused) /.test(line)), [`lost ${first + 1}`, `refused ${first + 1}`]);
          const truth: [number, Execution][] = [
            [first, resumedExecution(0, -1)],
            [first + 1, resumedExecution(first, 0)],
            ...(otherWon ? ([[first + 2, resumedExecution(first + 1, 1)]] as [number, Execution][]) : []),
          ];
          truth.push([first + truth.length, resumedExecution(first + 1, 0)]);
          const current = truth[truth.length - 1][0];
          assert.equal((await adapter.readExecution(RESUMED_EXECUTION_ID))?.revision, current);
          const page = await adapter.listExecutionRevisions(RESUMED_EXECUTION_ID, { limit: 100 });
          assert.deepStrictEqual(page.revisions.map((entry) => [entry.revision, entry.pc]), [...truth].reverse().map(([revision, execution]) => [revision, execution.pc]), 'every revision listed once, newest first, none lost');
          for (const [revision, execution] of truth) {
            assert.deepStrictEqual(await adapter.readExecution(RESUMED_EXECUTION_ID, { revision }), { execution, revision }, `the state stored at revision ${revision}`);
          }
          const lines = await adapter.getOutput(RESUMED_EXECUTION_ID);
          assert.deepStrictEqual(lines, otherWon ? [`step from revision ${first + 1} by writer 1`] : [], 'only a winning step left its line');
        },
        { history: { keep: KEEP } },
      ),
    );
  });
}
