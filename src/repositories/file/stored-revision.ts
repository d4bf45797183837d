import { CorruptRecordError } from '../../errors';
import { readFileHead } from './durable-fs';

/**
 * Record files start with their revision, so it can be read without reading the record; then,
 * when the last save committed output lines (SaveOptions.output), `"step":`.
 */
const HEAD = /^\{"revision":(\d{1,16}),("step":)?/;
const HEAD_BYTES = 40;

/**
 * The output a fenced save committed with the state: its lines, to append to the output tagged
 * with the new `revision`, and the output file's size before, where the search for them starts.
 */
export interface StepOutput {
  revision: number;
  at: number;
  lines: string[];
}

/** The record file's text for `document` at `revision`: the revision comes first, then the step's output if any. */
export function recordText(document: object, revision: number, step?: StepOutput): string {
  return JSON.stringify(step === undefined ? { revision, ...document } : { revision, step, ...document });
}

/** The stored revision (see storedRevision) and whether the record carries a step's output. */
export async function storedHead(file: string): Promise<{ revision: number; step: boolean } | null> {
  let head: Buffer | null;
  try {
    head = await readFileHead(file, HEAD_BYTES);
  } catch (error) {
    if (error instanceof CorruptRecordError) return { revision: 1, step: false };
    throw error;
  }
  if (head === null) return null;
  const match = HEAD.exec(head.toString('latin1'));
  return match === null ? { revision: 1, step: false } : { revision: Number(match[1]), step: match[2] !== undefined };
}

/**
 * The revision of the record file, read from its first bytes; null when there is no file. A file
 * without a revision at its start (written before revisions, or damaged), or something else than
 * a regular file there, counts as revision 1.
 */
export async function storedRevision(file: string): Promise<number | null> {
  // A link or special file where the record belongs counts as revision 1: a save replaces it, as a damaged record.
  return (await storedHead(file))?.revision ?? null;
}
