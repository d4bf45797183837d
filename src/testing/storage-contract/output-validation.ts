import { LIMITS } from '../../validation/limits';
import { expectValidationError } from './expectations';
import { makeExecution } from './records';
import { useSession, type ContractHarness } from './harness';
import { beforeEach, describe, expect, it } from './runner';

function withHole(): unknown[] {
  const lines: unknown[] = new Array(3);
  lines[0] = 'a';
  lines[2] = 'c';
  return lines;
}

/** [label, a bad `lines` argument, path of the issue]. */
const BAD_LINES: [string, () => unknown, string][] = [
  ['a number among strings', () => ['ok', 42], 'lines.1'],
  ['null among strings', () => ['ok', null], 'lines.1'],
  ['undefined among strings', () => ['ok', undefined], 'lines.1'],
  ['a hole', withHole, 'lines.1'],
  ['an object line', () => [{ text: 'x' }], 'lines.0'],
  ['a nested array line', () => [['x']], 'lines.0'],
  ['a Buffer line', () => [Buffer.from('x')], 'lines.0'],
  ['a boxed string line', () => [Object('x') as unknown], 'lines.0'],
  ['a line longer than LIMITS.maxStringLength', () => ['ok', 'l'.repeat(LIMITS.maxStringLength + 1)], 'lines.1'],
  [
    'more than LIMITS.maxRecordBytes stored in one call',
    () => Array.from({ length: 4 }, () => 'm'.repeat(LIMITS.maxStringLength)),
    'lines',
  ],
  [
    '6 Mi three-byte characters in one call (18 MiB of UTF-8, more than a MongoDB document holds)',
    () => Array.from({ length: 2 }, () => '\u4e2d'.repeat(3 * 1024 * 1024)),
    'lines',
  ],
  ['a string instead of an array', () => 'just text', 'lines'],
  ['null instead of an array', () => null, 'lines'],
  ['undefined instead of an array', () => undefined, 'lines'],
  ['an array-like object', () => ({ 0: 'a', length: 1 }), 'lines'],
  ['a Set of strings', () => new Set(['a']), 'lines'],
];

export function describeOutputValidation(harness: ContractHarness): void {
  describe('validation of output', () => {
    const session = useSession(harness, { connect: true });

    beforeEach(async () => {
      await session.adapter.saveExecution(makeExecution({ id: 'exec-1' }));
      await session.adapter.appendOutput('exec-1', ['before-1', 'before-2']);
    });

    it.each(BAD_LINES)('appendOutput rejects %s and appends nothing', async (_label, lines, path) => {
      const { adapter } = session;
      await expectValidationError(() => adapter.appendOutput('exec-1', lines() as string[]), path);
      await expectValidationError(() => adapter.appendOutput('exec-2', lines() as string[]), path);
      expect(await adapter.getOutput('exec-1')).toStrictEqual(['before-1', 'before-2']);
      expect(await adapter.getOutput('exec-2')).toStrictEqual([]);
      await adapter.appendOutput('exec-1', ['after']);
      expect(await adapter.getOutput('exec-1')).toStrictEqual(['before-1', 'before-2', 'after']);
      const reopened = await session.reopen();
      expect(await reopened.getOutput('exec-1')).toStrictEqual(['before-1', 'before-2', 'after']);
      expect(await reopened.getOutput('exec-2')).toStrictEqual([]);
    });

    it('a line of exactly LIMITS.maxStringLength is accepted', async () => {
      const { adapter } = session;
      const line = 'z'.repeat(LIMITS.maxStringLength);
      await adapter.appendOutput('exec-1', [line]);
      const got = await adapter.getOutput('exec-1');
      expect(got).toHaveLength(3);
      expect(got[2] === line).toBe(true);
    });
  });
}
