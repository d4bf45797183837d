import { execFile } from 'node:child_process';
import path from 'node:path';
import type { FreshJob } from '../fresh-child';
import { childEnv, compiledRoot } from './compiled';

/** Runs one job in a new Node process (bench/fresh-child.ts, compiled; see compiled.ts) and returns what it timed. */
export async function runFresh(dir: string, job: FreshJob): Promise<{ ms: number; items: number }> {
  const args = [path.join(await compiledRoot(dir), 'bench', 'fresh-child.js'), JSON.stringify(job)];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: path.join(__dirname, '..', '..'), env: childEnv(), maxBuffer: 1 << 20, timeout: 300_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`fresh process ${job.kind} failed: ${stderr || error.message}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as { ms: number; items: number });
    });
  });
}

/**
 * `runs` rounds of one fresh process per job, rotating which job goes first, after one untimed
 * run of the library's job (which lets it build anything it keeps on disk, as a server that ran
 * before has). `dir` is the run's folder. Checks each returned `expected` items. Milliseconds per
 * job, in the jobs' order.
 */
export async function interleaveFresh(dir: string, runs: number, jobs: readonly FreshJob[], expected: number): Promise<number[][]> {
  const samples = jobs.map(() => [] as number[]);
  for (let run = -1; run < runs; run++) {
    for (let k = 0; k < (run < 0 ? 1 : jobs.length); k++) {
      const index = (Math.max(run, 0) + k) % jobs.length;
      const result = await runFresh(dir, jobs[index]);
      if (result.items !== expected) throw new Error(`${jobs[index].kind} returned ${result.items} items, expected ${expected}`);
      if (run >= 0) samples[index].push(result.ms);
    }
  }
  return samples;
}
