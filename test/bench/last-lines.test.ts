import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lastLines, tailLines } from '../../bench/fresh-child';
import { formatOutputRecord } from '../../src/repositories/file/output-log';

describe('bench floor of the last lines of an output', () => {
  const lines = Array.from({ length: 5_000 }, (_, i) => `line ${i} ${'é'.repeat(i % 7)} ${'x'.repeat(i % 50)}`);
  const text = Array.from({ length: lines.length / 2 }, (_, i) => formatOutputRecord(lines.slice(i * 2, i * 2 + 2))).join('');

  it('parses records from the end until it has enough, in order', () => {
    expect(lastLines(text, 100)).toEqual(lines.slice(-100));
    expect(lastLines(text, 3)).toEqual(lines.slice(-3));
    expect(lastLines(`\n["a","b"]${text}`, lines.length + 2)).toEqual(['a', 'b', ...lines]);
  });

  it('reads a file backwards in chunks and gives the same lines as the whole text', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-tail-'));
    try {
      const file = path.join(dir, 'out.jsonl');
      await fs.writeFile(file, text);
      expect(Buffer.byteLength(text)).toBeGreaterThan(64 * 1024);
      expect(await tailLines(file, 100)).toEqual(lines.slice(-100));
      expect(await tailLines(file, 4_000)).toEqual(lines.slice(-4_000));
      expect(await tailLines(file, 10_000)).toEqual(lines);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
