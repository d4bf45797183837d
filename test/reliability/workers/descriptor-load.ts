/**
 * Puts the file backend under heavy load of its own in a process with few file descriptors:
 * `count` appendOutput calls, each to a new execution, and `count` saveExecution calls of new
 * executions, all started at once. Prints one JSON line: the descriptor limit it ran under, how
 * many descriptors it held at most (sampled as each call settled), and every call that failed.
 *
 * argv: dataDir count
 */
import { readdirSync, readFileSync } from 'node:fs';
import { FileStorageAdapter } from '../../../src/adapters/file-storage-adapter';
import { loadExecution, loadLine, loadOutputId } from '../support/descriptor-load-records';

const [dataDir, countText] = process.argv.slice(2);
const count = Number(countText);

function descriptorLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((text) => text.startsWith('Max open files'));
  return Number(line?.split(/\s+/)[3]);
}

async function main(): Promise<void> {
  const adapter = new FileStorageAdapter(dataDir);
  await adapter.connect();
  let peakDescriptors = 0;
  const failures: string[] = [];
  const track = (kind: string, index: number, call: Promise<void>): Promise<void> =>
    call.then(
      () => {
        peakDescriptors = Math.max(peakDescriptors, readdirSync('/proc/self/fd').length);
      },
      (error: unknown) => {
        failures.push(`${kind} ${index}: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  const calls: Promise<void>[] = [];
  for (let index = 0; index < count; index++) {
    calls.push(track('append', index, adapter.appendOutput(loadOutputId(index), [loadLine(index)])));
    calls.push(track('save', index, adapter.saveExecution(loadExecution(index))));
  }
  await Promise.all(calls);
  await adapter.disconnect();
  process.stdout.write(`${JSON.stringify({ limit: descriptorLimit(), peakDescriptors, failures })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`descriptor-load failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
