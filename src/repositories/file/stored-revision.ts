import { CorruptRecordError } from '../../errors';
import { readFileHead } from './durable-fs';

/** Record files start with their revision, so it can be read without reading the record. */
const HEAD = /^\{"revision":(\d{1,16}),/;
const HEAD_BYTES = 32;

/** The record file's text for `document` at `revision`: the revision comes first. */
export function recordText(document: object, revision: number): string {
  return JSON.stringify({ revision, ...document });
}

/**
 * The revision of the record file, read from its first bytes; null when there is no file. A file
 * without a revision at its start (written before revisions, or damaged), or something else than
 * a regular file there, counts as revision 1.
 */
export async function storedRevision(file: string): Promise<number | null> {
  let head: Buffer | null;
  try {
    head = await readFileHead(file, HEAD_BYTES);
  } catch (error) {
    // A link or special file where the record belongs: a save replaces it, as a damaged record.
    if (error instanceof CorruptRecordError) return 1;
    throw error;
  }
  if (head === null) return null;
  const match = HEAD.exec(head.toString('latin1'));
  return match === null ? 1 : Number(match[1]);
}
