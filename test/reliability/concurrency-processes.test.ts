import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileStorageAdapter } from '../../src/adapters/file-storage-adapter';
import { recordFigures } from './support/figures';
import { firstDifference } from '../support/same-value';
import {
  OWN_EXECUTIONS_PER_WRITER,
  SHARED_EXECUTION_ID,
  SHARED_OUTPUT_ID,
  ownExecutionId,
  parseSharedLine,
  writerExecution,
} from './support/shared-records';
import { RUN_SEED, bySize, printSeed } from './support/size';
import { tempFilesIn } from './support/tree-snapshot';
import { WorkerBuild, captureStderr, exitOf, waitForLine } from './support/worker-build';

printSeed();

const WRITERS = 4;
/** Appends per process (each with two saves beside it). */
const STEPS = bySize(150, 1_500);
/** A bound on the parent's reads while the writers run. */
const MAX_READS = 100_000;

/**
 * Checks the raw output log: every line a whole JSON array of strings holding exactly one call's
 * lines, in order, and each writer's calls in its own order, each exactly once.
 */
function checkSharedLog(text: string): { problems: string[]; records: number; lines: string[] } {
  const problems: string[] = [];
  const nextStep = new Array<number>(WRITERS).fill(0);
  const lines: string[] = [];
  let records = 0;
  for (const [number, raw] of text.split('\n').entries()) {
    if (raw === '') continue;
    let record: { format?: unknown; lines?: unknown };
    try {
      record = JSON.parse(raw) as typeof record;
    } catch {
      problems.push(`line ${number + 1} is torn: ${raw.slice(0, 60)}`);
      continue;
    }
    const parsed = record.lines;
    if (record.format !== 2 || !Array.isArray(parsed) || parsed.length === 0) {
      problems.push(`line ${number + 1} is not a record of format 2 with a non-empty array of lines`);
      continue;
    }
    records += 1;
    const first = parseSharedLine(String(parsed[0]));
    if (first === null) {
      problems.push(`line ${number + 1} holds a foreign line`);
      continue;
    }
    const whole =
      parsed.length === first.count &&
      parsed.every((item, index) => {
        const line = typeof item === 'string' ? parseSharedLine(item) : null;
        return line !== null && line.intact && line.writer === first.writer && line.step === first.step && line.index === index;
      });
    if (!whole) problems.push(`line ${number + 1} is not exactly the ${first.count} lines of writer ${first.writer} step ${first.step}`);
    if (first.step !== nextStep[first.writer]) {
      problems.push(`writer ${first.writer}: step ${first.step} where ${nextStep[first.writer]} was due (lost, duplicated or reordered)`);
    }
    nextStep[first.writer] = first.step + 1;
    lines.push(...(parsed as string[]));
  }
  nextStep.forEach((step, writer) => {
    if (step !== STEPS) problems.push(`writer ${writer}: the log ends at step ${step}, expected ${STEPS}`);
  });
  return { problems, records, lines };
}

describe('concurrency across processes (file backend)', () => {
  let build: WorkerBuild;
  let root: string;

  beforeAll(async () => {
    build = await WorkerBuild.create();
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'cvm-processes-'));
  });

  afterAll(async () => {
    await build?.dispose();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it(`${WRITERS} processes appending to one output and saving executions lose, duplicate and tear nothing (seed ${RUN_SEED})`, async () => {
    const dataDir = path.join(root, 'data');
    const children = Array.from({ length: WRITERS }, (_, writer) =>
      build.start('shared-writer', [dataDir, String(writer), String(STEPS), String(RUN_SEED + writer)]),
    );
    children.forEach(captureStderr);
    const exits = Promise.all(children.map(exitOf));
    await Promise.all(children.map((child) => waitForLine(child, 'ready')));

    const reader = new FileStorageAdapter(dataDir);
    await reader.connect();
    let running = true;
    void exits.then(() => (running = false));
    for (const child of children) child.stdin.write('go\n');

    // While the writers run, every read must succeed and see whole records; each output read
    // must extend the previous one, so all are prefixes of the final log.
    const readProblems: string[] = [];
    let previous: string[] = [];
    let reads = 0;
    try {
      while (running && reads < MAX_READS) {
        reads += 1;
        const output = await reader.getOutput(SHARED_OUTPUT_ID);
        if (firstDifference(previous, output.slice(0, previous.length)) !== null) readProblems.push(`read ${reads}: the output shrank or changed`);
        previous = output;
        const shared = await reader.getExecution(SHARED_EXECUTION_ID);
        if (shared !== null) {
          const difference = firstDifference(writerExecution(SHARED_EXECUTION_ID, shared.variables.writer as number, shared.pc), shared);
          if (difference !== null) readProblems.push(`read ${reads}: ${SHARED_EXECUTION_ID} is not a whole record: ${difference}`);
        }
        await reader.listExecutions();
      }
    } finally {
      await reader.disconnect();
    }

    const results = await exits;
    expect(results).toEqual(children.map(() => ({ code: 0, signal: null, stderr: '' })));

    const log = checkSharedLog(await fs.readFile(path.join(dataDir, 'outputs', `${SHARED_OUTPUT_ID}.jsonl`), 'utf8'));
    await recordFigures('concurrencyAcrossProcesses', {
      seed: RUN_SEED,
      processes: WRITERS,
      appendCalls: log.records,
      outputLines: log.lines.length,
      executionSaves: WRITERS * STEPS * 2,
      readsDuringWrites: reads,
      problemsInLog: log.problems.length,
      problemsInReads: readProblems.length,
    });
    expect(readProblems).toEqual([]);
    expect(log.problems).toEqual([]);
    expect(log.records).toBe(WRITERS * STEPS);
    expect(firstDifference(previous, log.lines.slice(0, previous.length))).toBeNull();

    const adapter = new FileStorageAdapter(dataDir);
    await adapter.connect();
    try {
      expect(firstDifference(log.lines, await adapter.getOutput(SHARED_OUTPUT_ID))).toBeNull();
      const wrong: string[] = [];
      for (let writer = 0; writer < WRITERS; writer++) {
        for (let slot = 0; slot < OWN_EXECUTIONS_PER_WRITER; slot++) {
          const id = ownExecutionId(writer, slot);
          const last = STEPS - 1 - ((STEPS - 1 - slot) % OWN_EXECUTIONS_PER_WRITER);
          const difference = firstDifference(writerExecution(id, writer, last), await adapter.getExecution(id));
          if (difference !== null) wrong.push(`${id}: ${difference}`);
        }
      }
      expect(wrong).toEqual([]);
      // The last rename wins, and it is some writer's last save: a whole record, never a mix.
      const shared = await adapter.getExecution(SHARED_EXECUTION_ID);
      expect(shared).not.toBeNull();
      expect(firstDifference(writerExecution(SHARED_EXECUTION_ID, shared!.variables.writer as number, STEPS - 1), shared)).toBeNull();
      expect(await adapter.listExecutions()).toHaveLength(WRITERS * OWN_EXECUTIONS_PER_WRITER + 1);
      expect(await tempFilesIn(dataDir)).toEqual([]);
    } finally {
      await adapter.disconnect();
    }

  }, bySize(60_000, 600_000));
});
