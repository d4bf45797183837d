import { CorruptRecordError } from '../../errors';
import { readFileHead } from './durable-fs';

/** Record files start with their revision, then (as this library writes them) their format and id. */
const HEAD = /^\{"revision":(\d{1,15}),/;
const ID_IN_HEAD = /^\{"revision":\d{1,15},"format":\d{1,6},"id":("(?:[^"\\]|\\.)*")/;
/** Enough for the revision, the format and the longest id with every byte escaped as JSON (`\u0001`). */
const HEAD_BYTES = 8_192;

export interface StoredHead {
  revision: number;
  /** The record's id; undefined when the file does not start as this library writes one. */
  id: string | undefined;
}

/** The record file's text for `document` at `revision`: the revision comes first. */
export function recordText(document: object, revision: number): string {
  return JSON.stringify({ revision, ...document });
}

/**
 * The revision and id at the start of the record file, read without reading the record; null
 * when there is no file. A file without a revision at its start (written before revisions, or
 * damaged), or something else than a regular file there, counts as revision 1.
 */
export async function storedHead(file: string): Promise<StoredHead | null> {
  let head: Buffer | null;
  try {
    head = await readFileHead(file, HEAD_BYTES);
  } catch (error) {
    // A link or special file where the record belongs: a save replaces it, as a damaged record.
    if (error instanceof CorruptRecordError) return { revision: 1, id: undefined };
    throw error;
  }
  if (head === null) return null;
  const match = HEAD.exec(head.toString('latin1'));
  return { revision: match === null ? 1 : Number(match[1]), id: idIn(head) };
}

function idIn(head: Buffer): string | undefined {
  const match = ID_IN_HEAD.exec(head.toString('utf8'));
  if (match === null) return undefined;
  try {
    const id: unknown = JSON.parse(match[1]);
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The revision of the record file (see storedHead); null when there is no file. */
export async function storedRevision(file: string): Promise<number | null> {
  return (await storedHead(file))?.revision ?? null;
}
