import { useSession, type ContractHarness } from './harness';
import { makeExecution } from './records';
import { beforeEach, describe, expect, it } from './runner';

/** 3 appends of 4 lines each: `a0`..`a3`, `b0`..`b3`, `c0`..`c3`. */
const APPENDS = ['a', 'b', 'c'].map((name) => Array.from({ length: 4 }, (_, i) => `${name}${i}`));
const ALL = APPENDS.flat();

export function describeOutputPaging(harness: ContractHarness): void {
  describe('output in pieces: getOutput(id, { from, limit }) and getOutputLength(id)', () => {
    const session = useSession(harness, { connect: true });

    beforeEach(async () => {
      await session.adapter.saveExecution(makeExecution({ id: 'exec-1' }));
    });

    const appendAll = async (): Promise<void> => {
      for (const lines of APPENDS) await session.adapter.appendOutput('exec-1', lines);
    };

    it('an execution without output has length 0 and every range reads []', async () => {
      const { adapter } = session;
      expect(await adapter.getOutputLength('exec-1')).toBe(0);
      expect(await adapter.getOutputLength('never-saved')).toBe(0);
      expect(await adapter.getOutput('exec-1', {})).toStrictEqual([]);
      expect(await adapter.getOutput('exec-1', { from: 0, limit: 10 })).toStrictEqual([]);
      expect(await adapter.getOutput('never-saved', { from: 5 })).toStrictEqual([]);
    });

    it('reads [from, from + limit) at the start, in the middle, at the end and across appends', async () => {
      const { adapter } = session;
      await appendAll();
      expect(await adapter.getOutputLength('exec-1')).toBe(12);
      expect(await adapter.getOutput('exec-1', { from: 0, limit: 3 })).toStrictEqual(['a0', 'a1', 'a2']);
      expect(await adapter.getOutput('exec-1', { from: 4, limit: 4 })).toStrictEqual(['b0', 'b1', 'b2', 'b3']);
      expect(await adapter.getOutput('exec-1', { from: 3, limit: 6 })).toStrictEqual(['a3', 'b0', 'b1', 'b2', 'b3', 'c0']);
      expect(await adapter.getOutput('exec-1', { from: 2, limit: 9 })).toStrictEqual(ALL.slice(2, 11));
      expect(await adapter.getOutput('exec-1', { from: 9, limit: 3 })).toStrictEqual(['c1', 'c2', 'c3']);
      expect(await adapter.getOutput('exec-1', { from: 11, limit: 1 })).toStrictEqual(['c3']);
      const reopened = await session.reopen();
      expect(await reopened.getOutputLength('exec-1')).toBe(12);
      expect(await reopened.getOutput('exec-1', { from: 5, limit: 2 })).toStrictEqual(['b1', 'b2']);
    });

    it('every range of a small output is the same slice of getOutput(id)', async () => {
      const { adapter } = session;
      await appendAll();
      await adapter.appendOutput('exec-1', ['d0']);
      const all = await adapter.getOutput('exec-1');
      for (let from = 0; from <= all.length + 1; from++) {
        for (const limit of [0, 1, 2, 5, 13, undefined]) {
          const range = limit === undefined ? { from } : { from, limit };
          expect({ range, lines: await adapter.getOutput('exec-1', range) }).toStrictEqual({ range, lines: all.slice(from, limit === undefined ? undefined : from + limit) });
        }
      }
    });

    it('from defaults to 0 and limit to the end; a range past the end reads [], limit 0 reads []', async () => {
      const { adapter } = session;
      await appendAll();
      expect(await adapter.getOutput('exec-1', {})).toStrictEqual(ALL);
      expect(await adapter.getOutput('exec-1', { limit: 2 })).toStrictEqual(['a0', 'a1']);
      expect(await adapter.getOutput('exec-1', { from: 10 })).toStrictEqual(['c2', 'c3']);
      expect(await adapter.getOutput('exec-1', { from: 10, limit: 100 })).toStrictEqual(['c2', 'c3']);
      expect(await adapter.getOutput('exec-1', { from: 12 })).toStrictEqual([]);
      expect(await adapter.getOutput('exec-1', { from: 1000, limit: 5 })).toStrictEqual([]);
      expect(await adapter.getOutput('exec-1', { from: 3, limit: 0 })).toStrictEqual([]);
      expect(await adapter.getOutput('exec-1', { from: Number.MAX_SAFE_INTEGER, limit: Number.MAX_SAFE_INTEGER })).toStrictEqual([]);
      expect(await adapter.getOutput('exec-1', { from: 11, limit: Number.MAX_SAFE_INTEGER })).toStrictEqual(['c3']);
    });

    it('reads the last lines of an output through getOutputLength', async () => {
      const { adapter } = session;
      const lines = Array.from({ length: 300 }, (_, i) => `line ${i}`);
      for (let i = 0; i < lines.length; i += 7) await adapter.appendOutput('exec-1', lines.slice(i, i + 7));
      const length = await adapter.getOutputLength('exec-1');
      expect(length).toBe(300);
      expect(await adapter.getOutput('exec-1', { from: length - 100 })).toStrictEqual(lines.slice(200));
    });

    it.each([
      ['from -1', { from: -1 }, 'from'],
      ['limit -1', { limit: -1 }, 'limit'],
      ['from 1.5', { from: 1.5 }, 'from'],
      ['limit NaN', { limit: NaN }, 'limit'],
      ['from Infinity', { from: Infinity }, 'from'],
      ['limit past the safe integers', { limit: 2 ** 53 }, 'limit'],
      ['from as a string', { from: '1' }, 'from'],
      ['limit null', { limit: null }, 'limit'],
      ['an unknown key', { start: 1 }, 'start'],
      ['null', null, '(root)'],
      ['an array', [1, 2], '(root)'],
    ] as [string, unknown, string][])('a range with %s is refused with a ValidationError naming the field', async (_label, range, field) => {
      const { adapter } = session;
      await adapter.appendOutput('exec-1', ['kept']);
      const call = adapter.getOutput('exec-1', range as never);
      await expect(call).rejects.toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: field }] });
      // Also when the call waits behind another about the same execution.
      const append = adapter.appendOutput('exec-1', ['more']);
      const waiting = adapter.getOutput('exec-1', range as never);
      await append;
      await expect(waiting).rejects.toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: field }] });
      expect(await adapter.getOutput('exec-1')).toStrictEqual(['kept', 'more']);
    });

    it('a bad id is refused with INVALID_ID', async () => {
      const { adapter } = session;
      await expect(adapter.getOutput('', { from: 0 })).rejects.toMatchObject({ code: 'INVALID_ID' });
      await expect(adapter.getOutputLength('x'.repeat(1025))).rejects.toMatchObject({ code: 'INVALID_ID' });
    });

    it('both reject with NOT_CONNECTED after disconnect()', async () => {
      const { adapter } = session;
      await adapter.disconnect();
      await expect(adapter.getOutput('exec-1', { from: 0 })).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
      await expect(adapter.getOutputLength('exec-1')).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    });

    it('the length follows appends and a delete; a new execution with that id starts at 0', async () => {
      const { adapter } = session;
      await adapter.appendOutput('exec-1', ['a', 'b']);
      expect(await adapter.getOutputLength('exec-1')).toBe(2);
      await adapter.appendOutput('exec-1', []);
      expect(await adapter.getOutputLength('exec-1')).toBe(2);
      await adapter.appendOutput('exec-1', ['c']);
      expect(await adapter.getOutputLength('exec-1')).toBe(3);
      expect(await adapter.getOutput('exec-1', { from: 2 })).toStrictEqual(['c']);
      await adapter.deleteExecution('exec-1');
      expect(await adapter.getOutputLength('exec-1')).toBe(0);
      expect(await adapter.getOutput('exec-1', { from: 0 })).toStrictEqual([]);
      await adapter.saveExecution(makeExecution({ id: 'exec-1' }));
      await adapter.appendOutput('exec-1', ['new']);
      expect(await adapter.getOutputLength('exec-1')).toBe(1);
      expect(await adapter.getOutput('exec-1', { from: 0, limit: 5 })).toStrictEqual(['new']);
      const reopened = await session.reopen();
      expect(await reopened.getOutputLength('exec-1')).toBe(1);
    });

    it('a second adapter on the same store sees the first one\'s appends in its lengths and ranges', async () => {
      const { adapter } = session;
      const other = await session.openSameStore();
      await other.connect();
      await adapter.appendOutput('exec-1', ['a', 'b']);
      expect(await other.getOutputLength('exec-1')).toBe(2);
      expect(await other.getOutput('exec-1', { from: 1 })).toStrictEqual(['b']);
      await adapter.appendOutput('exec-1', ['c', 'd']);
      expect(await other.getOutputLength('exec-1')).toBe(4);
      expect(await other.getOutput('exec-1', { from: 1, limit: 2 })).toStrictEqual(['b', 'c']);
      await adapter.deleteExecution('exec-1');
      await adapter.appendOutput('exec-1', ['x']);
      expect(await other.getOutputLength('exec-1')).toBe(1);
      expect(await other.getOutput('exec-1', { from: 0 })).toStrictEqual(['x']);
    });

    it('lengths and ranges apply in call order with appends and deletes', async () => {
      const { adapter } = session;
      const calls: Promise<unknown>[] = [];
      for (let i = 0; i < 20; i++) {
        calls.push(adapter.appendOutput('exec-1', [`line ${i}`]));
        calls.push(adapter.getOutputLength('exec-1'));
        calls.push(adapter.getOutput('exec-1', { from: i }));
      }
      calls.push(adapter.deleteExecution('exec-1'), adapter.getOutputLength('exec-1'), adapter.getOutput('exec-1', { from: 0 }));
      const results = await Promise.all(calls);
      for (let i = 0; i < 20; i++) {
        expect(results[3 * i + 1]).toBe(i + 1);
        expect(results[3 * i + 2]).toStrictEqual([`line ${i}`]);
      }
      expect(results.slice(-2)).toStrictEqual([0, []]);
    });

    it('a range read returns a copy, and getOutput(id) without a range is unchanged', async () => {
      const { adapter } = session;
      await appendAll();
      const got = await adapter.getOutput('exec-1', { from: 1, limit: 2 });
      got.push('pushed');
      expect(await adapter.getOutput('exec-1', { from: 1, limit: 2 })).toStrictEqual(['a1', 'a2']);
      expect(await adapter.getOutput('exec-1')).toStrictEqual(ALL);
    });
  });
}
