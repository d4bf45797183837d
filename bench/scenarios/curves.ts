import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter } from '../../src';
import { SETTLED_AFTER_MS } from '../../src/repositories/file/file-store';
import { makeExecution, makeLines, random } from '../fixtures';
import { type BenchContext, type ScenarioResult, layout, makeLayout, scenarioDir } from '../lib/context';
import { mapBounded, readAndParse, readFolderParallel } from '../lib/floor';
import { measurePeakMemory } from '../lib/peak-memory';
import { compare, type Row } from '../lib/report';
import { summarize, msSince, now } from '../lib/stats';
import { StepPair } from '../lib/step-pair';
import type { Chart } from '../lib/svg-chart';

/**
 * Cost against size: step time against the number of stored executions and against the length
 * of the step's output, listExecutions cold and warm against the number of executions, getOutput
 * time and memory against the number of lines. Small runs per point: these are curves, read for
 * their shape. BENCH_LARGE=1 (or BENCH_SIZE=stress) adds 100,000 executions and 1,000,000 lines.
 */
const STEP_RUNS = 3;
const STEPS = 20;
const WARMUP = 5;
const LIST_RUNS = 3;
const LINES_PER_APPEND = 1_000;
const FILL_CONCURRENCY = 16;

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, SETTLED_AFTER_MS + 200));
const median = (samples: number[]): number => summarize(samples).median;
const round = (value: number): number => Math.round(value * 1000) / 1000;

