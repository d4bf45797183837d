import { FORMAT_VERSION } from '../../codec/format-version';
import { CorruptRecordError } from '../../errors';
import { parseJsonOrUndefined } from '../../util/parse-json';
import { isPlainObject } from '../../validation/cvm-value-check';
import { readStoredFormat } from '../stored-format';

/**
 * The text format of an output file: one record per appendOutput call, each a newline followed by
 * the JSON object `{"format":2,"lines":[...]}` (format 1, written before format versions, is the
 * bare array of lines). JSON escapes newlines inside lines, so a record never spans two. Because
 * every record starts with its own newline, a record torn by a crash mid-append (a strict prefix
 * of a JSON object or array, which never parses) stays on a line of its own and is skipped: that
 * append was never acknowledged. Any other unreadable line is corruption.
 */
export function formatOutputRecord(lines: readonly string[], step?: number): string {
  const tag = step === undefined ? '' : `"step":${step},`;
  return `\n{"format":${FORMAT_VERSION},${tag}"lines":${JSON.stringify(lines)}}`;
}

/** Whether `text` (whole lines of an output file) holds the output record of the step at `revision`. */
export function holdsStep(text: string, revision: number): boolean {
  const tag = `{"format":${FORMAT_VERSION},"step":${revision},`;
  return text.split('\n').some((record) => record.startsWith(tag) && parseJsonOrUndefined(record) !== undefined);
}

export function parseOutputLog(text: string, file: string): string[] {
  const lines: string[] = [];
  const records = text.split('\n');
  for (let index = 0; index < records.length; index++) {
    for (const line of linesOfRecord(records[index], file, index)) lines.push(line);
  }
  return lines;
}

const NO_LINES: readonly string[] = Object.freeze([]);

/**
 * The lines of one line of an output file (the text between two newlines), `index` being its
 * 0-based place in the file: none for an empty or torn record, else its lines; a
 * CorruptRecordError for anything else. parseOutputLog applies it to every line of a file.
 */
export function linesOfRecord(record: string, file: string, index: number): readonly string[] {
  if (record === '') return NO_LINES;
  const parsed = parseJsonOrUndefined(record);
  if (parsed === undefined && (record.startsWith('[') || record.startsWith('{'))) return NO_LINES;
  return linesOf(parsed, file, index);
}

function linesOf(record: unknown, file: string, index: number): string[] {
  let lines = record;
  if (isPlainObject(record)) {
    readStoredFormat(record, file, `line ${index + 1}`);
    lines = record.format === undefined ? undefined : record.lines;
  }
  if (!Array.isArray(lines) || !lines.every((line) => typeof line === 'string')) {
    throw new CorruptRecordError(file, `line ${index + 1} is not an output record`);
  }
  return lines;
}
