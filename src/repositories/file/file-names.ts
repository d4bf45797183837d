import { createHash } from 'node:crypto';

/** Starts every escape: `%XX` for one UTF-8 byte, `%uXXXX` for a lone surrogate, `%-` before a hash. */
export const ESCAPE = '%';

/**
 * The longest name fileNameOf gives, in UTF-8 bytes: with `.jsonl`, a `.lock` folder or a temp
 * file's decoration (temp-files.ts, about 45 bytes) it stays below the usual 255-byte limit.
 */
export const MAX_NAME_BYTES = 200;

/** A longer name keeps this much of its escaped start, then `%-` and the SHA-256 of the escaped id. */
const HASHED_PREFIX_BYTES = 120;
const HASH_MARK = `${ESCAPE}-`;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Characters a file name cannot hold as they are: the path separators of POSIX and Windows, the
 * escape itself, C0 and C1 control characters (NUL among them) and DEL.
 */
function mustEscape(char: string): boolean {
  const code = char.codePointAt(0) as number;
  return char === '/' || char === '\\' || char === ESCAPE || code < 0x20 || (code >= 0x7f && code <= 0x9f) || LONE_SURROGATE.test(char);
}

function hex(value: number, digits: number): string {
  return value.toString(16).toUpperCase().padStart(digits, '0');
}

function escapeChar(char: string): string {
  if (LONE_SURROGATE.test(char)) return `${ESCAPE}u${hex(char.charCodeAt(0), 4)}`;
  return [...Buffer.from(char, 'utf8')].map((byte) => `${ESCAPE}${hex(byte, 2)}`).join('');
}

/** Each piece of the escaped id: a character kept as it is, or one character's escape. */
function escapedPieces(id: string): string[] {
  // for...of walks code points, and yields a lone surrogate on its own.
  const pieces: string[] = [];
  for (const char of id) pieces.push(mustEscape(char) ? escapeChar(char) : char);
  return pieces;
}

/**
 * The file name (without extension) of the record `id`. Characters a name cannot hold are
 * escaped, everything else is kept: so an id of the old alphabet (ID_PATTERN) is its own name, and
 * so is an id such as `résumé-1` or `daily report`, as the original CVM wrote it. Every name ends
 * with an extension, so `.`, `..` and a leading dot are harmless. A name over MAX_NAME_BYTES keeps
 * its first HASHED_PREFIX_BYTES, then `%-` and a hash; its id is then the record's own `id`.
 */
export function fileNameOf(id: string): string {
  const pieces = escapedPieces(id);
  const name = pieces.join('');
  if (Buffer.byteLength(name, 'utf8') <= MAX_NAME_BYTES) return name;
  let prefix = '';
  for (const piece of pieces) {
    if (Buffer.byteLength(prefix + piece, 'utf8') > HASHED_PREFIX_BYTES) break;
    prefix += piece;
  }
  return `${prefix}${HASH_MARK}${createHash('sha256').update(name, 'utf8').digest('hex')}`;
}

/** True for a name fileNameOf gives to a long id, which does not spell the id out. */
export function isHashedName(name: string): boolean {
  return name.includes(HASH_MARK);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const ESCAPES = /%(?:([0-9A-F]{2})|u([0-9A-F]{4}))/y;

/**
 * The id whose file name is `name` (without extension); null for a hashed name (read the id from
 * the record, then check it with fileNameOf) and for a name fileNameOf never gives.
 */
export function idOfFileName(name: string): string | null {
  if (name.length === 0 || isHashedName(name)) return null;
  let id = '';
  let bytes: number[] = [];
  const flush = (): boolean => {
    if (bytes.length === 0) return true;
    try {
      id += UTF8.decode(Uint8Array.from(bytes));
    } catch {
      return false;
    }
    bytes = [];
    return true;
  };
  for (let i = 0; i < name.length; ) {
    if (name[i] !== ESCAPE) {
      if (!flush()) return null;
      id += name[i];
      i += 1;
      continue;
    }
    ESCAPES.lastIndex = i;
    const match = ESCAPES.exec(name);
    if (match === null) return null;
    if (match[1] !== undefined) bytes.push(parseInt(match[1], 16));
    else {
      if (!flush()) return null;
      id += String.fromCharCode(parseInt(match[2], 16));
    }
    i += match[0].length;
  }
  if (!flush()) return null;
  // Only the one name fileNameOf gives counts: `%41` is not `A`, a raw control character is no name of ours.
  return fileNameOf(id) === name ? id : null;
}

/**
 * Whether two names may be one file on a file system that folds case or Unicode normalization
 * (macOS, Windows): the sign that a record file holding another id is a collision, not damage.
 */
export function mayShareFile(a: string, b: string): boolean {
  return fold(fileNameOf(a)) === fold(fileNameOf(b));
}

/**
 * Whether the record file opened for `id`, holding `storedId` (undefined when unknown), is
 * another id's file that the file system does not tell apart from `id`'s.
 */
export function holdsAnotherId(storedId: string | undefined, id: string): storedId is string {
  return storedId !== undefined && storedId !== id && mayShareFile(storedId, id);
}

function fold(name: string): string {
  return name.normalize('NFC').toLowerCase().toUpperCase().toLowerCase();
}
