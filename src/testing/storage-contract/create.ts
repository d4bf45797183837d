import { AlreadyExistsError, InvalidIdError, ValidationError } from '../../errors';
import type { CvmStorage } from '../../adapters/storage-adapter';
import { makeExecution, makeProgram } from './records';
import { rejectionOf } from './expectations';
import { useSession, type ContractHarness } from './harness';
import { describe, expect, it } from './runner';

async function expectAlreadyExists(promise: Promise<unknown>, field: string, id: string): Promise<void> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(AlreadyExistsError);
  expect(error).toMatchObject({ code: 'ALREADY_EXISTS', field, id });
}

/** Settles every call and tells how many fulfilled and which failures were not AlreadyExistsError. */
async function race(calls: Promise<void>[]): Promise<{ won: number[]; otherFailures: unknown[] }> {
  const results = await Promise.allSettled(calls);
  const won = results.flatMap((result, index) => (result.status === 'fulfilled' ? [index] : []));
  const otherFailures = results.flatMap((result) =>
    result.status === 'rejected' && !(result.reason instanceof AlreadyExistsError) ? [result.reason as unknown] : [],
  );
  return { won, otherFailures };
}

export function describeCreate(harness: ContractHarness): void {
  describe('create without overwriting', () => {
    const session = useSession(harness, { connect: true });

    it('createProgram stores a new program as saveProgram does', async () => {
      const program = makeProgram();
      await expect(session.adapter.createProgram(program)).resolves.toBeUndefined();
      expect(await session.adapter.getProgram(program.id)).toStrictEqual(program);
    });

    it('createProgram refuses an existing id with ALREADY_EXISTS and keeps the stored program', async () => {
      const program = makeProgram({ name: 'first' });
      await session.adapter.saveProgram(program);
      await expectAlreadyExists(session.adapter.createProgram(makeProgram({ name: 'second' })), 'program id', program.id);
      expect(await session.adapter.getProgram(program.id)).toStrictEqual(program);
      expect(await session.adapter.listPrograms()).toStrictEqual([program]);
    });

    it('createExecution refuses an existing id with ALREADY_EXISTS and keeps the stored execution and its output', async () => {
      const execution = makeExecution({ pc: 1 });
      await session.adapter.createExecution(execution);
      await session.adapter.appendOutput(execution.id, ['kept']);
      await expectAlreadyExists(session.adapter.createExecution(makeExecution({ pc: 2 })), 'execution id', execution.id);
      expect(await session.adapter.getExecution(execution.id)).toStrictEqual(execution);
      expect(await session.adapter.getOutput(execution.id)).toStrictEqual(['kept']);
    });

    it('an id is free again after its record is deleted', async () => {
      await session.adapter.createExecution(makeExecution({ pc: 1 }));
      await session.adapter.deleteExecution('exec-1');
      const again = makeExecution({ pc: 2 });
      await session.adapter.createExecution(again);
      expect(await session.adapter.getExecution('exec-1')).toStrictEqual(again);
    });

    it('validates before anything is stored: a bad record or id is refused and nothing is created', async () => {
      await expect(session.adapter.createProgram({ ...makeProgram(), name: 7 } as never)).rejects.toBeInstanceOf(ValidationError);
      await expect(session.adapter.createProgram(makeProgram({ id: '' }))).rejects.toBeInstanceOf(InvalidIdError);
      await expect(session.adapter.createExecution({ ...makeExecution(), pc: -1 })).rejects.toBeInstanceOf(ValidationError);
      expect(await session.adapter.listPrograms()).toStrictEqual([]);
      expect(await session.adapter.listExecutions()).toStrictEqual([]);
    });

    it('of many creates of one id from this adapter, exactly one succeeds and its record is stored', async () => {
      const candidates = [1, 2, 3, 4, 5].map((pc) => makeExecution({ pc }));
      const { won, otherFailures } = await race(candidates.map((execution) => session.adapter.createExecution(execution)));
      expect(otherFailures).toStrictEqual([]);
      expect(won).toHaveLength(1);
      expect(await session.adapter.getExecution('exec-1')).toStrictEqual(candidates[won[0]]);
    });

    it('of creates of one id from two adapters on the same store, exactly one succeeds', async () => {
      const other: CvmStorage = await session.openSameStore();
      await other.connect();
      for (let round = 0; round < 5; round++) {
        const id = `race-${round}`;
        const mine = makeProgram({ id, name: 'mine' });
        const theirs = makeProgram({ id, name: 'theirs' });
        const { won, otherFailures } = await race([session.adapter.createProgram(mine), other.createProgram(theirs)]);
        expect(otherFailures).toStrictEqual([]);
        expect(won).toHaveLength(1);
        expect(await session.adapter.getProgram(id)).toStrictEqual(won[0] === 0 ? mine : theirs);
      }
    });
  });
}
