import { LIMITS } from '../../validation/limits';
import { expectValidationError } from './expectations';
import { BAD_LINES } from './output-validation-cases';
import { makeExecution } from './records';
import { useSession, type ContractHarness } from './harness';
import { firstPerKey } from './representatives';
import { beforeEach, describe, expect, it } from './runner';

// One case per path of the issue: the whole table runs against the validator in the package's own tests.
export function describeOutputValidation(harness: ContractHarness): void {
  describe('validation of output', () => {
    const session = useSession(harness, { connect: true });

    beforeEach(async () => {
      await session.adapter.saveExecution(makeExecution({ id: 'exec-1' }));
      await session.adapter.appendOutput('exec-1', ['before-1', 'before-2']);
    });

    it.each(firstPerKey(BAD_LINES, ([, , path]) => path))('appendOutput rejects %s and appends nothing', async (_label, lines, path) => {
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
