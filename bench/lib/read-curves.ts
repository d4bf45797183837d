import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter } from '../../src';
import { readFolderParallel } from './floor';
import { SqliteStore } from './sqlite-store';
import { msSince, now } from './stats';
import type { Chart } from './svg-chart';

/**
 * One point of the list and page curves at the store's current size: each side starts cold in
 * this process (a new adapter, a new SQLite connection: nothing kept from earlier calls, though
 * the process and its compiled code are warm), one sample each, read for the curve's shape.
 * The original package, by proxy: it lists by reading and parsing every file one after the other,
 * and has no query, so its page is that list sorted and cut to the page.
 */
export interface ReadPoint {
  count: number;
  list: { library: number; floor: number; sqlite: number; original: number };
  page: { library: number; sqlite: number; original: number };
}

const READ_CONCURRENCY = 32;

export async function readPoint(dataDir: string, db: string, count: number, pageSize: number): Promise<ReadPoint> {
  const time = async (fn: () => Promise<unknown>): Promise<number> => {
    const start = now();
    await fn();
    return msSince(start);
  };
  const coldAdapter = async <T>(fn: (adapter: FileStorageAdapter) => Promise<T>): Promise<number> => {
    const adapter = new FileStorageAdapter(dataDir);
    await adapter.connect();
    try {
      return await time(() => fn(adapter));
    } finally {
      await adapter.disconnect();
    }
  };
  const coldSqlite = async (fn: (store: SqliteStore) => unknown): Promise<number> => {
    const store = new SqliteStore(db, 'NORMAL');
    try {
      return await time(async () => fn(store));
    } finally {
      store.close();
    }
  };
  const executions = path.join(dataDir, 'executions');
  return {
    count,
    list: {
      library: await coldAdapter((adapter) => adapter.listExecutions()),
      floor: await time(() => readFolderParallel(executions, READ_CONCURRENCY)),
      sqlite: await coldSqlite((store) => store.listExecutions()),
      original: await time(() => originalList(executions)),
    },
    page: {
      library: await coldAdapter((adapter) => adapter.queryExecutions({ limit: pageSize })),
      sqlite: await coldSqlite((store) => store.page(pageSize)),
      original: await time(async () => (await originalList(executions)).sort(byCreatedThenId).slice(0, pageSize)),
    },
  };
}

type Listed = { id: string; created: Date };

async function originalList(directory: string): Promise<Listed[]> {
  const listed: Listed[] = [];
  for (const name of await fs.readdir(directory)) {
    if (!name.endsWith('.json')) continue;
    const parsed = JSON.parse(await fs.readFile(path.join(directory, name), 'utf-8')) as Listed & { created: string | Date };
    parsed.created = new Date(parsed.created);
    listed.push(parsed);
  }
  return listed;
}

const byCreatedThenId = (a: Listed, b: Listed): number => a.created.getTime() - b.created.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function readCharts(points: readonly ReadPoint[], pageSize: number): Record<string, Chart> {
  const series = <K extends 'list' | 'page'>(kind: K, side: keyof ReadPoint[K]) => points.map((point) => [point.count, point[kind][side] as number] as const);
  return {
    'list-vs-executions-23': {
      title: 'listExecutions vs stored executions (cold)',
      xLabel: 'executions stored',
      yLabel: 'ms per list',
      series: [
        { name: 'library', points: series('list', 'library') },
        { name: 'floor', points: series('list', 'floor'), dashed: true },
        { name: 'SQLite', points: series('list', 'sqlite') },
        { name: 'original (proxy)', points: series('list', 'original'), dashed: true },
      ],
    },
    'page-vs-executions': {
      title: `First page of ${pageSize} vs stored executions (cold)`,
      xLabel: 'executions stored',
      yLabel: 'ms per page',
      series: [
        { name: 'library', points: series('page', 'library') },
        { name: 'SQLite', points: series('page', 'sqlite') },
        { name: 'original (proxy)', points: series('page', 'original'), dashed: true },
      ],
    },
  };
}
