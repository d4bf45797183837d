import { makeExecution } from './records';
import { useSession, type ContractHarness } from './harness';
import { beforeEach, describe, expect, it } from './runner';

const ONE_MB = 1_048_576;

/** Lines that a line-based or text-based store would split, trim, re-encode or drop. */
const TRICKY_LINES: [string, string][] = [
  ['LF inside', 'first\nsecond'],
  ['CRLF inside', 'first\r\nsecond'],
  ['lone CR', 'a\rb'],
  ['trailing LF', 'ends with newline\n'],
  ['only LF', '\n'],
  ['empty', ''],
  ['spaces', '  padded  '],
  ['tab', '\tx'],
  ['emoji', 'ok 👍🏽 👨‍👩‍👧 🚀'],
  ['RTL', 'שלום עולם مرحبا بالعالم'],
  ['NUL', 'before\u0000after'],
  ['only NUL', '\u0000'],
  ['BOM first', '\uFEFFbom'],
  ['line separators', 'a\u2028b\u2029c'],
  ['JSON text', '{"lines":["x"],"seq":1}'],
  ['JSON array text', '["a","b"]'],
  ['backslashes and quotes', 'C:\\dir\\file "quoted" \\n'],
  ['decomposed accent', 'e\u0301'],
];

export function describeOutput(harness: ContractHarness): void {
  describe('output', () => {
    const session = useSession(harness, { connect: true });

    beforeEach(async () => {
      await session.adapter.saveExecution(makeExecution({ id: 'exec-1' }));
      await session.adapter.saveExecution(makeExecution({ id: 'exec-2' }));
    });

    it('getOutput of an execution with no output returns []', async () => {
      expect(await session.adapter.getOutput('exec-1')).toStrictEqual([]);
    });

    it('getOutput of an execution that was never saved returns []', async () => {
      expect(await session.adapter.getOutput('never-saved')).toStrictEqual([]);
    });

    it('returns lines exactly as appended, in order across many appends', async () => {
      const { adapter } = session;
      const expected: string[] = [];
      for (let call = 0; call < 25; call++) {
        const lines = Array.from({ length: call % 4 }, (_, i) => `call ${call} line ${i}`);
        await adapter.appendOutput('exec-1', lines);
        expected.push(...lines);
      }
      expect(await adapter.getOutput('exec-1')).toStrictEqual(expected);
      const reopened = await session.reopen();
      expect(await reopened.getOutput('exec-1')).toStrictEqual(expected);
    });

    it.each(TRICKY_LINES)('a line with %s comes back exactly, alone and among others', async (_label, line) => {
      const { adapter } = session;
      await adapter.appendOutput('exec-1', [line]);
      await adapter.appendOutput('exec-1', ['before', line, 'after']);
      const expected = [line, 'before', line, 'after'];
      expect(await adapter.getOutput('exec-1')).toStrictEqual(expected);
      const reopened = await session.reopen();
      expect(await reopened.getOutput('exec-1')).toStrictEqual(expected);
    });

    it('all tricky lines in one append come back exactly', async () => {
      const { adapter } = session;
      const lines = TRICKY_LINES.map(([, line]) => line);
      await adapter.appendOutput('exec-1', lines);
      expect(await adapter.getOutput('exec-1')).toStrictEqual(lines);
    });

    it('empty lines are kept, also several in a row and at the ends', async () => {
      const { adapter } = session;
      await adapter.appendOutput('exec-1', ['', '', 'x', '', '']);
      await adapter.appendOutput('exec-1', ['']);
      const expected = ['', '', 'x', '', '', ''];
      expect(await adapter.getOutput('exec-1')).toStrictEqual(expected);
      const reopened = await session.reopen();
      expect(await reopened.getOutput('exec-1')).toStrictEqual(expected);
    });

    it('a line of 1 MB comes back exactly', async () => {
      const { adapter } = session;
      const big = 'abcdefgh'.repeat(ONE_MB / 8);
      expect(big).toHaveLength(ONE_MB);
      await adapter.appendOutput('exec-1', ['small', big, 'tail']);
      const got = await adapter.getOutput('exec-1');
      expect(got).toHaveLength(3);
      expect(got[1]).toHaveLength(ONE_MB);
      expect(got[1] === big).toBe(true);
      expect(got[0]).toBe('small');
      expect(got[2]).toBe('tail');
    });

    it('appending [] is a no-op', async () => {
      const { adapter } = session;
      await expect(adapter.appendOutput('exec-1', [])).resolves.toBeUndefined();
      expect(await adapter.getOutput('exec-1')).toStrictEqual([]);
      await adapter.appendOutput('exec-1', ['a']);
      await adapter.appendOutput('exec-1', []);
      await adapter.appendOutput('exec-1', ['b']);
      expect(await adapter.getOutput('exec-1')).toStrictEqual(['a', 'b']);
    });

    it('getOutput returns a copy: changing it does not change the stored output', async () => {
      const { adapter } = session;
      const lines = ['a', 'b'];
      await adapter.appendOutput('exec-1', lines);
      lines.push('pushed after append');
      const first = await adapter.getOutput('exec-1');
      expect(first).toStrictEqual(['a', 'b']);
      first.push('pushed into result');
      expect(await adapter.getOutput('exec-1')).toStrictEqual(['a', 'b']);
    });

    it('200 concurrent appendOutput calls come back in call order', async () => {
      const { adapter } = session;
      const expected = Array.from({ length: 200 }, (_, i) => `line-${i}`);
      await Promise.all(expected.map((line) => adapter.appendOutput('exec-1', [line])));
      expect(await adapter.getOutput('exec-1')).toStrictEqual(expected);
      const reopened = await session.reopen();
      expect(await reopened.getOutput('exec-1')).toStrictEqual(expected);
    });

    it('concurrent multi-line appends stay whole and in call order', async () => {
      const { adapter } = session;
      const calls = Array.from({ length: 50 }, (_, i) => [`call-${i}-a`, `call-${i}-b`, `call-${i}-c`]);
      await Promise.all(calls.map((lines) => adapter.appendOutput('exec-1', lines)));
      expect(await adapter.getOutput('exec-1')).toStrictEqual(calls.flat());
    });

    it('outputs of two executions are kept apart, also when appended concurrently', async () => {
      const { adapter } = session;
      const one = Array.from({ length: 100 }, (_, i) => `one-${i}`);
      const two = Array.from({ length: 100 }, (_, i) => `two-${i}`);
      const calls: Promise<void>[] = [];
      for (let i = 0; i < 100; i++) {
        calls.push(adapter.appendOutput('exec-1', [one[i]]));
        calls.push(adapter.appendOutput('exec-2', [two[i]]));
      }
      await Promise.all(calls);
      expect(await adapter.getOutput('exec-1')).toStrictEqual(one);
      expect(await adapter.getOutput('exec-2')).toStrictEqual(two);
      const reopened = await session.reopen();
      expect(await reopened.getOutput('exec-1')).toStrictEqual(one);
      expect(await reopened.getOutput('exec-2')).toStrictEqual(two);
    });

    it('saving an execution again does not touch its output', async () => {
      const { adapter } = session;
      await adapter.appendOutput('exec-1', ['kept']);
      await adapter.saveExecution(makeExecution({ id: 'exec-1', state: 'RUNNING', pc: 5 }));
      expect(await adapter.getOutput('exec-1')).toStrictEqual(['kept']);
    });

    it('deleteExecution removes its output; a new execution with that id starts empty', async () => {
      const { adapter } = session;
      await adapter.appendOutput('exec-1', ['old-1', 'old-2']);
      await adapter.deleteExecution('exec-1');
      expect(await adapter.getOutput('exec-1')).toStrictEqual([]);
      const reopened = await session.reopen();
      expect(await reopened.getOutput('exec-1')).toStrictEqual([]);
      await reopened.saveExecution(makeExecution({ id: 'exec-1' }));
      await reopened.appendOutput('exec-1', ['new']);
      expect(await reopened.getOutput('exec-1')).toStrictEqual(['new']);
    });

    it('deleting one execution leaves the output of another intact', async () => {
      const { adapter } = session;
      await adapter.appendOutput('exec-1', ['one']);
      await adapter.appendOutput('exec-2', ['two-a', 'two-b']);
      await adapter.deleteExecution('exec-1');
      expect(await adapter.getOutput('exec-2')).toStrictEqual(['two-a', 'two-b']);
      expect(await adapter.getExecution('exec-2')).toStrictEqual(makeExecution({ id: 'exec-2' }));
      const reopened = await session.reopen();
      expect(await reopened.getOutput('exec-2')).toStrictEqual(['two-a', 'two-b']);
    });

    it('deleting a missing execution leaves all output intact', async () => {
      const { adapter } = session;
      await adapter.appendOutput('exec-1', ['one']);
      await adapter.deleteExecution('never-saved');
      expect(await adapter.getOutput('exec-1')).toStrictEqual(['one']);
    });
  });
}
