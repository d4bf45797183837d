import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Row, RoundTripRow } from './report';
import type { Chart } from './svg-chart';

export interface BenchContext {
  /** A fresh folder of this run; each scenario makes its own sub-folders. */
  dir: string;
  /** BENCH_SIZE=stress: the larger sizes the issue names. */
  stress: boolean;
}

export interface ScenarioResult {
  rows: Row[];
  roundTrips?: RoundTripRow[];
  /** Sizes, byte counts and anything else a reader needs to judge the rows. */
  details: Record<string, unknown>;
  /** Curves to draw, by file name (without `.svg`). */
  charts?: Record<string, Chart>;
}

/** `<ctx.dir>/<name>`, created empty. */
export async function scenarioDir(ctx: BenchContext, name: string): Promise<string> {
  const dir = path.join(ctx.dir, name);
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

/** The file layout the file backend uses, for the floor to mirror it. */
export const layout = {
  execution: (dataDir: string, id: string) => path.join(dataDir, 'executions', `${id}.json`),
  program: (dataDir: string, id: string) => path.join(dataDir, 'programs', `${id}.json`),
  output: (dataDir: string, id: string) => path.join(dataDir, 'outputs', `${id}.jsonl`),
  metadata: (dataDir: string) => path.join(dataDir, 'metadata.json'),
};

export async function makeLayout(dataDir: string): Promise<void> {
  for (const folder of ['executions', 'programs', 'outputs']) await fs.mkdir(path.join(dataDir, folder), { recursive: true });
}

export async function fileSize(file: string): Promise<number> {
  return (await fs.stat(file)).size;
}
