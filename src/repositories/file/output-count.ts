import { FORMAT_VERSION } from '../../codec/format-version';

/*
 * The number of lines an output record holds, read off its bytes without decoding them, for the
 * records a range read passes over. Only a record exactly as this library writes it is counted
 * here: `{"format":<current>,"lines":[...]}` (with `"step":<n>,` after the format, or format 1's
 * bare `[...]`), no whitespace, every element a well-formed JSON string. Such a record always
 * parses, with that many lines, so the count is what linesOfRecord gives. Anything else (a torn
 * record, damage, another writer's spacing) gets undefined: the caller parses it.
 */

/** Longer records are parsed: JSON.parse reads long text faster than a loop over its bytes. */
export const MAX_COUNTED_BYTES = 4_096;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const ZERO = 0x30;
const NINE = 0x39;
const ESCAPABLE = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);
const PREFIX = Buffer.from(`{"format":${FORMAT_VERSION},`);
const STEP = Buffer.from('"step":');
const LINES = Buffer.from('"lines":[');
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

function startsWithAt(bytes: Buffer, prefix: Buffer, at: number): boolean {
  return bytes.length - at >= prefix.length && bytes.compare(prefix, 0, prefix.length, at, at + prefix.length) === 0;
}

function isHex(byte: number): boolean {
  return (byte >= ZERO && byte <= NINE) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

/** Where the array of lines opens (the index after `[`), and how many bytes close the record after it; null when the record is not as written. */
function arrayOf(bytes: Buffer): { start: number; closing: number } | null {
  if (bytes[0] === OPEN_ARRAY) return { start: 1, closing: 1 };
  if (!startsWithAt(bytes, PREFIX, 0)) return null;
  let at = PREFIX.length;
  if (startsWithAt(bytes, STEP, at)) {
    at += STEP.length;
    const digits = at;
    while (bytes[at] >= ZERO && bytes[at] <= NINE) at++;
    // A JSON number has no leading zero.
    if (at === digits || (bytes[digits] === ZERO && at - digits > 1) || bytes[at] !== COMMA) return null;
    at += 1;
  }
  if (!startsWithAt(bytes, LINES, at)) return null;
  return { start: at + LINES.length, closing: 2 };
}

/** The lines in the output record `bytes` (one line of the file, without its newline); undefined when it must be parsed. */
export function countRecordLines(bytes: Buffer): number | undefined {
  if (bytes.length > MAX_COUNTED_BYTES) return undefined;
  const array = arrayOf(bytes);
  if (array === null) return undefined;
  const end = bytes.length - array.closing;
  if (end < array.start || bytes[end] !== CLOSE_ARRAY || (array.closing === 2 && bytes[end + 1] !== CLOSE_OBJECT)) return undefined;
  let count = 0;
  let at = array.start;
  while (at < end) {
    if (count > 0) {
      if (bytes[at] !== COMMA) return undefined;
      at += 1;
    }
    if (bytes[at] !== QUOTE) return undefined;
    at += 1;
    for (;;) {
      if (at >= end) return undefined;
      const byte = bytes[at];
      if (byte === QUOTE) break;
      if (byte < 0x20) return undefined;
      if (byte === BACKSLASH) {
        const escaped = bytes[at + 1];
        if (escaped === 0x75) {
          if (!(isHex(bytes[at + 2]) && isHex(bytes[at + 3]) && isHex(bytes[at + 4]) && isHex(bytes[at + 5]))) return undefined;
          at += 6;
        } else if (ESCAPABLE.has(escaped)) {
          at += 2;
        } else {
          return undefined;
        }
        continue;
      }
      at += 1;
    }
    at += 1;
    count += 1;
  }
  return at === end ? count : undefined;
}
