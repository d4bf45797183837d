import { promises as fs, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter } from '../../src';
import { RepositoryStorageAdapter } from '../../src/adapters/repository-storage-adapter';
import { createFileBackend } from '../../src/repositories/file';
import { outputIndexPath } from '../../src/repositories/file/output-index-file';
import { formatOutputRecord } from '../../src/repositories/file/output-log';
import { SCAN_BLOCK_BYTES } from '../../src/repositories/file/output-scan';
import { STORE_AFTER_BYTES } from '../../src/repositories/file/output-reads';
import { useTempDir } from '../support/fixtures';

/** Counts the bytes every FileHandle.read() of this process reads (the sidecar is read with readFile, not counted). */
async function countReads(): Promise<{ readonly bytes: number; reset(): void; restore(): void }> {
  const probe = await fs.open(__filename, 'r');
  const prototype = Object.getPrototypeOf(probe) as { read: (...args: unknown[]) => Promise<{ bytesRead: number }> };
  await probe.close();
  const original = prototype.read;
  let bytes = 0;
  prototype.read = async function read(this: unknown, ...args: unknown[]) {
    const result = await original.apply(this, args);
    bytes += result.bytesRead;
    return result;
  };
  return {
    get bytes() {
      return bytes;
    },
    reset() {
      bytes = 0;
    },
    restore() {
      prototype.read = original;
    },
  };
}

const LINES = 100_000;
const line = (i: number, tag = 'line'): string => `${tag} ${i} of the output`;

/** Two lines per record, as a stepping server appends them. */
function records(count: number, tag = 'line'): string {
  let text = '';
  for (let i = 0; i < count; i += 2) text += formatOutputRecord([line(i, tag), line(i + 1, tag)]);
  return text;
}

