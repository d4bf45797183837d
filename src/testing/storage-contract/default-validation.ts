import { ValidationError } from '../../errors';
import type { Execution, Program } from '../../types';
import { LIMITS } from '../../validation/limits';
import { firstDifference } from './same-value';
import { call, expectValidationError, rejectionOf } from './expectations';
import { makeExecution, makeProgram, without } from './records';
import { useSession, type ContractHarness } from './harness';
import { expectExecutionRejected, expectProgramRejected, expectRejected } from './rejections';
import { firstPerKey } from './representatives';
import {
  BAD_EXECUTIONS,
  BAD_PROGRAMS,
  nestedLists,
  nestedMixed,
  notJsonCases,
  REQUIRED_EXECUTION_FIELDS,
  REQUIRED_PROGRAM_FIELDS,
  STRICT_ONLY,
  type Fields,
} from './default-validation-cases';
import { describe, expect, it } from './runner';

// A few cases per rule: the whole tables run against the validators in the package's own tests.
export function describeDefaultValidation(harness: ContractHarness): void {
  describe('default validation: required fields and bounded JSON-like values', () => {
    const session = useSession(harness, { connect: true });

    it.each(notJsonCases(true))('rejects %s in %s with a ValidationError naming its path, and keeps the store unchanged', async (_label, _where, kind, bad, path) => {
      await expectRejected(session, kind, bad, path);
    });

    it.each(firstPerKey(BAD_PROGRAMS, ([, , path]) => path))('saveProgram rejects a program with %s', async (_label, bad, path) => {
      await expectProgramRejected(session, bad, path);
    });

    it.each(firstPerKey(BAD_EXECUTIONS, ([, , path]) => path))('saveExecution rejects an execution with %s', async (_label, bad, path) => {
      await expectExecutionRejected(session, bad, path);
    });

    it.each(REQUIRED_PROGRAM_FIELDS.slice(0, 1))('a program without %s is refused with "<field> is required"', async (field) => {
      const error = await expectValidationError(() => session.adapter.saveProgram(without(makeProgram(), field) as Program), field);
      expect(error.message).toContain(`${field} is required`);
    });

    it.each(REQUIRED_EXECUTION_FIELDS.slice(0, 1))('an execution without %s is refused with "<field> is required"', async (field) => {
      const error = await expectValidationError(() => session.adapter.saveExecution(without(makeExecution(), field) as Execution), field);
      expect(error.message).toContain(`${field} is required`);
    });

    it('symbol-keyed and non-enumerable properties are not part of a record and are not stored', async () => {
      const saved = { ...makeExecution(), [Symbol('secret')]: 1 } as Fields;
      Object.defineProperty(saved, 'hidden', { value: 2, enumerable: false });
      Object.defineProperty(saved.variables, 'hiddenVariable', { value: 3, enumerable: false });
      await session.adapter.saveExecution(saved as unknown as Execution);
      expect(await (await session.reopen()).getExecution('exec-1')).toStrictEqual(makeExecution());
    });

    it('error: null is accepted, not refused as a string that is too long', async () => {
      // The CVM VM stores these nulls, though its Execution type (and so this package's) says string.
      const saved = { ...makeExecution(), error: null, ccPrompt: null } as unknown as Execution;
      await session.adapter.saveExecution(saved);
      expect(await session.adapter.getExecution('exec-1')).toStrictEqual(saved);
    });

    it('a rejected execution lists every failing field', async () => {
      // eslint-disable-next-line no-sparse-arrays -- a hole is one of the failures
      const bad = { ...makeExecution(), state: '', pc: -2, stack: 'x', extra: [1, , 2] };
      const error = await rejectionOf(call(() => session.adapter.saveExecution(bad as unknown as Execution)));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['state', 'pc', 'stack', 'extra.1']));
    });

    it('a record of 12 Mi characters, under LIMITS.maxRecordBytes stored, is stored and read back', async () => {
      const big = (letter: string): string => letter.repeat(LIMITS.maxStringLength);
      const saved = { ...makeExecution(), stack: [big('a')], variables: { b: big('b') }, note: big('c') };
      await session.adapter.saveExecution(saved as unknown as Execution);
      const reopened = await session.reopen();
      expect(firstDifference(saved, await reopened.getExecution('exec-1'))).toBeNull();
    });

    it('the deepest nesting allowed (LIMITS.maxFieldDepth) is stored in any field', async () => {
      const saved = { ...makeExecution(), stack: [{ k: nestedMixed(LIMITS.maxFieldDepth - 2) }], deep: nestedMixed(LIMITS.maxFieldDepth) };
      await session.adapter.saveExecution(saved as unknown as Execution);
      const reopened = await session.reopen();
      expect(firstDifference(saved, await reopened.getExecution('exec-1'))).toBeNull();
    });

    it('arrays nested directly in arrays count two levels each (they are stored wrapped)', async () => {
      const deepest = LIMITS.maxFieldDepth / 2;
      const saved = { ...makeExecution(), stack: nestedLists(deepest) as unknown[], grid: [[1, [2, []]], [], [[[]]]] };
      await session.adapter.saveExecution(saved as unknown as Execution);
      const reopened = await session.reopen();
      expect(firstDifference(saved, await reopened.getExecution('exec-1'))).toBeNull();
      await expectValidationError(() => session.adapter.saveExecution({ ...makeExecution(), stack: nestedLists(deepest + 1) } as unknown as Execution), 'stack');
    });
  });

  describe('default validation accepts what the strict grammar refuses', () => {
    const session = useSession(harness, { connect: true });

    it.each(STRICT_ONLY)('%s is stored as given', async (_label, kind, record) => {
      if (kind === 'program') {
        await session.adapter.saveProgram(record as unknown as Program);
        expect(firstDifference(record, await (await session.reopen()).getProgram('x'))).toBeNull();
      } else {
        await session.adapter.saveExecution(record as unknown as Execution);
        expect(firstDifference(record, await (await session.reopen()).getExecution('x'))).toBeNull();
      }
    });
  });

  describe('strict validation refuses what default validation accepts', () => {
    const session = useSession(harness, { connect: true, validation: 'strict' });

    it.each(firstPerKey(STRICT_ONLY, ([, kind]) => kind))('%s is a ValidationError', async (_label, kind, record) => {
      const save = kind === 'program' ? () => session.adapter.saveProgram(record as unknown as Program) : () => session.adapter.saveExecution(record as unknown as Execution);
      await expect(call(save)).rejects.toBeInstanceOf(ValidationError);
    });
  });
}
