import { nullIfMissing } from '../../util/null-if-missing';
import type { FileStore } from './file-store';
import { withOpenFiles } from './open-files';
import { checkOutputGrowth } from '../output-cap';
import { formatOutputRecord, holdsStep } from './output-log';
import { openRegularFile, READ_ONLY } from './regular-files';
import type { StepOutput } from './stored-revision';

/*
 * The output lines a fenced save commits with the state (SaveOptions.output), on the file
 * backend. Everything here runs holding the execution record's lock. The save writes the record
 * carrying the step's lines (`step` in stored-revision.ts), which is the commit: the step won.
 * Then it appends them to the output tagged with the step's revision. A writer that dies between
 * the two leaves the lines in the record only; the next fenced save of the execution (which
 * takes the same lock) finds `step` at the head of the record and appends them unless the
 * output already holds the tagged record: so a winning step's lines land exactly once, and a
 * losing step, refused before it wrote anything, leaves none. The writer's own append checks the
 * same way, since another process may have completed the step while the writer was stopped past
 * its lock's lease. Once this process has appended (or found) a record file's step, it notes the
 * revision, so that later saves and appends at that revision skip the record and output reads.
 */

/** Per store, the revision of each record file whose step this process knows is in the output. */
const appendedSteps = new WeakMap<FileStore, Map<string, number>>();

function noteAppended(store: FileStore, recordFile: string, revision: number): void {
  let steps = appendedSteps.get(store);
  if (steps === undefined) appendedSteps.set(store, (steps = new Map()));
  steps.set(recordFile, revision);
}

/** Whether this process appended (or found) the step of `recordFile` at `revision`. */
export function isStepAppended(store: FileStore, recordFile: string, revision: number): boolean {
  return appendedSteps.get(store)?.get(recordFile) === revision;
}

/**
 * The step output a fenced save at `revision` commits, with where its search starts (the output
 * file's size), refused (ValidationError) before the save writes anything when its lines would
 * take the output past the cap: checked after the write, the state would be committed with lines
 * that can never be appended, and every later fenced save would fail completing them.
 */
export async function stepOutputOf(store: FileStore, executionId: string, revision: number, lines: string[]): Promise<StepOutput> {
  const at = await outputSize(store, executionId);
  checkOutputGrowth(executionId)(at, Buffer.byteLength(formatOutputRecord(lines, revision)));
  return { revision, at, lines };
}

/** The output file's size, where a step's search for its lines starts; 0 when there is none. */
function outputSize(store: FileStore, executionId: string): Promise<number> {
  const file = outputPath(store, executionId);
  return store.io(file, 'inspect', () =>
    withOpenFiles(async () => {
      const opened = await openRegularFile(file, READ_ONLY).catch(nullIfMissing);
      if (opened === null) return 0;
      await opened.handle.close();
      return Number(opened.stats.size);
    }),
  );
}

/**
 * Appends the step output the execution's record file carries at `revision` (if any) unless the
 * output holds it; `queued`: the caller already runs in this process's queue of writes to the
 * output file.
 */
export async function completeStoredStep(store: FileStore, executionId: string, recordFile: string, revision: number, queued = false): Promise<void> {
  if (isStepAppended(store, recordFile, revision)) return;
  store.forget(recordFile);
  const content = await store.readJson(recordFile);
  const step = (content?.value as { step?: unknown } | null)?.step;
  if (!isStepOutput(step)) return;
  const complete = async () => {
    if (!(await holdsStepSince(store, executionId, step))) await appendLines(store, executionId, step);
    noteAppended(store, recordFile, step.revision);
  };
  await (queued ? complete() : store.writes.run(outputPath(store, executionId), complete));
}

/** Whether a record's stored `step` is a step's output as the save wrote it. */
function isStepOutput(value: unknown): value is StepOutput {
  const step = value as StepOutput | null;
  return (
    typeof step === 'object' &&
    step !== null &&
    Number.isSafeInteger(step.revision) &&
    Number.isSafeInteger(step.at) &&
    Array.isArray(step.lines) &&
    step.lines.every((line) => typeof line === 'string')
  );
}

/**
 * The writer's append of the step it committed in `recordFile`: the step's lines, tagged with its
 * revision, after this process's earlier appends to the output, unless the output holds them
 * already (another process completed the step while this writer was stopped).
 */
export function appendStep(store: FileStore, executionId: string, recordFile: string, step: StepOutput): Promise<void> {
  return store.writes.run(outputPath(store, executionId), async () => {
    if (!(await holdsStepSince(store, executionId, step))) await appendLines(store, executionId, step);
    noteAppended(store, recordFile, step.revision);
  });
}

function appendLines(store: FileStore, executionId: string, step: StepOutput): Promise<void> {
  const file = outputPath(store, executionId);
  const record = formatOutputRecord(step.lines, step.revision);
  return store.io(file, 'append to', async () => {
    await store.appenders.append(file, record, checkOutputGrowth(executionId), store.durability);
  });
}

/** Whether the output holds the step's tagged record at or after `step.at`. */
function holdsStepSince(store: FileStore, executionId: string, step: StepOutput): Promise<boolean> {
  const file = outputPath(store, executionId);
  return store.io(file, 'read', () =>
    withOpenFiles(async () => {
      const opened = await openRegularFile(file, READ_ONLY).catch(nullIfMissing);
      if (opened === null) return false;
      try {
        const size = Number(opened.stats.size);
        const from = step.at <= size ? step.at : 0;
        const buffer = Buffer.alloc(size - from);
        let read = 0;
        while (read < buffer.length) {
          const { bytesRead } = await opened.handle.read(buffer, read, buffer.length - read, from + read);
          if (bytesRead === 0) break;
          read += bytesRead;
        }
        return holdsStep(buffer.subarray(0, read).toString('utf8'), step.revision);
      } finally {
        await opened.handle.close();
      }
    }),
  );
}

function outputPath(store: FileStore, executionId: string): string {
  return store.recordPath('outputs', executionId, '.jsonl');
}
