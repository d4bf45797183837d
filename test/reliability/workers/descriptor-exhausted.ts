/**
 * Calls appendOutput and saveExecution on new ids while the process has only `free` file
 * descriptors left (the rest taken by /dev/null opens, as an application's sockets would take
 * them). Prints one JSON line per call: whether it resolved, and the error code if not. The
 * parent then checks that a call that failed wrote nothing.
 *
 * argv: dataDir free [held]; with `held`, the descriptors the warm-up left open stay open.
 */
import { closeSync, openSync } from 'node:fs';
import { FileStorageAdapter } from '../../../src/adapters/file-storage-adapter';
import { loadExecution } from '../support/descriptor-load-records';

const [dataDir, freeText, keepHeld] = process.argv.slice(2);
const free = Number(freeText);

/** Opens /dev/null until the limit, then closes `free` of them; returns the rest. */
function takeAllDescriptorsBut(count: number): number[] {
  const taken: number[] = [];
  for (;;) {
    try {
      taken.push(openSync('/dev/null', 'r'));
    } catch {
      break;
    }
  }
  for (let index = 0; index < count; index++) closeSync(taken.pop() as number);
  return taken;
}

async function outcome(call: Promise<void>): Promise<{ ok: boolean; code?: string; cause?: string }> {
  return call.then(
    () => ({ ok: true }),
    (error: Error & { code?: string; cause?: { code?: string } }) => ({ ok: false, code: error.code, cause: error.cause?.code }),
  );
}

async function main(): Promise<void> {
  const adapter = new FileStorageAdapter(dataDir);
  await adapter.connect();
  // Warm up whatever Node opens on first use, so only the calls below compete for descriptors.
  await adapter.appendOutput('warm-up', ['x']);
  await adapter.saveExecution(loadExecution(0));
  // Closes the descriptors the store keeps open between calls (held-appenders.ts, written-files.ts),
  // so that `free` is what the calls below can have.
  if (keepHeld !== 'held') {
    await adapter.disconnect();
    await adapter.connect();
  }
  const taken = takeAllDescriptorsBut(free);
  const append = await outcome(adapter.appendOutput('exhausted-out', ['the line']));
  const save = await outcome(adapter.saveExecution(loadExecution(1)));
  for (const fd of taken) closeSync(fd);
  await adapter.disconnect();
  process.stdout.write(`${JSON.stringify({ append, save })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`descriptor-exhausted failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
