/**
 * One of several processes resuming the same paused execution again and again, as CVM servers
 * sharing a store would: read it with its revision, save the next step fenced on that revision,
 * and, if the save won, append the step's output fenced on the new revision; if it lost, try an
 * append fenced on the old revision, which must be refused. Starts when the parent writes a line
 * to stdin. Prints one line per attempt: `won <revision>`, or `lost <revision>` then
 * `refused <revision>`.
 *
 * argv: backend (file | mongodb) location (data folder | URL) worker attempts
 */
import { FileStorageAdapter } from '../../../src/adapters/file-storage-adapter';
import { MongoDBStorageAdapter } from '../../../src/adapters/mongodb-storage-adapter';
import { ConflictError } from '../../../src/errors';
import { resumedExecution, RESUMED_EXECUTION_ID, stepLine } from '../support/resumed-execution';

const [backend, location, workerText, attemptsText] = process.argv.slice(2);
const worker = Number(workerText);
const attempts = Number(attemptsText);

async function main(): Promise<void> {
  const adapter = backend === 'file' ? new FileStorageAdapter(location) : new MongoDBStorageAdapter(location);
  await adapter.connect();
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  process.stdin.pause();
  for (let attempt = 0; attempt < attempts; attempt++) {
    const read = await adapter.readExecution(RESUMED_EXECUTION_ID);
    if (read === null) throw new Error('the execution is gone');
    const { revision } = read;
    try {
      await adapter.saveExecution(resumedExecution(revision, worker), { expectedRevision: revision });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      process.stdout.write(`lost ${revision}\n`);
      let refused = false;
      try {
        await adapter.appendOutput(RESUMED_EXECUTION_ID, [`stale append by ${worker} at ${revision}`], { expectedRevision: revision });
      } catch (refusal) {
        if (!(refusal instanceof ConflictError)) throw new Error(`an append fenced on revision ${revision} failed otherwise than by a conflict`, { cause: refusal });
        refused = true;
      }
      if (!refused) throw new Error(`an append fenced on revision ${revision} was accepted after a save from it lost`, { cause: error });
      process.stdout.write(`refused ${revision}\n`);
      continue;
    }
    await adapter.appendOutput(RESUMED_EXECUTION_ID, [stepLine(revision, worker)], { expectedRevision: revision + 1 }).catch((error: unknown) => {
      // Another process may already have moved the execution on: then this step's output is refused too.
      if (!(error instanceof ConflictError)) throw error;
    });
    process.stdout.write(`won ${revision}\n`);
  }
  await adapter.disconnect();
  process.stdout.write('done\n');
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`fenced-resumer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
