import { promises as fs } from 'node:fs';
import path from 'node:path';
import { readFolderParallel } from './lib/floor';
import { msSince, now } from './lib/stats';

/**
 * One measurement in a process of its own (see bench/lib/fresh-process.ts): nothing the library,
 * the floor or SQLite kept in memory from earlier calls helps it. Prints {ms, items} as one JSON
 * line; `ms` times the call only, after the imports and the connect (or open).
 */
export type FreshJob =
  | { kind: 'library-list'; dataDir: string }
  | { kind: 'floor-list'; dataDir: string }
  | { kind: 'sqlite-list'; db: string }
  | { kind: 'library-page'; dataDir: string; limit: number }
  | { kind: 'sqlite-page'; db: string; limit: number }
  | { kind: 'library-tail'; dataDir: string; executionId: string; count: number }
  | { kind: 'floor-tail'; file: string; count: number }
  | { kind: 'sqlite-tail'; db: string; executionId: string; count: number };

const READ_CONCURRENCY = 32;

async function run(job: FreshJob): Promise<{ ms: number; items: number }> {
  switch (job.kind) {
    case 'library-list':
    case 'library-page':
    case 'library-tail': {
      const { FileStorageAdapter } = await import('../src');
      const adapter = new FileStorageAdapter(job.dataDir);
      await adapter.connect();
      const start = now();
      let items: number;
      if (job.kind === 'library-list') items = (await adapter.listExecutions()).length;
      else if (job.kind === 'library-page') items = (await adapter.queryExecutions({ limit: job.limit })).executions.length;
      else {
        const length = await adapter.getOutputLength(job.executionId);
        items = (await adapter.getOutput(job.executionId, { from: Math.max(0, length - job.count) })).length;
      }
      const ms = msSince(start);
      await adapter.disconnect();
      return { ms, items };
    }
    case 'floor-list': {
      const start = now();
      const items = (await readFolderParallel(path.join(job.dataDir, 'executions'), READ_CONCURRENCY)).length;
      return { ms: msSince(start), items };
    }
    case 'floor-tail': {
      const start = now();
      const items = (await tailLines(job.file, job.count)).length;
      return { ms: msSince(start), items };
    }
    default: {
      const { SqliteStore } = await import('./lib/sqlite-store');
      const store = new SqliteStore(job.db, 'NORMAL');
      const start = now();
      let items: number;
      if (job.kind === 'sqlite-list') items = store.listExecutions().length;
      else if (job.kind === 'sqlite-page') items = store.page(job.limit).length;
      else items = store.lastLines(job.executionId, job.count).length;
      const ms = msSince(start);
      store.close();
      return { ms, items };
    }
  }
}

const TAIL_CHUNK = 64 * 1024;

/** The floor of reading the end of an output: the file read backwards, 64 KB at a time, until `count` lines. */
export async function tailLines(file: string, count: number): Promise<string[]> {
  const handle = await fs.open(file, 'r');
  try {
    let position = (await handle.stat()).size;
    let bytes = Buffer.alloc(0);
    for (;;) {
      const length = Math.min(TAIL_CHUNK, position);
      position -= length;
      const chunk = Buffer.alloc(length);
      await handle.read(chunk, 0, length, position);
      bytes = Buffer.concat([chunk, bytes]);
      // A newline byte never occurs inside a multi-byte character: from the first one, the records are whole.
      const whole = position === 0 ? bytes : bytes.subarray(Math.max(bytes.indexOf(10), 0));
      const lines = lastLines(whole.toString('utf8'), count);
      if (lines.length >= count || position === 0) return lines;
    }
  } finally {
    await handle.close();
  }
}

/** The last `count` lines of an output file's text: its records parsed from the end until enough. */
export function lastLines(text: string, count: number): string[] {
  const found: string[][] = [];
  let total = 0;
  let end = text.length;
  while (total < count && end > 0) {
    const start = text.lastIndexOf('\n', end - 1);
    const record = text.slice(start + 1, end);
    end = Math.max(start, 0);
    if (record === '') continue;
    const parsed = JSON.parse(record) as string[] | { lines: string[] };
    const lines = Array.isArray(parsed) ? parsed : parsed.lines;
    found.push(lines);
    total += lines.length;
  }
  return found.reverse().flat().slice(Math.max(0, total - count));
}

if (require.main === module) {
  run(JSON.parse(process.argv[2]) as FreshJob).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
