import fc from 'fast-check';
import { countRecordLines, MAX_COUNTED_BYTES } from '../../src/repositories/file/output-count';
import { formatOutputRecord, linesOfRecord } from '../../src/repositories/file/output-log';

/** What a full parse says the record holds: its number of lines, or 'refused' (damage). */
function parsedCount(record: string): number | 'refused' {
  try {
    return linesOfRecord(record, 'out.jsonl', 0).length;
  } catch {
    return 'refused';
  }
}

/** countRecordLines either declines or agrees with the parse, and never counts a record the parse refuses. */
function expectAgrees(record: string): void {
  const counted = countRecordLines(Buffer.from(record, 'utf8'));
  if (counted !== undefined) expect(counted).toBe(parsedCount(record));
}

describe('counting an output record without parsing it', () => {
  it('counts every record this library writes, as the parse does', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 8 }), fc.option(fc.nat(), { nil: undefined }), (lines, step) => {
        const record = formatOutputRecord(lines, step).slice(1);
        const counted = countRecordLines(Buffer.from(record, 'utf8'));
        if (Buffer.byteLength(record) <= MAX_COUNTED_BYTES) expect(counted).toBe(lines.length);
        expectAgrees(record);
      }),
    );
  });

  it('declines or agrees on any prefix of a record (a torn append), and on records changed byte by byte', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 4 }), fc.nat(), fc.nat(255), (lines, cut, byte) => {
        const record = formatOutputRecord(lines, 3).slice(1);
        const bytes = Buffer.from(record, 'utf8');
        expectAgrees(bytes.subarray(0, cut % (bytes.length + 1)).toString('utf8'));
        const changed = Buffer.from(bytes);
        changed[cut % changed.length] = byte;
        const counted = countRecordLines(changed);
        if (counted !== undefined) expect(counted).toBe(parsedCount(changed.toString('utf8')));
      }),
    );
  });

  it.each([
    ['["a","b"]', 2],
    ['[]', 0],
    ['{"format":2,"lines":[]}', 0],
    ['{"format":2,"step":0,"lines":["x"]}', 1],
    ['{"format":2,"lines":["\\u00e9\\n\\"\\\\"]}', 1],
  ])('counts %s as %i', (record, count) => {
    expect(countRecordLines(Buffer.from(record))).toBe(count);
    expect(parsedCount(record)).toBe(count);
  });

  it.each([
    '{"format":2,"step":01,"lines":["x"]}',
    '{"format":2, "lines":["x"]}',
    '{"format":2,"lines":["a\\x"]}',
    '{"format":2,"lines":["a\u0001"]}',
    '{"format":2,"lines":["a",]}',
    '{"format":2,"lines":["a"]',
    '{"format":3,"lines":["a"]}',
    '{"format":2,"lines":["a"],"x":1}',
    '["a",1]',
  ])('leaves %s to the parse', (record) => {
    expect(countRecordLines(Buffer.from(record))).toBeUndefined();
  });
});
