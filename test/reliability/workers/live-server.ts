/**
 * A CVM server's writes on a file store, for `check --repair` to run against: each step saves a
 * new execution, appends its first line, makes it current, and appends a line to one long-running
 * execution (`steady`). It starts when the parent writes a line to stdin and prints `done` at the end.
 *
 * argv: dataDir steps
 */
import { FileStorageAdapter } from '../../../src/adapters/file-storage-adapter';
import { newExecution } from '../../../src/testing/new-execution';

const [dataDir, stepsText] = process.argv.slice(2);
const steps = Number(stepsText);

async function main(): Promise<void> {
  const adapter = new FileStorageAdapter(dataDir);
  await adapter.connect();
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  process.stdin.pause();
  for (let step = 0; step < steps; step++) {
    const id = `live-${step}`;
    await adapter.saveExecution(newExecution(id, 'p0'));
    await adapter.appendOutput(id, [`first line of ${id}`]);
    await adapter.setCurrentExecutionId(id);
    await adapter.appendOutput('steady', [`steady ${step}`]);
  }
  await adapter.disconnect();
  process.stdout.write('done\n');
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`live-server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
