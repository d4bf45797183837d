import { CorruptRecordError } from '../../errors';
import { readFileHead } from './durable-fs';

/**
 * Record files start with their revision, so it can be read without reading the record; then,
 * when the last save committed output lines (SaveOptions.output), `"step":`; then (as this
 * library writes them) their format and id.
 */
const HEAD = /^\{"revision":(\d{1,16}),("step":)?/;
const JSON_STRING = '"(?:[^"\\\\]|\\\\.)*"';
const STEP = `"step":\\{"revision":\\d{1,16},"at":\\d{1,16},"lines":\\[(?:${JSON_STRING},?)*\\]\\},`;
const ID_IN_HEAD = new RegExp(`^\\{"revision":\\d{1,16},(?:${STEP})?"format":\\d{1,6},"id":(${JSON_STRING})`);
/** Enough for the revision, the step mark, the format and a short id. */
const SHORT_HEAD_BYTES = 64;
/** Enough for the longest id with every byte escaped as JSON (`\u0001`), read when the short head ends before the id. */
const HEAD_BYTES = 8_192;

export interface StoredHead {
  revision: number;
  /** Whether the record carries a step's output (StepOutput). */
  step: boolean;
  /**
   * The record's id; undefined when the file does not start as this library writes one, or when
   * a step's lines put it past the bytes read.
   */
  id: string | undefined;
}

/**
 * The output a fenced save committed with the state: its lines, to append to the output tagged
 * with the new `revision`, and the output file's size before, where the search for them starts.
 */
export interface StepOutput {
  revision: number;
  at: number;
  lines: string[];
}

/** The record file's content for `document` at `revision`: the revision comes first, then the step's output if any. */
export function recordValue(document: object, revision: number, step?: StepOutput): object {
  return step === undefined ? { revision, ...document } : { revision, step, ...document };
}

/** The record file's text for `document` at `revision` (see recordValue). */
export function recordText(document: object, revision: number, step?: StepOutput): string {
  return JSON.stringify(recordValue(document, revision, step));
}

/**
 * The revision, step mark and id at the start of the record file, read without reading the
 * record; null when there is no file. A file without a revision at its start (written before
 * revisions, or damaged), or something else than a regular file there, counts as revision 1.
 */
export async function storedHead(file: string): Promise<StoredHead | null> {
  const short = await readHead(file, SHORT_HEAD_BYTES);
  if (short === undefined) return { revision: 1, step: false, id: undefined };
  if (short === null) return null;
  const match = HEAD.exec(short.toString('latin1'));
  let id = idIn(short);
  // Only a file this library wrote has its id near the start; read more when it may be past the short head.
  if (id === undefined && match !== null && short.length === SHORT_HEAD_BYTES) {
    const long = await readHead(file, HEAD_BYTES);
    id = long === null || long === undefined ? undefined : idIn(long);
  }
  return match === null ? { revision: 1, step: false, id } : { revision: Number(match[1]), step: match[2] !== undefined, id };
}

/** The file's first `length` bytes; null when there is no file, undefined when it is not a regular file. */
async function readHead(file: string, length: number): Promise<Buffer | null | undefined> {
  try {
    return await readFileHead(file, length);
  } catch (error) {
    // A link or special file where the record belongs: a save replaces it, as a damaged record.
    if (error instanceof CorruptRecordError) return undefined;
    throw error;
  }
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
  const head = await readHead(file, SHORT_HEAD_BYTES);
  if (head === undefined) return 1;
  if (head === null) return null;
  const match = HEAD.exec(head.toString('latin1'));
  return match === null ? 1 : Number(match[1]);
}
