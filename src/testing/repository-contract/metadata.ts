import assert from 'node:assert/strict';
import { withStore, type ContractRunner, type RepositoryHarness } from './harness';

export function describeMetadataRepository(harness: RepositoryHarness, { describe, it }: ContractRunner): void {
  describe('metadata repository', () => {
    it('a key never set reads as null; set stores a value or null', () =>
      withStore(harness, async ({ metadata }) => {
        assert.equal(await metadata.get('currentExecutionId'), null);
        await metadata.set('currentExecutionId', 'e-1');
        assert.equal(await metadata.get('currentExecutionId'), 'e-1');
        await metadata.set('currentExecutionId', null);
        assert.equal(await metadata.get('currentExecutionId'), null);
      }));

    it('compareAndSet changes the value only when it holds the expected one, and tells whether it did', () =>
      withStore(harness, async ({ metadata }) => {
        assert.equal(await metadata.compareAndSet('k', 'x', 'y'), false);
        assert.equal(await metadata.get('k'), null);
        assert.equal(await metadata.compareAndSet('k', null, 'a'), true);
        assert.equal(await metadata.compareAndSet('k', null, 'b'), false);
        assert.equal(await metadata.compareAndSet('k', 'z', 'b'), false);
        assert.equal(await metadata.get('k'), 'a');
        assert.equal(await metadata.compareAndSet('k', 'a', null), true);
        assert.equal(await metadata.get('k'), null);
      }));

    it('keys and values are any id: dots, $, slashes, spaces and prototype names stay separate settings', () =>
      withStore(harness, async ({ metadata }, other) => {
        const keys = ['a.b', '$x', 'a/b', 'daily report', '__proto__', 'constructor', 'r\u00e9sum\u00e9'];
        for (const [i, key] of keys.entries()) await metadata.set(key, `${key} ${i}`);
        const reopened = (await other()).metadata;
        for (const [i, key] of keys.entries()) assert.equal(await reopened.get(key), `${key} ${i}`);
        assert.equal(await reopened.get('a'), null);
        assert.equal(await reopened.compareAndSet('$x', '$x 1', null), true);
        assert.equal(await reopened.get('$x'), null);
      }));

    it('of concurrent compareAndSet calls from two sets of repositories expecting the same value, exactly one succeeds', () =>
      withStore(harness, async ({ metadata }, other) => {
        const second = (await other()).metadata;
        for (let round = 0; round < 4; round++) {
          const key = `race-${round}`;
          const results = await Promise.all([1, 2, 3, 4].map((n) => (n % 2 === 0 ? metadata : second).compareAndSet(key, null, `v${n}`)));
          assert.equal(results.filter(Boolean).length, 1);
          assert.equal(await second.get(key), `v${results.indexOf(true) + 1}`);
        }
      }));
  });
}
