import { execFile } from 'node:child_process';
import path from 'node:path';

/**
 * Memory of one operation, measured in a child process of its own so nothing earlier in the run
 * counts. The child runs with --expose-gc and a young generation large enough that no garbage
 * collection runs during the call: it collects, reads heapUsed + external, runs the call, reads
 * them again (everything the call allocated, its garbage included, so the call's peak cannot be
 * higher), then collects and reads what the result keeps alive. Resident set size is not used: a
 * heap that has already grown and been collected reuses its pages, so RSS hides megabytes.
 */

export interface PeakMemory {
  /** heapUsed + external grown over the call with no GC in between: an upper bound of its peak. */
  allocatedBytes: number;
  /** heapUsed + external still held after a full GC, with the result kept alive. */
  retainedBytes: number;
  /** Garbage collections during the call; when not 0, allocatedBytes undercounts. */
  gcsDuringCall: number;
  /** How many items the operation returned, to check it did the whole job. */
  items: number;
}

export type MemoryProbe = { kind: 'library-output'; dataDir: string; executionId: string } | { kind: 'parse-file'; file: string };

/** Young generation size for the child, in MB: larger than anything one probe allocates. */
const SEMI_SPACE_MB = 256;

/**
 * Runs each probe `repeats` times, in turn, in one fresh Node with --expose-gc (a collection
 * before each call), and returns the measurements per probe.
 */
export function measurePeakMemory(probes: MemoryProbe[], repeats: number): Promise<PeakMemory[][]> {
  const args = ['--expose-gc', `--min-semi-space-size=${SEMI_SPACE_MB}`, `--max-semi-space-size=${SEMI_SPACE_MB}`, '-r', require.resolve('ts-node/register/transpile-only'), path.join(__dirname, '..', 'memory-child.ts'), JSON.stringify({ probes, repeats })];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: path.join(__dirname, '..', '..'), maxBuffer: 1 << 20, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`memory probe failed: ${stderr || error.message}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as PeakMemory[][]);
    });
  });
}
