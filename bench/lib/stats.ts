/** Wall-clock timing with process.hrtime.bigint() and the summary every table row reports. */

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function now(): bigint {
  return process.hrtime.bigint();
}

export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Milliseconds one call of `fn` takes. */
export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const start = now();
  await fn();
  return msSince(start);
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/**
 * Runs `a` and `b` alternately `runs` times, swapping which goes first on every run, so drift in
 * machine load (other processes, page cache, disk write-back) falls on both sides alike.
 * Each function returns its own measurement for the run (usually milliseconds).
 */
export async function interleave(
  runs: number,
  a: (run: number) => Promise<number>,
  b: (run: number) => Promise<number>,
): Promise<{ a: number[]; b: number[] }> {
  const samples = { a: [] as number[], b: [] as number[] };
  for (let run = 0; run < runs; run++) {
    if (run % 2 === 0) {
      samples.a.push(await a(run));
      samples.b.push(await b(run));
    } else {
      samples.b.push(await b(run));
      samples.a.push(await a(run));
    }
  }
  return samples;
}

/** Accumulates milliseconds under named parts, e.g. the five calls of a step. */
export class PartTimer {
  readonly totals = new Map<string, number>();

  async time<T>(part: string, fn: () => Promise<T>): Promise<T> {
    const start = now();
    const result = await fn();
    this.totals.set(part, (this.totals.get(part) ?? 0) + msSince(start));
    return result;
  }
}
