import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTogether, startWriter, waitFor, type Writer } from './processes';
import { LOCK_STALE_MS_VARIABLE, RESUMED_EXECUTION_ID, resumedExecution, stepLine } from './records';
import { withStore, type MultiWriterHarness } from './with-store';

const ENV = { [LOCK_STALE_MS_VARIABLE]: '2000' };

type Ending = 'resumed' | 'killed';

/**
 * A writer that saves fenced on the shared execution is stopped (SIGSTOP, its event loop blocked
 * too) once its save reaches `phase`, for longer than any lock lease it holds; another process
 * saves fenced on the same revision meanwhile; then the first is resumed (SIGCONT) or killed.
 * Exactly one of the two saves wins, whatever the timing: the record and the output are the
 * winner's, the loser got a ConflictError.
 */
async function pausedRace(harness: MultiWriterHarness, phase: 'read' | 'write', ending: Ending): Promise<{ paused: string; other: string }> {
  const signals = mkdtempSync(path.join(os.tmpdir(), 'cvm-paused-'));
  const goFile = path.join(signals, 'go');
  try {
    let outcome = { paused: '', other: '' };
    await withStore(harness, async (store, adapter, writers) => {
      await adapter.createExecution(resumedExecution(0, -1));
      const revision = (await adapter.readExecution(RESUMED_EXECUTION_ID))?.revision ?? 0;
      const paused = startWriter([harness.adapterModule, store, 'paused', '0', phase, goFile], ENV);
      writers.push(paused);
      await startTogether([paused]);
      await waitFor(paused, (lines) => lines.includes('holding'), `it held its save at ${phase}`);
      paused.child.kill(ending === 'killed' ? 'SIGKILL' : 'SIGSTOP');
      if (ending === 'killed') await paused.exited;
      const other: Writer = startWriter([harness.adapterModule, store, 'resume', '1', '1'], ENV);
      writers.push(other);
      await startTogether([other]);
      const exit = await other.exited;
      assert.deepStrictEqual({ ...exit, stderr: other.stderr.join('') }, { code: 0, signal: null, stderr: '' });
      const otherWon = other.lines.includes(`won ${revision}`);
      writeFileSync(goFile, '');
      if (ending === 'resumed') {
        paused.child.kill('SIGCONT');
        const pausedExit = await paused.exited;
        assert.deepStrictEqual({ ...pausedExit, stderr: paused.stderr.join('') }, { code: 0, signal: null, stderr: '' });
      }
      const pausedWon = paused.lines.includes('save won');
      assert.equal(Number(otherWon) + Number(pausedWon), 1, `exactly one save won from revision ${revision}: ${JSON.stringify({ paused: paused.lines, other: other.lines })}`);
      if (ending === 'resumed') assert.ok(paused.lines.includes(pausedWon ? 'save won' : 'save conflict'), 'the loser was told ConflictError');
      const winner = pausedWon ? 0 : 1;
      assert.deepStrictEqual(await adapter.readExecution(RESUMED_EXECUTION_ID), { execution: resumedExecution(revision, winner), revision: revision + 1 });
      assert.deepStrictEqual(await adapter.getOutput(RESUMED_EXECUTION_ID), [stepLine(revision, winner)]);
      await adapter.saveExecution(resumedExecution(revision + 1, 9), { expectedRevision: revision + 1 });
      assert.equal((await adapter.readExecution(RESUMED_EXECUTION_ID))?.revision, revision + 2, 'the record takes the next fenced save');
      outcome = { paused: pausedWon ? 'won' : 'lost', other: otherWon ? 'won' : 'lost' };
    });
    return outcome;
  } finally {
    rmSync(signals, { recursive: true, force: true });
  }
}

/** The paused-writer tests of the multi-writer contract (docs/reliability.md, item 5). */
export function describePausedWriters(harness: MultiWriterHarness, it: (name: string, body: () => Promise<void>) => void): void {
  it('a writer stopped past its lease after reading the revision: the other process\'s fenced save wins, the stopped one gets ConflictError and writes nothing when resumed', async () => {
    assert.deepStrictEqual(await pausedRace(harness, 'read', 'resumed'), { paused: 'lost', other: 'won' });
  });

  it('a writer stopped past its lease just before it writes: exactly one of its fenced save and another process\'s from the same revision wins', async () => {
    await pausedRace(harness, 'write', 'resumed');
  });

  it('a writer killed just before it writes does not block the record: another process\'s fenced save from the revision wins', async () => {
    assert.deepStrictEqual(await pausedRace(harness, 'write', 'killed'), { paused: 'lost', other: 'won' });
  });
}