export async function curves(ctx: BenchContext): Promise<ScenarioResult> {
  const large = ctx.stress || process.env.BENCH_LARGE === '1';
  const counts = large ? [100, 1_000, 10_000, 100_000] : [100, 1_000, 10_000];
  const outputLengths = large ? [1_000, 10_000, 100_000, 1_000_000] : [1_000, 10_000, 100_000];
  const rows: Row[] = [];
  const charts: Record<string, Chart> = {};
  const details: Record<string, unknown> = { large, counts, outputLengths };

  // Step time and listing against the number of stored executions, all in one folder.
  const dir = await scenarioDir(ctx, 'curves-executions');
  const pair = await StepPair.create(dir, dir, 'strict', true, { executionId: 'curve-step' });
  const filler = new FileStorageAdapter(dir, { durability: 'relaxed', cacheBytes: 0 });
  await filler.connect();
  const step: { count: number; library: number[]; floor: number[] }[] = [];
  const list: { count: number; cold: number; warm: number; floor: number; cacheHeapMB: number; cacheFileMB: number }[] = [];
  let stored = 0;
  const base = Date.parse('2025-01-01T00:00:00.000Z');
  for (const count of counts) {
    const ids = Array.from({ length: count - stored }, (_, i) => `fill-${String(stored + i).padStart(7, '0')}`);
    await mapBounded(ids, FILL_CONCURRENCY, (id) => filler.saveExecution(makeExecution(id, 10, 10, 100 + Number(id.slice(5)), new Date(base))));
    stored = count;
    flushToDisk();
    const measured = await pair.measure(STEP_RUNS, STEPS, WARMUP);
    step.push({ count, library: measured.library, floor: measured.floor });
    if (count >= 1_000) list.push({ count, ...(await measureList(dir, count + 1)) });
  }
  await filler.disconnect();
  await pair.close();
  await fs.rm(dir, { recursive: true, force: true });

  const first = step[0];
  const last = step[step.length - 1];
  rows.push(
    ...step.map((point) => compare('Curves: step vs stored executions', `strict step, ${point.count.toLocaleString('en')} stored`, 'ms/step', point.library, point.floor)),
    compare(
      'Curves: step vs stored executions',
      `step at ${last.count.toLocaleString('en')} stored (floor column: at ${first.count})`,
      'ms/step',
      last.library,
      first.library,
      1.2,
      last.count < 100_000 ? '100,000 only with BENCH_LARGE=1' : undefined,
    ),
    ...list.flatMap((point) => [
      compare('Curves: listExecutions', `cold, ${point.count.toLocaleString('en')} executions`, 'ms', [point.cold], [point.floor]),
      compare('Curves: listExecutions', `warm, ${point.count.toLocaleString('en')} executions`, 'ms', [point.warm], [point.floor]),
    ]),
  );
  charts['step-vs-executions'] = {
    title: 'Strict step vs stored executions',
    xLabel: 'executions stored',
    yLabel: 'ms per step (median)',
    series: [
      { name: 'library', points: step.map((point) => [point.count, median(point.library)]) },
      { name: 'floor', points: step.map((point) => [point.count, median(point.floor)]), dashed: true },
    ],
  };
  charts['list-vs-executions'] = {
    title: 'listExecutions vs stored executions',
    xLabel: 'executions stored',
    yLabel: 'ms per list',
    series: [
      { name: 'library, cold', points: list.map((point) => [point.count, point.cold]) },
      { name: 'library, warm', points: list.map((point) => [point.count, point.warm]) },
      { name: 'floor', points: list.map((point) => [point.count, point.floor]), dashed: true },
    ],
  };
  details.step = step.map((point) => ({ count: point.count, libraryMs: round(median(point.library)), floorMs: round(median(point.floor)) }));
  details.list = list.map((point) => ({ ...point, cold: round(point.cold), warm: round(point.warm), floor: round(point.floor) }));

  // Step time against the length of the step's output file.
  const outputDir = await scenarioDir(ctx, 'curves-output-step');
  const outputPair = await StepPair.create(outputDir, outputDir, 'strict', true, { executionId: 'curve-step' });
  const outputStep: { lines: number; library: number[]; floor: number[] }[] = [];
  let written = 0;
  for (const lines of outputLengths) {
    await growOutput(outputDir, 'curve-step', written, lines);
    await fs.copyFile(layout.output(outputDir, 'curve-step'), outputPair.floorFiles.output);
    written = lines;
    flushToDisk();
    const measured = await outputPair.measure(STEP_RUNS, STEPS, WARMUP);
    outputStep.push({ lines, library: measured.library, floor: measured.floor });
  }
  await outputPair.close();
  await fs.rm(outputDir, { recursive: true, force: true });
  rows.push(...outputStep.map((point) => compare('Curves: step vs output length', `strict step, ${point.lines.toLocaleString('en')} lines`, 'ms/step', point.library, point.floor)));
  charts['step-vs-output'] = {
    title: 'Strict step vs lines already in its output',
    xLabel: 'output lines',
    yLabel: 'ms per step (median)',
    series: [
      { name: 'library', points: outputStep.map((point) => [point.lines, median(point.library)]) },
      { name: 'floor', points: outputStep.map((point) => [point.lines, median(point.floor)]), dashed: true },
    ],
  };
  details.outputStep = outputStep.map((point) => ({ lines: point.lines, libraryMs: round(median(point.library)), floorMs: round(median(point.floor)) }));

  // getOutput time and memory against the number of lines.
  const getDir = await scenarioDir(ctx, 'curves-get-output');
  const getOutput: { lines: number; library: number; floor: number; libraryMB: number; floorMB: number }[] = [];
  let grown = 0;
  for (const lines of outputLengths.filter((n) => n >= 10_000)) {
    await growOutput(getDir, 'big', grown, lines);
    grown = lines;
    const floorFile = path.join(getDir, 'floor-lines.json');
    await fs.writeFile(floorFile, JSON.stringify(linesOf(0, lines)));
    const adapter = new FileStorageAdapter(getDir);
    await adapter.connect();
    const library: number[] = [];
    const floor: number[] = [];
    for (let run = 0; run < LIST_RUNS; run++) {
      let start = now();
      const got = await adapter.getOutput('big');
      library.push(msSince(start));
      if (got.length !== lines) throw new Error(`getOutput returned ${got.length} lines, expected ${lines}`);
      start = now();
      await readAndParse(floorFile);
      floor.push(msSince(start));
    }
    await adapter.disconnect();
    const [libraryMemory, floorMemory] = await measurePeakMemory(
      [
        { kind: 'library-output', dataDir: getDir, executionId: 'big' },
        { kind: 'parse-file', file: floorFile },
      ],
      1,
    );
    getOutput.push({ lines, library: median(library), floor: median(floor), libraryMB: libraryMemory[0].allocatedBytes / 1e6, floorMB: floorMemory[0].allocatedBytes / 1e6 });
    rows.push(compare('Curves: getOutput', `getOutput, ${lines.toLocaleString('en')} lines`, 'ms', library, floor));
    rows.push(compare('Curves: getOutput', `getOutput memory, ${lines.toLocaleString('en')} lines`, 'MB', [libraryMemory[0].allocatedBytes / 1e6], [floorMemory[0].allocatedBytes / 1e6]));
  }
  await fs.rm(getDir, { recursive: true, force: true });
  charts['get-output'] = {
    title: 'getOutput vs lines',
    xLabel: 'output lines',
    yLabel: 'ms per call (median)',
    series: [
      { name: 'library', points: getOutput.map((point) => [point.lines, point.library]) },
      { name: 'floor', points: getOutput.map((point) => [point.lines, point.floor]), dashed: true },
    ],
  };
  charts['memory'] = {
    title: 'Memory: getOutput allocation and read-cache heap',
    xLabel: 'output lines / cached executions',
    yLabel: 'MB',
    series: [
      { name: 'getOutput, library', points: getOutput.map((point) => [point.lines, point.libraryMB]) },
      { name: 'getOutput, floor', points: getOutput.map((point) => [point.lines, point.floorMB]), dashed: true },
      { name: 'cache heap (executions)', points: list.map((point) => [point.count, point.cacheHeapMB]) },
      { name: 'cache file bytes', points: list.map((point) => [point.count, point.cacheFileMB]), dashed: true },
    ],
  };
  details.getOutput = getOutput.map((point) => ({ ...point, library: round(point.library), floor: round(point.floor), libraryMB: round(point.libraryMB), floorMB: round(point.floorMB) }));
  return { rows, details, charts };
}

