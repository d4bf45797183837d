import { promises as fs, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter } from '../../src';
import { CorruptRecordError } from '../../src/errors';
import { formatOutputRecord } from '../../src/repositories/file/output-log';
import { CHECKPOINT_BYTES, SCAN_BLOCK_BYTES } from '../../src/repositories/file/output-scan';
import { useTempDir } from '../support/fixtures';

/** Counts the bytes every FileHandle.read() of this process reads, and the largest single read. */
async function countReads(): Promise<{ readonly bytes: number; readonly largest: number; reset(): void; restore(): void }> {
  const probe = await fs.open(__filename, 'r');
  const prototype = Object.getPrototypeOf(probe) as { read: (...args: unknown[]) => Promise<{ bytesRead: number }> };
  await probe.close();
  const original = prototype.read;
  const counts = { bytes: 0, largest: 0 };
  prototype.read = async function read(this: unknown, ...args: unknown[]) {
    const result = await original.apply(this, args);
    counts.bytes += result.bytesRead;
    counts.largest = Math.max(counts.largest, result.bytesRead);
    return result;
  };
  return {
    get bytes() {
      return counts.bytes;
    },
    get largest() {
      return counts.largest;
    },
    reset() {
      counts.bytes = 0;
      counts.largest = 0;
    },
    restore() {
      prototype.read = original;
    },
  };
}

const LINES = 1_000_000;
const PER_RECORD = 1000;
const line = (i: number): string => `line ${i} of the output`;