describe('file backend: the line index stored beside an output', () => {
  const dir = useTempDir('cvm-line-index-');
  const opened: RepositoryStorageAdapter[] = [];

  /** A new adapter: what it knows of an output comes from the disk, as in a process started now. */
  async function fresh(options: { cacheBytes?: number; readOnly?: boolean } = {}): Promise<RepositoryStorageAdapter> {
    const { readOnly, ...rest } = options;
    const adapter = readOnly === true ? new RepositoryStorageAdapter(createFileBackend(dir(), undefined, { readOnly: true })) : new FileStorageAdapter(dir(), rest);
    await adapter.connect();
    opened.push(adapter);
    return adapter;
  }

  afterEach(async () => {
    for (const adapter of opened.splice(0)) await adapter.disconnect();
  });

  const outputFile = (id: string): string => path.join(dir(), 'outputs', `${id}.jsonl`);
  const sidecarExists = (id: string): Promise<boolean> => fs.stat(outputIndexPath(outputFile(id))).then(() => true, () => false);

  async function seeded(id: string): Promise<number> {
    await fresh();
    writeFileSync(outputFile(id), records(LINES));
    const size = (await fs.stat(outputFile(id))).size;
    expect(size).toBeGreaterThan(STORE_AFTER_BYTES);
    return size;
  }

  it('lets a later adapter read the last 100 lines of 100,000 without counting the file from its start', async () => {
    const size = await seeded('big');
    const first = await fresh();
    expect(await first.getOutputLength('big')).toBe(LINES);
    expect(await sidecarExists('big')).toBe(true);

    const later = await fresh();
    const reads = await countReads();
    try {
      expect(await later.getOutputLength('big')).toBe(LINES);
      expect(reads.bytes).toBeLessThan(SCAN_BLOCK_BYTES);
      reads.reset();
      const tail = await later.getOutput('big', { from: LINES - 100 });
      expect(tail).toStrictEqual(Array.from({ length: 100 }, (_, i) => line(LINES - 100 + i)));
      expect(reads.bytes).toBeLessThan(2 * SCAN_BLOCK_BYTES);
      expect(reads.bytes).toBeLessThan(size / 10);
    } finally {
      reads.restore();
    }
  });

  it('reads every range near the end as a scan from the start would, torn records among them', async () => {
    await fresh();
    // A torn record (an append cut by a crash) and a record of no lines, near the end.
    const text = records(LINES - 10) + '\n{"format":2,"lines":["torn' + formatOutputRecord([]) + formatOutputRecord(Array.from({ length: 10 }, (_, i) => line(LINES - 10 + i)));
    writeFileSync(outputFile('torn'), text);
    expect(await (await fresh()).getOutputLength('torn')).toBe(LINES);
    const expected = (from: number, limit?: number) => Array.from({ length: Math.min(limit ?? LINES, LINES - from) }, (_, i) => line(from + i));
    for (const from of [LINES - 1, LINES - 7, LINES - 10, LINES - 11, LINES - 2_000, LINES - 9_999]) {
      expect(await (await fresh()).getOutput('torn', { from })).toStrictEqual(expected(from));
      expect(await (await fresh()).getOutput('torn', { from, limit: 3 })).toStrictEqual(expected(from, 3));
    }
    expect(await (await fresh()).getOutput('torn', { from: LINES })).toStrictEqual([]);
  });

  it('counts the lines appended after the index was stored, by this process and others', async () => {
    await seeded('grown');
    expect(await (await fresh()).getOutputLength('grown')).toBe(LINES);
    const writer = await fresh();
    await writer.appendOutput('grown', ['one more', 'and another']);
    const reader = await fresh();
    expect(await reader.getOutputLength('grown')).toBe(LINES + 2);
    expect(await reader.getOutput('grown', { from: LINES - 1 })).toStrictEqual([line(LINES - 1), 'one more', 'and another']);
  });

  it('ignores an index that is not of the file there now: rewritten in place, replaced, or damaged', async () => {
    await seeded('other');
    expect(await (await fresh()).getOutputLength('other')).toBe(LINES);
    const stored = await fs.readFile(outputIndexPath(outputFile('other')), 'utf8');

    // The same inode, other bytes before the frontier and fewer lines per record.
    let text = '';
    for (let i = 0; i < LINES; i++) text += formatOutputRecord([line(i, 'new')]);
    writeFileSync(outputFile('other'), text);
    expect(await (await fresh()).getOutputLength('other')).toBe(LINES);
    expect(await (await fresh()).getOutput('other', { from: LINES - 1 })).toStrictEqual([line(LINES - 1, 'new')]);

    // Another file under the name, the old index put back beside it.
    await fs.rm(outputFile('other'));
    writeFileSync(outputFile('other'), records(LINES + 4, 'third'));
    await fs.writeFile(outputIndexPath(outputFile('other')), stored);
    expect(await (await fresh()).getOutputLength('other')).toBe(LINES + 4);

    for (const damage of ['', '{"format":1', JSON.stringify({ ...JSON.parse(stored), positions: [[5, 0, 0]] }), JSON.stringify({ ...JSON.parse(stored), format: 9 })]) {
      await fs.writeFile(outputIndexPath(outputFile('other')), damage);
      expect(await (await fresh()).getOutputLength('other')).toBe(LINES + 4);
    }
  });

  it('removes the index with the output, and writes none read-only or with the cache off', async () => {
    await seeded('gone');
    const adapter = await fresh();
    expect(await adapter.getOutputLength('gone')).toBe(LINES);
    expect(await sidecarExists('gone')).toBe(true);
    await adapter.deleteExecution('gone');
    expect(await sidecarExists('gone')).toBe(false);

    writeFileSync(outputFile('gone'), records(LINES));
    expect(await (await fresh({ readOnly: true })).getOutputLength('gone')).toBe(LINES);
    expect(await (await fresh({ cacheBytes: 0 })).getOutput('gone', { from: LINES - 2 })).toStrictEqual([line(LINES - 2), line(LINES - 1)]);
    expect(await sidecarExists('gone')).toBe(false);
  });

  it('leaves short outputs without an index', async () => {
    const adapter = await fresh();
    await adapter.appendOutput('short', ['a', 'b']);
    expect(await adapter.getOutputLength('short')).toBe(2);
    expect(await sidecarExists('short')).toBe(false);
  });
});
