import { promises as fs } from 'node:fs';
import path from 'node:path';
import { STRESS } from './size';

export type Figures = Record<string, number | string>;

const FIGURES_FILE = path.join(__dirname, '..', 'last-run.json');
const LOCK_DIR = `${FIGURES_FILE}.lock`;

/**
 * With CVM_RECORD_FIGURES=1, merges `figures` under `topic` into test/reliability/last-run.json
 * (the numbers docs/reliability.md quotes). Otherwise does nothing, so plain runs write no files.
 */
export async function recordFigures(topic: string, figures: Figures): Promise<void> {
  if (process.env.CVM_RECORD_FIGURES !== '1') return;
  await withLock(async () => {
    let all: Record<string, unknown> = {};
    try {
      all = JSON.parse(await fs.readFile(FIGURES_FILE, 'utf8')) as Record<string, unknown>;
    } catch {
      all = {};
    }
    all[topic] = { size: STRESS ? 'stress' : 'ci', finished: new Date().toISOString(), ...figures };
    const sorted = Object.fromEntries(Object.keys(all).sort().map((key) => [key, all[key]]));
    const temp = `${FIGURES_FILE}.${process.pid}.tmp`;
    await fs.writeFile(temp, `${JSON.stringify(sorted, null, 2)}\n`);
    await fs.rename(temp, FIGURES_FILE);
  });
}

/** Jest may run test files in parallel workers: a lock folder serializes the read-modify-write. */
async function withLock(action: () => Promise<void>): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    try {
      await fs.mkdir(LOCK_DIR);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    try {
      await action();
    } finally {
      await fs.rm(LOCK_DIR, { recursive: true, force: true });
    }
    return;
  }
  throw new Error(`could not take ${LOCK_DIR}; remove it if no test run is active`);
}
