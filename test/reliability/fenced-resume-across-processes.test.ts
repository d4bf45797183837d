import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StorageAdapter } from '../../src/adapters/storage-adapter';
import { FileStorageAdapter } from '../../src/adapters/file-storage-adapter';
import { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import { useStandIn } from '../support/fixtures';
import { resumedExecution, RESUMED_EXECUTION_ID, stepLine } from './support/resumed-execution';
import { bySize } from './support/size';
import { WorkerBuild, captureStderr, exitOf, waitForLine } from './support/worker-build';

const WORKERS = 4;
const ATTEMPTS = bySize(25, 200);

/** What the workers printed, by line kind: the revisions each won, lost and saw refused. */
function outcomes(stdout: string[]): { won: number[]; lost: number[]; refused: number[] } {
  const of = (kind: string) => stdout.filter((line) => line.startsWith(`${kind} `)).map((line) => Number(line.slice(kind.length + 1)));
  return { won: of('won'), lost: of('lost'), refused: of('refused') };
}

function linesOf(child: { stdout: NodeJS.ReadableStream }): string[] {
  const lines: string[] = [];
  let rest = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts);
  });
  return lines;
}

describe(`${WORKERS} processes resuming one execution with fenced saves`, () => {
  let build: WorkerBuild;
  let root: string;
  const mongo = useStandIn('standalone');

  beforeAll(async () => {
    build = await WorkerBuild.create();
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'cvm-fenced-'));
  });

  afterAll(async () => {
    await build?.dispose();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  async function race(backend: 'file' | 'mongodb', location: string, open: () => StorageAdapter): Promise<void> {
    const adapter = open();
    await adapter.connect();
    try {
      await adapter.createExecution(resumedExecution(0, -1));
      const children = Array.from({ length: WORKERS }, (_, worker) => build.start('fenced-resumer', [backend, location, String(worker), String(ATTEMPTS)]));
      children.forEach(captureStderr);
      const stdouts = children.map(linesOf);
      await Promise.all(children.map((child) => waitForLine(child, 'ready')));
      const exits = Promise.all(children.map(exitOf));
      for (const child of children) child.stdin.write('go\n');
      expect(await exits).toEqual(children.map(() => ({ code: 0, signal: null, stderr: '' })));

      const perWorker = stdouts.map(outcomes);
      const won = perWorker.flatMap((outcome) => outcome.won).sort((a, b) => a - b);
      // Exactly one save won from each revision, with no gap: revision r was left by exactly one winner.
      expect(won).toStrictEqual(Array.from({ length: won.length }, (_, index) => index + 1));
      expect(won.length).toBeGreaterThanOrEqual(ATTEMPTS);
      for (const outcome of perWorker) {
        expect(outcome.won.length + outcome.lost.length).toBe(ATTEMPTS);
        expect(outcome.refused).toStrictEqual(outcome.lost);
      }
      const stored = await adapter.readExecution(RESUMED_EXECUTION_ID);
      expect(stored?.revision).toBe(won.length + 1);
      // Every line is a winner's step, in revision order; no refused append left a line.
      const winners = new Map(perWorker.flatMap((outcome, worker) => outcome.won.map((revision) => [revision, worker] as const)));
      const output = await adapter.getOutput(RESUMED_EXECUTION_ID);
      const revisions = output.map((line) => Number(/^step from revision (\d+) by worker/.exec(line)?.[1] ?? NaN));
      expect(output).toStrictEqual(revisions.map((revision) => stepLine(revision, winners.get(revision) ?? -1)));
      expect([...revisions].sort((a, b) => a - b)).toStrictEqual(revisions);
      expect(new Set(revisions).size).toBe(revisions.length);
      expect(stored?.execution).toStrictEqual(resumedExecution(won.length, winners.get(won.length) ?? -1));
    } finally {
      await adapter.disconnect();
    }
  }

  it('on the file backend, exactly one process wins the save from each revision, and losers cannot append', async () => {
    const dataDir = path.join(root, 'data');
    await race('file', dataDir, () => new FileStorageAdapter(dataDir));
  });

  it('on MongoDB (the stand-in), exactly one process wins the save from each revision, and losers cannot append', async () => {
    const url = mongo.databaseUrl('fenced');
    await race('mongodb', url, () => new MongoDBStorageAdapter(url));
  });
});
