/**
 * History crash worker: steps one execution with `history: { keep: 'all' }` as a CVM server does
 * (append the step's line, save the next pc) as fast as it can until the parent SIGKILLs it.
 * Each step's pc is one more than the stored one and its line is `line <pc>`; after each save is
 * acknowledged it writes `A <pc>` to the report file (one synchronous write).
 *
 * It prints `loaded` once the library is loaded and opens the store only after the parent writes
 * a line to stdin, so the next worker can load while the parent checks what the previous one left.
 *
 * argv: dataDir reportFile durability
 */
import { openSync, writeSync } from 'node:fs';
import { FileStorageAdapter } from '../../../src/adapters/file-storage-adapter';
import type { Durability } from '../../../src/repositories/file/file-options';
import { goSignal } from '../support/go-signal';
import type { Execution } from '../../../src/types';
import { HISTORY_EXECUTION_ID, historyStep } from '../support/history-steps';

const [dataDir, reportFile, durability] = process.argv.slice(2);
const report = openSync(reportFile, 'a');
/** A bound on the loop; the parent kills the worker long before it is reached. */
const MAX_STEPS = 100_000;

async function main(): Promise<void> {
  process.stdout.write('loaded\n');
  await goSignal();
  const adapter = new FileStorageAdapter(dataDir, { durability: durability as Durability, history: { keep: 'all' } });
  await adapter.connect();
  let execution: Execution | null = await adapter.getExecution(HISTORY_EXECUTION_ID);
  if (execution === null) {
    execution = historyStep(0);
    await adapter.createExecution(execution);
  }
  process.stdout.write('ready\n');
  for (let step = 0; step < MAX_STEPS; step++) {
    const next = historyStep(execution.pc + 1);
    await adapter.appendOutput(HISTORY_EXECUTION_ID, [`line ${next.pc}`]);
    await adapter.saveExecution(next);
    writeSync(report, `A ${next.pc}\n`);
    execution = next;
  }
  await adapter.disconnect();
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`history-stepper failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
