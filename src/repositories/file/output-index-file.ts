import { promises as fs } from 'node:fs';
import { nullIfMissing } from '../../util/null-if-missing';
import { parseJsonOrUndefined } from '../../util/parse-json';
import { writeFileDurably } from './durable-fs';
import type { IndexEntry, LogPosition } from './output-scan';

/**
 * The positions an OutputIndex knows of an output file, kept beside it as
 * `outputs/<name>.jsonl-index` so that a process started later reads a long output's end without
 * counting every line from its start (docs/performance.md). It is derived from the output and
 * never trusted blindly: an entry is used only if the output is the same file (device, inode,
 * birth time, at least as long, the bytes before the frontier unchanged); anything else, or a
 * sidecar that does not decode, is ignored and overwritten by the next long scan.
 */
export const OUTPUT_INDEX_SUFFIX = '-index';

const FORMAT = 1;

export function outputIndexPath(outputFile: string): string {
  return `${outputFile}${OUTPUT_INDEX_SUFFIX}`;
}

/** Whether `name` in the outputs folder is such a sidecar (derived, rebuilt at will). */
export function isOutputIndexFile(name: string): boolean {
  return name.endsWith(`.jsonl${OUTPUT_INDEX_SUFFIX}`);
}

/** The entry stored beside `outputFile`, or null when there is none or it does not decode. */
export async function readOutputIndex(outputFile: string): Promise<IndexEntry | null> {
  const text = await fs.readFile(outputIndexPath(outputFile), 'utf8').catch(nullIfMissing);
  return text === null ? null : decodeEntry(text);
}

/**
 * Stores `entry` beside `outputFile`, relaxed (a sidecar lost to a power cut is rebuilt by the
 * next long scan). An entry without a birth time (a file system that keeps none) is not stored:
 * device and inode alone could name a new file that reused a removed one's inode.
 */
export async function writeOutputIndex(outputFile: string, entry: IndexEntry): Promise<boolean> {
  if (entry.birthtimeNs === 0n) return false;
  await writeFileDurably(outputIndexPath(outputFile), encodeEntry(entry), 'relaxed');
  return true;
}

export async function removeOutputIndex(outputFile: string): Promise<void> {
  await fs.rm(outputIndexPath(outputFile), { force: true });
}

function encodeEntry(entry: IndexEntry): string {
  return JSON.stringify({
    format: FORMAT,
    dev: String(entry.dev),
    ino: String(entry.ino),
    birthtimeNs: String(entry.birthtimeNs),
    tail: entry.tail.toString('base64'),
    positions: entry.positions.map((p) => [p.offset, p.fileLine, p.lines]),
  });
}

const DIGITS = /^\d+$/;

function decodeEntry(text: string): IndexEntry | null {
  const value = parseJsonOrUndefined(text);
  if (typeof value !== 'object' || value === null) return null;
  const { format, dev, ino, birthtimeNs, tail, positions } = value as Record<string, unknown>;
  if (format !== FORMAT || !isDigits(dev) || !isDigits(ino) || !isDigits(birthtimeNs) || typeof tail !== 'string' || !Array.isArray(positions)) return null;
  const decoded = decodePositions(positions);
  if (decoded === null) return null;
  const tailBytes = Buffer.from(tail, 'base64');
  // The tail ends with the newline just before the frontier; only the start has none.
  const frontier = decoded[decoded.length - 1];
  if (frontier.offset === 0 ? tailBytes.length !== 0 : tailBytes.length === 0 || tailBytes.length > frontier.offset || tailBytes[tailBytes.length - 1] !== 0x0a) return null;
  return { dev: BigInt(dev), ino: BigInt(ino), birthtimeNs: BigInt(birthtimeNs), positions: decoded, tail: tailBytes };
}

function isDigits(value: unknown): value is string {
  return typeof value === 'string' && DIGITS.test(value);
}

/** The positions, if they start at the file's start and each lies past the one before. */
function decodePositions(positions: unknown[]): LogPosition[] | null {
  const decoded: LogPosition[] = [];
  for (const position of positions) {
    if (!Array.isArray(position) || position.length !== 3 || !position.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) return null;
    const [offset, fileLine, lines] = position as number[];
    const previous = decoded[decoded.length - 1];
    if (previous === undefined ? offset !== 0 || fileLine !== 0 || lines !== 0 : offset <= previous.offset || fileLine <= previous.fileLine || lines < previous.lines) return null;
    decoded.push({ offset, fileLine, lines });
  }
  return decoded.length === 0 ? null : decoded;
}
