/**
 * Crash worker: saves executions and programs, moves the current pointer and appends output as
 * fast as it can until the parent SIGKILLs it. Before each write it reports `B <slot> <version>
 * <size>` and after the write is acknowledged `A <slot> <version>`, each with one synchronous
 * write() to the report file, so whatever the parent reads after the kill was really reported.
 *
 * The library is loaded before the parent says go, so the next worker can load while the parent
 * checks the data folder the previous one left.
 *
 * argv: dataDir reportFile trial seed outputId [durability]
 */
import { openSync, writeSync } from 'node:fs';
import { FileStorageAdapter } from '../../../src/adapters/file-storage-adapter';
import type { Durability } from '../../../src/repositories/file/file-options';
import { goSignal } from '../support/go-signal';
import {
  CRASH_EXECUTION_IDS,
  CRASH_PROGRAM_IDS,
  CURRENT_SLOT,
  VERSION_STRIDE,
  crashExecution,
  crashOutputLines,
  crashProgram,
  currentValue,
} from '../support/crash-records';
import { Rng } from '../support/rng';

const [dataDir, reportFile, trialText, seedText, outputId, durabilityText = 'strict'] = process.argv.slice(2);
const durability = durabilityText as Durability;
const trial = Number(trialText);
const seed = Number(seedText);
const report = openSync(reportFile, 'a');
/** A bound on the loop; the parent kills the worker long before it is reached. */
const MAX_OPERATIONS = 100_000;

function say(line: string): void {
  writeSync(report, `${line}\n`);
}

/** Records: one write in flight at a time, on a random slot. */
async function recordLane(adapter: FileStorageAdapter): Promise<void> {
  const rng = new Rng(seed);
  for (let n = 0; n < MAX_OPERATIONS; n++) {
    const version = trial * VERSION_STRIDE + n;
    const size = rng.chance(0.1) ? rng.int(50_000, 400_000) : rng.int(0, 2_000);
    const pick = rng.next();
    if (pick < 0.6) {
      const id = CRASH_EXECUTION_IDS[rng.int(0, CRASH_EXECUTION_IDS.length - 1)];
      say(`B exec:${id} ${version} ${size}`);
      await adapter.saveExecution(crashExecution(id, version, size));
      say(`A exec:${id} ${version}`);
    } else if (pick < 0.8) {
      const id = CRASH_PROGRAM_IDS[rng.int(0, CRASH_PROGRAM_IDS.length - 1)];
      say(`B prog:${id} ${version} ${size}`);
      await adapter.saveProgram(crashProgram(id, version, size));
      say(`A prog:${id} ${version}`);
    } else {
      say(`B ${CURRENT_SLOT} ${version} 0`);
      await adapter.setCurrentExecutionId(currentValue(version));
      say(`A ${CURRENT_SLOT} ${version}`);
    }
  }
}

/** Output: appends in order, alongside the record lane, some large enough to be torn. */
async function outputLane(adapter: FileStorageAdapter): Promise<void> {
  const rng = new Rng(seed ^ 0x5bd1e995);
  for (let record = 0; record < MAX_OPERATIONS; record++) {
    const sizes = Array.from({ length: rng.int(1, 4) }, () => (rng.chance(0.05) ? rng.int(100_000, 400_000) : rng.int(0, 200)));
    say(`B out ${record} ${sizes.join(',')}`);
    await adapter.appendOutput(outputId, crashOutputLines(trial, record, sizes));
    say(`A out ${record}`);
  }
}

async function main(): Promise<void> {
  process.stdout.write('loaded\n');
  await goSignal();
  const adapter = new FileStorageAdapter(dataDir, { durability });
  await adapter.connect();
  process.stdout.write('ready\n');
  await Promise.all([recordLane(adapter), outputLane(adapter)]);
  await adapter.disconnect();
  process.stdout.write('done\n');
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`crash-writer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
