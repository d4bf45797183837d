import { PerformanceObserver } from 'node:perf_hooks';
import { FileStorageAdapter } from '../src';
import { readAndParse } from './lib/floor';
import type { MemoryProbe, PeakMemory } from './lib/peak-memory';

/** Child of measurePeakMemory: runs the probes and prints what each call cost as one JSON line. */
const gc = (globalThis as { gc?: () => void }).gc;

function used(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

function collect(): void {
  if (gc === undefined) throw new Error('run with --expose-gc');
  gc();
  gc();
}

async function operation(probe: MemoryProbe): Promise<() => Promise<unknown[]>> {
  if (probe.kind === 'parse-file') return async () => (await readAndParse(probe.file)) as unknown[];
  const adapter = new FileStorageAdapter(probe.dataDir);
  await adapter.connect();
  return () => adapter.getOutput(probe.executionId);
}

async function measure(run: () => Promise<unknown[]>): Promise<PeakMemory> {
  let gcs = 0;
  const observer = new PerformanceObserver((list) => {
    gcs += list.getEntries().length;
  });
  collect();
  const before = used();
  observer.observe({ entryTypes: ['gc'] });
  const result = await run();
  const after = used();
  // GC entries are delivered asynchronously; let them arrive before counting.
  await new Promise((resolve) => setImmediate(resolve));
  observer.disconnect();
  collect();
  const retained = used();
  // Reading the result after the collection keeps it alive through it.
  return { allocatedBytes: after - before, retainedBytes: retained - before, gcsDuringCall: gcs, items: result.length };
}

async function main(): Promise<void> {
  const { probes, repeats } = JSON.parse(process.argv[2]) as { probes: MemoryProbe[]; repeats: number };
  const runs = await Promise.all(probes.map(operation));
  const results: PeakMemory[][] = probes.map(() => []);
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (let index = 0; index < probes.length; index++) results[index].push(await measure(runs[index]));
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
