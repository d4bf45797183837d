import type { Readable } from 'node:stream';
import { ImportFormatError } from '../cli-errors';

/**
 * Longest line `import` reads, in bytes: far above any line an export writes (a record is at most
 * 16 MiB counted as BSON, an output line at most 4 MiB of lines, which JSON escaping can grow some
 * sixfold), and far below the longest string the JavaScript engine can hold.
 */
export const MAX_LINE_BYTES = 128 * 1024 * 1024;

export interface StreamLine {
  /** 1-based. */
  number: number;
  bytes: Buffer;
}

/** The lines of `input`, split at newlines (a last line without one included), each bounded by `maxBytes`. */
export async function* readLines(input: Readable, maxBytes = MAX_LINE_BYTES): AsyncGenerator<StreamLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let number = 0;
  const tooLong = (): ImportFormatError => new ImportFormatError(number + 1, `the line is longer than ${maxBytes} bytes, longer than any line an export writes`);
  for await (const data of input) {
    const chunk = typeof data === 'string' ? Buffer.from(data, 'utf8') : (data as Buffer);
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      const piece = chunk.subarray(start, newline === -1 ? chunk.length : newline);
      if (pendingBytes + piece.length > maxBytes) throw tooLong();
      if (newline === -1) {
        if (piece.length > 0) {
          pending.push(piece);
          pendingBytes += piece.length;
        }
        break;
      }
      number++;
      yield { number, bytes: pending.length === 0 ? piece : Buffer.concat([...pending, piece]) };
      pending = [];
      pendingBytes = 0;
      start = newline + 1;
    }
  }
  if (pendingBytes > 0) yield { number: number + 1, bytes: Buffer.concat(pending) };
}
