/**
 * One of several processes writing to one data folder at once: it appends to the shared output
 * and saves its own executions and the shared one, `steps` times, starting when the parent writes
 * a line to stdin (so all processes start together).
 *
 * argv: dataDir writer steps seed
 */
import { FileStorageAdapter } from '../../../src/adapters/file-storage-adapter';
import { Rng } from '../support/rng';
import {
  OWN_EXECUTIONS_PER_WRITER,
  SHARED_EXECUTION_ID,
  SHARED_OUTPUT_ID,
  ownExecutionId,
  sharedLine,
  writerExecution,
} from '../support/shared-records';

const [dataDir, writerText, stepsText, seedText] = process.argv.slice(2);
const writer = Number(writerText);
const steps = Number(stepsText);
const rng = new Rng(Number(seedText));

async function main(): Promise<void> {
  // Processes racing, not a power cut (crash-safety.test.ts tests strict durability): no fsyncs.
  const adapter = new FileStorageAdapter(dataDir, { durability: 'relaxed' });
  await adapter.connect();
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  process.stdin.pause();
  for (let step = 0; step < steps; step++) {
    const count = rng.int(1, 5);
    const lines = Array.from({ length: count }, (_, index) =>
      sharedLine(writer, step, index, count, rng.chance(0.01) ? rng.int(65_536, 262_144) : rng.int(0, 300)),
    );
    const own = ownExecutionId(writer, step % OWN_EXECUTIONS_PER_WRITER);
    await Promise.all([
      adapter.appendOutput(SHARED_OUTPUT_ID, lines),
      adapter.saveExecution(writerExecution(own, writer, step)),
      adapter.saveExecution(writerExecution(SHARED_EXECUTION_ID, writer, step)),
    ]);
  }
  await adapter.disconnect();
  process.stdout.write('done\n');
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`shared-writer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