/**
 * After the files settle: a cold list (a new adapter), the floor (read and parse every file), then
 * warm lists on the same adapter; and what the warm adapter's cache keeps on the heap.
 */
async function measureList(dir: string, expected: number): Promise<{ cold: number; warm: number; floor: number; cacheHeapMB: number; cacheFileMB: number }> {
  await settle();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const adapter = new FileStorageAdapter(dir, { cacheBytes: 1024 * 1024 * 1024 });
  await adapter.connect();
  let start = now();
  const listed = (await adapter.listExecutions()).length;
  const cold = msSince(start);
  if (listed !== expected) throw new Error(`listExecutions returned ${listed}, expected ${expected}`);
  gc?.();
  const cacheHeapMB = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  const cacheFileMB = (adapter.repositories as unknown as { connection: { cache: { usage: { bytes: number } } } }).connection.cache.usage.bytes / 1e6;
  const warm: number[] = [];
  for (let run = 0; run < LIST_RUNS; run++) {
    start = now();
    await adapter.listExecutions();
    warm.push(msSince(start));
  }
  await adapter.disconnect();
  start = now();
  await readFolderParallel(path.join(dir, 'executions'), 32);
  const floor = msSince(start);
  return { cold, warm: median(warm), floor, cacheHeapMB, cacheFileMB };
}

/**
 * The fill writes without fsync; its dirty pages would otherwise be flushed by the first strict
 * step's fsyncs and counted there. `sync` flushes them before the measurement.
 */
function flushToDisk(): void {
  execFileSync('sync');
}

function linesOf(from: number, to: number): string[] {
  const rand = random(from + 11);
  return makeLines(rand, from, to - from);
}

/** Appends lines `from` to `to` to the execution's output, LINES_PER_APPEND per call, unsynced. */
async function growOutput(dataDir: string, executionId: string, from: number, to: number): Promise<void> {
  await makeLayout(dataDir);
  const adapter = new FileStorageAdapter(dataDir, { durability: 'relaxed' });
  await adapter.connect();
  const lines = linesOf(0, to);
  for (let start = from; start < to; start += LINES_PER_APPEND) {
    await adapter.appendOutput(executionId, lines.slice(start, Math.min(to, start + LINES_PER_APPEND)));
  }
  await adapter.disconnect();
}
