import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileStorageAdapter } from '../../src/adapters/file-storage-adapter';
import { CrashLedger, parseReport } from './support/crash-ledger';
import { recordFigures } from './support/figures';
import { Rng } from './support/rng';
import { RUN_SEED, bySize, printSeed } from './support/size';
import { tempFilesIn } from './support/tree-snapshot';
import { WorkerBuild, captureStderr, exitOf, waitForLine, type Exit } from './support/worker-build';

printSeed();

/** Kills per durability mode: the issue asks for at least 50 across the run (two modes); the stress run does 300 each. */
const TRIALS = bySize(25, 300);
/** A new output file every few trials keeps the log, and the check of it, small. */
const TRIALS_PER_OUTPUT_FILE = 10;
/** Workers started ahead of their trial: loading the library is most of a trial's cost. */
const PRELOADED = 2;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Worker {
  child: ChildProcessWithoutNullStreams;
  exited: Promise<Exit>;
  loaded: Promise<void>;
  reportFile: string;
  outputId: string;
}

/*
 * Both durability modes: `relaxed` skips the fsyncs, which only matter for a power loss or a
 * kernel crash; a killed process must lose nothing acknowledged in either mode.
 */
/** One transpiled build of the library and the worker serves both durability modes. */
let build: WorkerBuild;
beforeAll(async () => {
  build = await WorkerBuild.create();
});
afterAll(() => build?.dispose());

describe.each(['strict', 'relaxed'] as const)('crash safety: a writer SIGKILLed at random instants (file backend, %s durability)', (durability) => {
  let root: string;

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), `cvm-crash-${durability}-`));
  });

  afterAll(async () => {
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it(`loses no acknowledged write and leaves every record readable across ${TRIALS} kills (seed ${RUN_SEED})`, async () => {
    const rng = new Rng(RUN_SEED);
    const dataDir = path.join(root, 'data');
    const ledger = new CrashLedger();
    const start = (trial: number): Worker => {
      const reportFile = path.join(root, `report-${trial}.txt`);
      const outputId = `crash-out-${Math.floor(trial / TRIALS_PER_OUTPUT_FILE)}`;
      const child = build.start('crash-writer', [dataDir, reportFile, String(trial), String(rng.int(0, 2 ** 31)), outputId, durability]);
      captureStderr(child);
      const loaded = waitForLine(child, 'loaded');
      loaded.catch(() => undefined);
      return { child, exited: exitOf(child), loaded, reportFile, outputId };
    };
    try {
      const waiting: Worker[] = [];
      for (let trial = 0; trial < TRIALS; trial++) {
        // The next workers load the library while this one runs and its data folder is checked.
        while (waiting.length <= PRELOADED && trial + waiting.length < TRIALS) waiting.push(start(trial + waiting.length));
        const { child, exited, loaded, reportFile, outputId } = waiting.shift()!;
        const context = `trial ${trial} (seed ${RUN_SEED})`;
        await loaded;
        const ready = waitForLine(child, 'ready');
        ready.catch(() => undefined);
        child.stdin.write('go\n');
        // One trial in ten is killed inside connect() or its first writes, the others at a random
        // instant after connect() returned.
        if (rng.chance(0.1)) {
          await sleep(rng.int(0, 30));
        } else {
          await ready;
          await sleep(rng.int(0, 150));
        }
        child.kill('SIGKILL');
        const exit = await exited;
        expect({ context, signal: exit.signal, code: exit.code, stderr: exit.stderr }).toEqual({
          context,
          signal: 'SIGKILL',
          code: null,
          stderr: '',
        });
        ledger.figures.trials += 1;
        ledger.figures.killedBySigkill += 1;

        const report = parseReport(await fs.readFile(reportFile, 'utf8').catch(() => ''));
        const leftovers = await tempFilesIn(dataDir);
        ledger.figures.tempFilesLeftByCrashes += leftovers.length;
        if (leftovers.length > 0) ledger.figures.trialsThatLeftTempFiles += 1;

        const adapter = new FileStorageAdapter(dataDir);
        await adapter.connect();
        try {
          expect({ context, tempFilesAfterConnect: await tempFilesIn(dataDir) }).toEqual({ context, tempFilesAfterConnect: [] });
          const problems = await ledger.check(adapter, dataDir, trial, outputId, report);
          expect({ context, problems }).toEqual({ context, problems: [] });
        } finally {
          await adapter.disconnect();
        }
      }
    } finally {
      await recordFigures(durability === 'strict' ? 'crashSafety' : 'crashSafetyRelaxed', { seed: RUN_SEED, ...ledger.figures });
    }
    expect(ledger.figures.trials).toBe(TRIALS);
    expect(ledger.figures.writesAcknowledged).toBeGreaterThan(TRIALS);
    expect(ledger.figures.recordsLost).toBe(0);
  }, bySize(180_000, 1_200_000));
});