describe('file backend: output in pieces', () => {
  const dir = useTempDir('cvm-paging-');

  async function connected(options: { cacheBytes?: number } = {}): Promise<FileStorageAdapter> {
    const adapter = new FileStorageAdapter(dir(), options);
    await adapter.connect();
    return adapter;
  }

  const outputFile = (id: string): string => path.join(dir(), 'outputs', `${id}.jsonl`);

  /** Writes the records straight into the output file, as that many appends would have. */
  function writeOutput(id: string, records: string[]): void {
    writeFileSync(outputFile(id), records.join(''));
  }

  it('reads the last 100 lines of a 1,000,000-line output reading a bounded part of the file', async () => {
    const adapter = await connected();
    const records: string[] = [];
    for (let start = 0; start < LINES; start += PER_RECORD) records.push(formatOutputRecord(Array.from({ length: PER_RECORD }, (_, i) => line(start + i))));
    writeOutput('big', records);
    const size = (await fs.stat(outputFile('big'))).size;
    expect(size).toBeGreaterThan(25_000_000);
    const last100 = Array.from({ length: 100 }, (_, i) => line(LINES - 100 + i));
    const reads = await countReads();
    try {
      // The first length scans the whole file, one block at a time.
      expect(await adapter.getOutputLength('big')).toBe(LINES);
      expect(reads.bytes).toBe(size);
      expect(reads.largest).toBeLessThanOrEqual(SCAN_BLOCK_BYTES);

      // Then a range near the end starts at the last indexed position before it.
      reads.reset();
      expect(await adapter.getOutput('big', { from: LINES - 100 })).toStrictEqual(last100);
      expect(reads.bytes).toBeLessThan(CHECKPOINT_BYTES + 2 * SCAN_BLOCK_BYTES);
      reads.reset();
      expect(await adapter.getOutput('big', { from: 500_000, limit: 3 })).toStrictEqual([line(500_000), line(500_001), line(500_002)]);
      expect(reads.bytes).toBeLessThan(CHECKPOINT_BYTES + 2 * SCAN_BLOCK_BYTES);

      // A length after an append reads only what was appended since.
      await adapter.appendOutput('big', ['appended']);
      reads.reset();
      expect(await adapter.getOutputLength('big')).toBe(LINES + 1);
      expect(reads.bytes).toBeLessThan(2 * SCAN_BLOCK_BYTES);
      expect(await adapter.getOutput('big', { from: LINES - 1 })).toStrictEqual([line(LINES - 1), 'appended']);

      // Without the index (another adapter), the range is still read one block at a time.
      const fresh = await connected({ cacheBytes: 0 });
      reads.reset();
      const before = process.memoryUsage().heapUsed;
      expect(await fresh.getOutput('big', { from: LINES - 100, limit: 100 })).toStrictEqual(last100);
      expect(reads.largest).toBeLessThanOrEqual(SCAN_BLOCK_BYTES);
      // Far less than the file's 25 MB as one string (50 MB in UTF-16) or its million lines.
      expect(process.memoryUsage().heapUsed - before).toBeLessThan(size);
      await fresh.disconnect();
    } finally {
      reads.restore();
    }
    await adapter.disconnect();
  }, 60_000);

  it('every range reads what getOutput(id) reads, with torn records, format 1 records and records across blocks', async () => {
    const adapter = await connected();
    const big = 'é€👍'.repeat(SCAN_BLOCK_BYTES / 4); // multi-byte characters across block boundaries
    writeOutput('mixed', [
      '\n["one","two"]', // format 1
      formatOutputRecord(['three']),
      '\n{"format":2,"lines":["torn', // a record torn by a crash, never acknowledged
      formatOutputRecord([big, 'four']),
      '\n["torn',
      formatOutputRecord(['five', '', 'six']),
      '\n{"format":2,"lines":["torn at the end',
    ]);
    const all = await adapter.getOutput('mixed');
    expect(all).toStrictEqual(['one', 'two', 'three', big, 'four', 'five', '', 'six']);
    expect(await adapter.getOutputLength('mixed')).toBe(all.length);
    for (const reader of [adapter, await connected({ cacheBytes: 0 })]) {
      for (let from = 0; from <= all.length; from++) {
        for (const limit of [0, 1, 2, 3, undefined]) {
          const range = limit === undefined ? { from } : { from, limit };
          expect(await reader.getOutput('mixed', range)).toStrictEqual(all.slice(from, limit === undefined ? undefined : from + limit));
        }
      }
    }
  });

  it('a damaged line in the range read is a CorruptRecordError naming the file and line, as getOutput(id) reports it', async () => {
    const adapter = await connected();
    writeOutput('damaged', [formatOutputRecord(['a']), '\nnot json', formatOutputRecord(['b'])]);
    const whole = await adapter.getOutput('damaged').catch((error: unknown) => error);
    expect(whole).toBeInstanceOf(CorruptRecordError);
    const ranged = await adapter.getOutput('damaged', { from: 0 }).catch((error: unknown) => error);
    expect(ranged).toBeInstanceOf(CorruptRecordError);
    expect((ranged as Error).message).toBe((whole as Error).message);
    await expect(adapter.getOutputLength('damaged')).rejects.toBeInstanceOf(CorruptRecordError);
    // A range that ends before the damage does not read it.
    expect(await adapter.getOutput('damaged', { from: 0, limit: 1 })).toStrictEqual(['a']);
  });

  it('the index notices a file rewritten in place or replaced, even at the same size', async () => {
    const adapter = await connected();
    const lines = (tag: string) => Array.from({ length: 50 }, (_, i) => `${tag} ${String(i).padStart(3, '0')}`);
    writeOutput('e', lines('old').map((text) => formatOutputRecord([text])));
    expect(await adapter.getOutputLength('e')).toBe(50);
    expect(await adapter.getOutput('e', { from: 48 })).toStrictEqual(['old 048', 'old 049']);
    // Same inode, same size, other lines: the bytes before the indexed frontier differ.
    writeFileSync(outputFile('e'), lines('new').map((text) => formatOutputRecord([text])).join(''));
    expect(await adapter.getOutput('e', { from: 48 })).toStrictEqual(['new 048', 'new 049']);
    // Another file renamed over it, with fewer, longer records.
    const replacement = path.join(dir(), 'replacement');
    writeFileSync(replacement, [formatOutputRecord(lines('next').slice(0, 25)), formatOutputRecord(lines('next').slice(25, 30))].join(''));
    renameSync(replacement, outputFile('e'));
    expect(await adapter.getOutputLength('e')).toBe(30);
    expect(await adapter.getOutput('e', { from: 24, limit: 2 })).toStrictEqual(['next 024', 'next 025']);
  });
});
