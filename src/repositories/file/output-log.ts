import { CorruptRecordError } from '../../errors';

/**
 * The text format of an output file: one record per appendOutput call, each a newline followed by
 * the JSON array of its lines. JSON escapes newlines inside lines, so a record never spans two.
 * Because every record starts with its own newline, a record torn by a crash mid-append (a
 * strict prefix of `[...]`, which never parses) stays on a line of its own and is skipped: that
 * append was never acknowledged. Any other unreadable line is corruption.
 */
export function formatOutputRecord(lines: readonly string[]): string {
  return `\n${JSON.stringify(lines)}`;
}

export function parseOutputLog(text: string, file: string): string[] {
  const lines: string[] = [];
  const records = text.split('\n');
  for (let index = 0; index < records.length; index++) {
    const record = records[index];
    if (record === '') continue;
    const parsed = tryParse(record);
    if (parsed === undefined && record.startsWith('[')) continue;
    if (!Array.isArray(parsed) || !parsed.every((line) => typeof line === 'string')) {
      throw new CorruptRecordError(file, `line ${index + 1} is not an output record`);
    }
    for (const line of parsed) lines.push(line);
  }
  return lines;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
