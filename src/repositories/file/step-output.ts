import { nullIfMissing } from '../../util/null-if-missing';
import { appendFileDurably } from './durable-fs';
import type { FileStore } from './file-store';
import { withOpenFiles } from './open-files';
import { checkOutputGrowth } from './output-limit';
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
 * losing step, refused before it wrote anything, leaves none.
 */

/** The output file's size, where a step's search for its lines starts; 0 when there is none. */
export function outputSize(store: FileStore, executionId: string): Promise<number> {
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
 * Appends the step output the execution's record file carries (if any) unless the output holds
 * it; `queued`: the caller already runs in this process's queue of writes to the output file.
 */
export async function completeStoredStep(store: FileStore, executionId: string, recordFile: string, queued = false): Promise<void> {
  store.forget(recordFile);
  const content = await store.readJson(recordFile);
  const step = (content?.value as { step?: unknown } | null)?.step;
  if (isStepOutput(step) && !(await holdsStepSince(store, executionId, step))) await appendStep(store, executionId, step, queued);
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

/** Appends the step's lines to the output, tagged with its revision, after this process's earlier appends to it. */
export function appendStep(store: FileStore, executionId: string, step: StepOutput, queued = false): Promise<void> {
  const file = outputPath(store, executionId);
  const record = formatOutputRecord(step.lines, step.revision);
  const append = () => store.io(file, 'append to', () => appendFileDurably(file, record, checkOutputGrowth(executionId), store.durability));
  return queued ? append() : store.writes.run(file, append);
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
