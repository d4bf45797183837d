import type { Execution, Program } from '../../types';
import { expectValidationError } from './expectations';
import { at, makeFullExecution, makeProgram } from './records';
import type { ContractSession } from './harness';
import { expect } from './runner';

export const STORED_ID = 'stored';
export const FRESH_ID = 'fresh';

/** Builds an invalid record with the given id. */
export type BadRecord = (id: string) => unknown;

export type RecordKind = 'program' | 'execution';

/**
 * Saves a good program under STORED_ID, then expects `bad` to be rejected with a ValidationError
 * at `path` both over that id and under a never-stored id, and the store to be unchanged after,
 * also when read through a second adapter.
 */
export async function expectProgramRejected(session: ContractSession, bad: BadRecord, path: string): Promise<void> {
  const good = makeProgram({ id: STORED_ID, name: 'good version', updated: at(1) });
  await session.adapter.saveProgram(good);
  await expectValidationError(() => session.adapter.saveProgram(bad(STORED_ID) as Program), path);
  expect(await session.adapter.getProgram(STORED_ID)).toStrictEqual(good);
  await expectValidationError(() => session.adapter.saveProgram(bad(FRESH_ID) as Program), path);
  expect(await session.adapter.getProgram(FRESH_ID)).toBeNull();
  expect(await session.adapter.listPrograms()).toStrictEqual([good]);
  const reopened = await session.reopen();
  expect(await reopened.getProgram(STORED_ID)).toStrictEqual(good);
  expect(await reopened.getProgram(FRESH_ID)).toBeNull();
  expect(await reopened.listPrograms()).toStrictEqual([good]);
}

/** As expectProgramRejected, for executions. */
export async function expectExecutionRejected(session: ContractSession, bad: BadRecord, path: string): Promise<void> {
  const good = makeFullExecution({ id: STORED_ID });
  await session.adapter.saveExecution(good);
  await expectValidationError(() => session.adapter.saveExecution(bad(STORED_ID) as Execution), path);
  expect(await session.adapter.getExecution(STORED_ID)).toStrictEqual(good);
  await expectValidationError(() => session.adapter.saveExecution(bad(FRESH_ID) as Execution), path);
  expect(await session.adapter.getExecution(FRESH_ID)).toBeNull();
  expect(await session.adapter.listExecutions()).toStrictEqual([good]);
  const reopened = await session.reopen();
  expect(await reopened.getExecution(STORED_ID)).toStrictEqual(good);
  expect(await reopened.getExecution(FRESH_ID)).toBeNull();
  expect(await reopened.listExecutions()).toStrictEqual([good]);
}

/** expectProgramRejected or expectExecutionRejected, by the kind of record `bad` builds. */
export function expectRejected(session: ContractSession, kind: RecordKind, bad: BadRecord, path: string): Promise<void> {
  return kind === 'program' ? expectProgramRejected(session, bad, path) : expectExecutionRejected(session, bad, path);
}
