/**
 * Read-cache worker: the other process of read-cache-across-processes.test.ts. For each line
 * `A <version>` on stdin it reads execution A (which the parent just replaced) and the unchanged
 * execution Z, saves B at the same version, and answers `B <version> <version of A it read>
 * <version of Z it read>`. Its cache trusts every file at once, so a stale entry would show.
 *
 * argv: dataDir
 */
import { createInterface } from 'node:readline';
import { RepositoryStorageAdapter } from '../../../src/adapters/repository-storage-adapter';
import { createFileBackend } from '../../../src/repositories/file';
import { FileStore } from '../../../src/repositories/file/file-store';
import { alternatingExecution, versionOf } from '../support/alternating-records';

const [dataDir] = process.argv.slice(2);

async function main(): Promise<void> {
  const backend = createFileBackend(dataDir, undefined, { settledAfterMs: -1, durability: 'relaxed' });
  const adapter = new RepositoryStorageAdapter(backend);
  await adapter.connect();
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) {
    const [kind, text] = line.split(' ');
    if (kind === 'stop') break;
    const version = Number(text);
    const seenA = versionOf(await adapter.getExecution('A'));
    const seenZ = versionOf(await adapter.getExecution('Z'));
    await adapter.saveExecution(alternatingExecution('B', version));
    process.stdout.write(`B ${version} ${seenA} ${seenZ}\n`);
  }
  const hits = (backend.connection as FileStore).cache.hits;
  await adapter.disconnect();
  process.stdout.write(`hits ${hits}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`cache-alternator failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
