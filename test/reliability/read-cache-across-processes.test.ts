import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { RepositoryStorageAdapter } from '../../src/adapters/repository-storage-adapter';
import { createFileBackend } from '../../src/repositories/file';
import type { FileStore } from '../../src/repositories/file/file-store';
import { alternatingExecution, versionOf } from './support/alternating-records';
import { bySize } from './support/size';
import { WorkerBuild, captureStderr, exitOf, waitForLine } from './support/worker-build';

const ROUNDS = bySize(200, 2_000);

/*
 * Two processes with read caches that trust every file at once take turns: this one replaces
 * execution A, the worker reads it; the worker replaces B, this one reads it. Each version has the
 * same size as the last, and the turns are sub-millisecond, so only the inode (a save renames a
 * new file over the old) tells versions apart. Both also read Z, which never changes: those reads
 * must come from the cache, or the test would prove nothing about it. Relaxed durability in both:
 * the fsyncs it skips change no inode, size or time a cache looks at.
 */
describe('read cache across processes', () => {
  let build: WorkerBuild;
  let dataDir: string;

  beforeAll(async () => {
    build = await WorkerBuild.create();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cvm-cache-two-'));
  });

  afterAll(async () => {
    await build?.dispose();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it(`never returns a version another process has replaced (${ROUNDS} alternating rounds)`, async () => {
    const backend = createFileBackend(dataDir, undefined, { settledAfterMs: -1, durability: 'relaxed' });
    const adapter = new RepositoryStorageAdapter(backend);
    await adapter.connect();
    await adapter.saveExecution(alternatingExecution('Z', 7));
    await adapter.saveExecution(alternatingExecution('B', 0));

    const child = build.start('cache-alternator', [dataDir]);
    captureStderr(child);
    const exited = exitOf(child);
    await waitForLine(child, 'ready');
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const nextLine = async (): Promise<string> => {
      const { value, done } = await lines.next();
      if (done) throw new Error(`worker stopped: ${(await exited).stderr}`);
      return value as string;
    };

    const stale: string[] = [];
    try {
      for (let version = 1; version <= ROUNDS; version++) {
        // Read B and Z first, so this process holds B's previous version in its cache.
        if (versionOf(await adapter.getExecution('B')) !== version - 1) stale.push(`B before round ${version}`);
        if (versionOf(await adapter.getExecution('Z')) !== 7) stale.push(`Z in round ${version}`);
        await adapter.saveExecution(alternatingExecution('A', version));
        child.stdin.write(`A ${version}\n`);
        const [, seenVersion, seenA, seenZ] = (await nextLine()).split(' ').map(Number);
        if (seenVersion !== version || seenA !== version || seenZ !== 7) stale.push(`worker in round ${version}: A ${seenA}, Z ${seenZ}`);
        if (versionOf(await adapter.getExecution('B')) !== version) stale.push(`B after round ${version}`);
      }
      child.stdin.end('stop\n');
      const workerHits = Number((await nextLine()).split(' ')[1]);
      expect(await exited).toEqual({ code: 0, signal: null, stderr: '' });
      expect(stale).toEqual([]);
      // Z (and, in the worker, A's unchanged reads) came from the cache: the cache was in use.
      expect((backend.connection as FileStore).cache.hits).toBeGreaterThanOrEqual(ROUNDS);
      expect(workerHits).toBeGreaterThanOrEqual(ROUNDS - 1);
    } finally {
      await adapter.disconnect();
    }
  }, 120_000);
});
