import { ValidationError } from '../../errors';
import type { Execution, Program } from '../../types';
import { call, rejectionOf } from './expectations';
import { makeExecution, makeProgram } from './records';
import { useSession, type ContractHarness } from './harness';
import { expectExecutionRejected, expectProgramRejected } from './rejections';
import { firstPerKey } from './representatives';
import { BAD_EXECUTIONS, BAD_PROGRAMS, NOT_RECORDS } from './strict-validation-cases';
import { describe, expect, it } from './runner';

// One case per path of the issue: the whole tables run against the validators in the package's own tests.
export function describeStrictValidation(harness: ContractHarness): void {
  describe('strict validation of records', () => {
    const session = useSession(harness, { connect: true, validation: 'strict' });

    it.each(firstPerKey(BAD_PROGRAMS, ([, , path]) => path))('saveProgram rejects a program with %s and keeps the store unchanged', async (_label, bad, path) => {
      await expectProgramRejected(session, bad, path);
    });

    it.each(firstPerKey(BAD_EXECUTIONS, ([, , path]) => path))('saveExecution rejects an execution with %s and keeps the store unchanged', async (_label, bad, path) => {
      await expectExecutionRejected(session, bad, path);
    });

    it('a rejected program lists every failing property', async () => {
      const bad = { ...makeProgram(), name: 1, created: 'yesterday', foo: true };
      const error = await rejectionOf(call(() => session.adapter.saveProgram(bad as unknown as Program)));
      expect(error).toBeInstanceOf(ValidationError);
      const paths = (error as ValidationError).issues.map((issue) => issue.path);
      expect(paths).toEqual(expect.arrayContaining(['name', 'created', 'foo']));
    });

    it('a rejected execution lists every failing property', async () => {
      const bad = { ...makeExecution(), state: 'NOPE', pc: -2, stack: 'x', _id: 'y' };
      const error = await rejectionOf(call(() => session.adapter.saveExecution(bad as unknown as Execution)));
      expect(error).toBeInstanceOf(ValidationError);
      const paths = (error as ValidationError).issues.map((issue) => issue.path);
      expect(paths).toEqual(expect.arrayContaining(['state', 'pc', 'stack', '_id']));
    });

    it.each(NOT_RECORDS)('saveProgram and saveExecution reject %s with a ValidationError', async (_label, value) => {
      const { adapter } = session;
      await expect(call(() => adapter.saveProgram(value as Program))).rejects.toBeInstanceOf(ValidationError);
      await expect(call(() => adapter.saveExecution(value as Execution))).rejects.toBeInstanceOf(ValidationError);
      await expect(call(() => adapter.saveProgram(value as Program))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await adapter.listPrograms()).toStrictEqual([]);
      expect(await adapter.listExecutions()).toStrictEqual([]);
    });
  });
}
