import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileStorageAdapter } from '../../src/adapters/file-storage-adapter';
import type { ExecutionRevision } from '../../src/types';
import { HISTORY_EXECUTION_ID, historyStep } from './support/history-steps';
import { Rng } from './support/rng';
import { RUN_SEED, bySize, printSeed } from './support/size';
import { WorkerBuild, captureStderr, exitOf, waitForLine } from './support/worker-build';

printSeed();

const TRIALS = bySize(12, 100);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let build: WorkerBuild;
beforeAll(async () => {
  build = await WorkerBuild.create();
});
afterAll(() => build?.dispose());

async function allRevisions(adapter: FileStorageAdapter): Promise<ExecutionRevision[]> {
  const revisions: ExecutionRevision[] = [];
  let before: number | null = null;
  do {
    const page = await adapter.listExecutionRevisions(HISTORY_EXECUTION_ID, { limit: 1000, ...(before === null ? {} : { before }) });
    revisions.push(...page.revisions);
    before = page.next;
  } while (before !== null);
  return revisions;
}

/*
 * A history save on files writes the record and links that very file as its entry (no lock when
 * the caller did not fence, only the claim of the next revision): a kill at any instant must
 * leave the old head with every state before it, or the new head with the state it replaced.
 */
describe.each(['strict', 'relaxed'] as const)('history crash safety: a stepping writer SIGKILLed at random instants (file backend, %s)', (durability) => {
  let root: string;
  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), `cvm-history-crash-${durability}-`));
  });
  afterAll(async () => {
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it(`keeps every state saved before the head, each as it was saved, across ${TRIALS} kills (seed ${RUN_SEED})`, async () => {
    const rng = new Rng(RUN_SEED);
    const dataDir = path.join(root, 'data');
    let acknowledged = 0;
    const start = (trial: number) => {
      const reportFile = path.join(root, `report-${trial}.txt`);
      const child = build.start('history-stepper', [dataDir, reportFile, durability]);
      captureStderr(child);
      const loaded = waitForLine(child, 'loaded');
      loaded.catch(() => undefined);
      return { child, exited: exitOf(child), loaded, reportFile };
    };
    // The next worker loads the library while this one runs and the data folder is checked.
    let next = start(0);
    for (let trial = 0; trial < TRIALS; trial++) {
      const context = `trial ${trial} (seed ${RUN_SEED})`;
      const { child, exited, loaded, reportFile } = next;
      if (trial + 1 < TRIALS) next = start(trial + 1);
      await loaded;
      const ready = waitForLine(child, 'ready');
      child.stdin.write('go\n');
      await ready;
      await sleep(rng.int(5, 120));
      child.kill('SIGKILL');
      const exit = await exited;
      expect({ context, signal: exit.signal, stderr: exit.stderr }).toEqual({ context, signal: 'SIGKILL', stderr: '' });
      const acks = (await fs.readFile(reportFile, 'utf8').catch(() => '')).split('\n').filter((line) => line.startsWith('A '));
      if (acks.length > 0) acknowledged = Number(acks[acks.length - 1].slice(2));

      const adapter = new FileStorageAdapter(dataDir, { history: { keep: 'all' } });
      await adapter.connect();
      try {
        const head = await adapter.readExecution(HISTORY_EXECUTION_ID);
        expect({ context, headAtLeastAcknowledged: (head?.execution.pc ?? -1) >= acknowledged }).toEqual({ context, headAtLeastAcknowledged: true });
        const revisions = await allRevisions(adapter);
        const output = await adapter.getOutput(HISTORY_EXECUTION_ID);
        const base = revisions[revisions.length - 1].revision;
        // Every revision from the created one to the head, once, newest first, each the state its step saved.
        expect({ context, revisions: revisions.map((entry) => [entry.revision, entry.pc]) }).toEqual({
          context,
          revisions: Array.from({ length: head!.execution.pc + 1 }, (_, index) => [head!.revision - index, head!.execution.pc - index]),
        });
        expect(base).toBe(head!.revision - head!.execution.pc);
        for (const entry of revisions) {
          expect({ context, read: await adapter.readExecution(HISTORY_EXECUTION_ID, { revision: entry.revision }) }).toEqual({ context, read: { execution: historyStep(entry.pc), revision: entry.revision } });
          // The output as the state left it: its own line last (a state whose entry a kill cut off
          // is recorded later with the length then, which may hold the next step's line too).
          const last = entry.outputLength === 0 ? null : output[entry.outputLength - 1];
          expect({ context, pc: entry.pc, last: entry.pc === 0 ? entry.outputLength : [`line ${entry.pc}`, `line ${entry.pc + 1}`].includes(last ?? '') }).toEqual({ context, pc: entry.pc, last: entry.pc === 0 ? 0 : true });
        }
      } finally {
        await adapter.disconnect();
      }
    }
    expect(acknowledged).toBeGreaterThan(TRIALS);
  }, bySize(240_000, 1_200_000));
});
