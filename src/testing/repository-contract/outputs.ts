import assert from 'node:assert/strict';
import { ConflictError, InvalidIdError, ValidationError } from '../../errors';
import { withStore, type ContractRunner, type RepositoryHarness } from './harness';

export function describeOutputRepository(harness: RepositoryHarness, { describe, it }: ContractRunner): void {
  describe('output repository', () => {
    it('reads [] before any append, then every line in append order; an empty append is a no-op', () =>
      withStore(harness, async ({ outputs }) => {
        assert.deepStrictEqual(await outputs.get('e-1'), []);
        await outputs.append('e-1', ['a', 'b']);
        await outputs.append('e-1', []);
        await outputs.append('e-1', ['c']);
        await outputs.append('e-2', ['other']);
        assert.deepStrictEqual(await outputs.get('e-1'), ['a', 'b', 'c']);
      }));

    it('concurrent appends from two sets of repositories keep every append whole, and each set\'s own in call order', () =>
      withStore(harness, async ({ outputs }, other) => {
        const second = (await other()).outputs;
        const calls: Promise<void>[] = [];
        for (let n = 0; n < 10; n++) {
          calls.push(outputs.append('e-1', [`first ${n}.0`, `first ${n}.1`]));
          calls.push(second.append('e-1', [`second ${n}.0`, `second ${n}.1`]));
        }
        await Promise.all(calls);
        const lines = await outputs.get('e-1');
        assert.equal(lines.length, 40);
        for (let i = 0; i < lines.length; i += 2) assert.equal(lines[i + 1], lines[i].replace(/\.0$/, '.1'));
        for (const writer of ['first', 'second']) {
          const own = lines.filter((line) => line.startsWith(`${writer} `) && line.endsWith('.0'));
          assert.deepStrictEqual(own, Array.from({ length: 10 }, (_, n) => `${writer} ${n}.0`));
        }
      }));

    it('a fenced append adds lines only while the execution is at the expected revision', () =>
      withStore(harness, async ({ outputs, executions }) => {
        await assert.rejects(outputs.append('e-1', ['none'], { expectedRevision: 1 }), ConflictError);
        await executions.save({ id: 'e-1', programId: 'p', state: 'RUNNING', pc: 0, stack: [], variables: {}, created: new Date(0) });
        const first = (await executions.read('e-1'))?.revision ?? 0;
        await outputs.append('e-1', ['at 1'], { expectedRevision: first });
        await executions.save({ id: 'e-1', programId: 'p', state: 'RUNNING', pc: 1, stack: [], variables: {}, created: new Date(0) });
        await assert.rejects(outputs.append('e-1', ['stale'], { expectedRevision: first }), ConflictError);
        assert.deepStrictEqual(await outputs.get('e-1'), ['at 1']);
      }));

    it('delete removes all of an execution\'s output and nothing else; a missing one is a no-op', () =>
      withStore(harness, async ({ outputs }) => {
        await outputs.append('e-1', ['a']);
        await outputs.append('e-2', ['b']);
        await outputs.delete('e-1');
        await outputs.delete('e-1');
        assert.deepStrictEqual(await outputs.get('e-1'), []);
        assert.deepStrictEqual(await outputs.get('e-2'), ['b']);
      }));

    it('get with a range reads [from, from + limit) across appends; length counts every line; a bad range is a ValidationError', () =>
      withStore(harness, async ({ outputs }) => {
        assert.equal(await outputs.length('e-1'), 0);
        assert.deepStrictEqual(await outputs.get('e-1', { from: 0, limit: 5 }), []);
        await outputs.append('e-1', ['a', 'b', 'c']);
        await outputs.append('e-1', ['d']);
        await outputs.append('e-1', ['e', 'f']);
        assert.equal(await outputs.length('e-1'), 6);
        assert.deepStrictEqual(await outputs.get('e-1', { from: 2, limit: 3 }), ['c', 'd', 'e']);
        assert.deepStrictEqual(await outputs.get('e-1', { from: 4 }), ['e', 'f']);
        assert.deepStrictEqual(await outputs.get('e-1', { limit: 1 }), ['a']);
        assert.deepStrictEqual(await outputs.get('e-1', { from: 6 }), []);
        assert.deepStrictEqual(await outputs.get('e-1', { from: 1, limit: 0 }), []);
        await assert.rejects(outputs.get('e-1', { from: -1 }), (error) => error instanceof ValidationError && error.issues[0].path === 'from');
        await assert.rejects(outputs.get('e-1', { limit: 0.5 }), (error) => error instanceof ValidationError && error.issues[0].path === 'limit');
        await assert.rejects(outputs.length(''), InvalidIdError);
        await outputs.delete('e-1');
        assert.equal(await outputs.length('e-1'), 0);
      }));

    it('a bad id or line is refused with a typed error and nothing is appended', () =>
      withStore(harness, async ({ outputs }) => {
        await assert.rejects(outputs.append('', ['a']), InvalidIdError);
        await assert.rejects(outputs.get('x'.repeat(1025)), InvalidIdError);
        await assert.rejects(outputs.append('e-1', ['fine', 7 as never]), ValidationError);
        assert.deepStrictEqual(await outputs.get('e-1'), []);
      }));
  });
}
