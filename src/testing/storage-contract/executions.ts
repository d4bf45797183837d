import { EXECUTION_STATES, type Execution } from '../../types';
import { at, makeExecution, makeFullExecution, makeProgram } from './records';
import { useSession, type ContractHarness } from './harness';
import { describe, expect, it } from './runner';

const REQUIRED_KEYS = ['created', 'id', 'pc', 'programId', 'stack', 'state', 'variables'];
const OPTIONAL_KEYS = ['ccPrompt', 'error', 'heap', 'iterators', 'returnValue', 'updated'];

function keysOf(record: object): string[] {
  return Object.keys(record).sort();
}

export function describeExecutions(harness: ContractHarness): void {
  describe('executions', () => {
    const session = useSession(harness, { connect: true });

    it('saveExecution then getExecution returns an equal execution with every optional field', async () => {
      const { adapter } = session;
      const execution = makeFullExecution();
      await adapter.saveExecution(execution);
      const got = await adapter.getExecution('exec-1');
      expect(got).toStrictEqual(execution);
      expect(keysOf(got as Execution)).toStrictEqual([...REQUIRED_KEYS, ...OPTIONAL_KEYS].sort());
      expect(got?.created).toBeInstanceOf(Date);
      expect(got?.created.getTime()).toBe(execution.created.getTime());
      expect(got?.updated).toBeInstanceOf(Date);
      expect(got?.updated?.getTime()).toBe(at(5000).getTime());
      expect(got).not.toHaveProperty('_id');
    });

    it('optional fields that were absent stay absent', async () => {
      const { adapter } = session;
      const execution = makeExecution();
      await adapter.saveExecution(execution);
      const got = await adapter.getExecution('exec-1');
      expect(got).toStrictEqual(execution);
      expect(keysOf(got as Execution)).toStrictEqual(REQUIRED_KEYS);
    });

    it.each(EXECUTION_STATES.map((state) => [state]))('state %s round-trips, also after reopen', async (state) => {
      const execution = makeFullExecution({ state });
      await session.adapter.saveExecution(execution);
      expect(await session.adapter.getExecution('exec-1')).toStrictEqual(execution);
      const reopened = await session.reopen();
      expect(await reopened.getExecution('exec-1')).toStrictEqual(execution);
    });

    it.each(['iterators', 'heap', 'error', 'ccPrompt', 'returnValue', 'updated'] as const)(
      'optional field %s round-trips on its own',
      async (field) => {
        const full = makeFullExecution();
        const execution = { ...makeExecution(), [field]: full[field] } as Execution;
        await session.adapter.saveExecution(execution);
        const got = await session.adapter.getExecution('exec-1');
        expect(got).toStrictEqual(execution);
        expect(keysOf(got as Execution)).toStrictEqual([...REQUIRED_KEYS, field].sort());
      },
    );

    it('returnValue null stays null (not absent)', async () => {
      const { adapter } = session;
      const execution = makeExecution({ state: 'COMPLETED', returnValue: null });
      await adapter.saveExecution(execution);
      const got = await adapter.getExecution('exec-1');
      expect(got).toStrictEqual(execution);
      expect(got).toHaveProperty('returnValue', null);
      const reopened = await session.reopen();
      const again = await reopened.getExecution('exec-1');
      expect(again).toHaveProperty('returnValue', null);
      expect(again).toStrictEqual(execution);
    });

    it('empty strings in error and ccPrompt stay empty strings', async () => {
      const { adapter } = session;
      const execution = makeExecution({ error: '', ccPrompt: '' });
      await adapter.saveExecution(execution);
      expect(await adapter.getExecution('exec-1')).toStrictEqual(execution);
    });

    it('an empty heap and empty iterators round-trip', async () => {
      const { adapter } = session;
      const execution = makeExecution({ heap: { objects: {}, nextId: 0 }, iterators: [] });
      await adapter.saveExecution(execution);
      expect(await adapter.getExecution('exec-1')).toStrictEqual(execution);
    });

    it('round-trips after reopen', async () => {
      const execution = makeFullExecution();
      await session.adapter.saveExecution(execution);
      const reopened = await session.reopen();
      expect(await reopened.getExecution('exec-1')).toStrictEqual(execution);
      expect(await reopened.listExecutions()).toStrictEqual([execution]);
    });

    it('returns copies: changing a saved or returned execution does not change the stored one', async () => {
      const { adapter } = session;
      const execution = makeFullExecution();
      await adapter.saveExecution(execution);
      execution.stack.push('pushed after save');
      execution.variables.count = 999;
      execution.pc = 99;
      const first = await adapter.getExecution('exec-1');
      expect(first).toStrictEqual(makeFullExecution());
      (first as Execution).stack.length = 0;
      (first as Execution).variables.extra = 'x';
      (first as Execution).created.setTime(0);
      expect(await adapter.getExecution('exec-1')).toStrictEqual(makeFullExecution());
    });

    it('saving again with the same id replaces the whole execution', async () => {
      const { adapter } = session;
      await adapter.saveExecution(makeFullExecution());
      const second = makeExecution({ state: 'RUNNING', pc: 3, stack: ['only'], variables: { y: 2 }, created: at(7) });
      await adapter.saveExecution(second);
      const got = await adapter.getExecution('exec-1');
      expect(got).toStrictEqual(second);
      for (const key of OPTIONAL_KEYS) expect(got).not.toHaveProperty(key);
      expect(await adapter.listExecutions()).toStrictEqual([second]);
      const reopened = await session.reopen();
      expect(await reopened.getExecution('exec-1')).toStrictEqual(second);
    });

    it('getExecution of a missing id returns null', async () => {
      const { adapter } = session;
      expect(await adapter.getExecution('nope')).toBeNull();
      await adapter.saveExecution(makeExecution());
      await adapter.saveProgram(makeProgram({ id: 'prog-only' }));
      expect(await adapter.getExecution('nope')).toBeNull();
      expect(await adapter.getExecution('prog-only')).toBeNull();
    });

    it('listExecutions is empty on a fresh store', async () => {
      expect(await session.adapter.listExecutions()).toStrictEqual([]);
    });

    it('listExecutions returns all executions ordered by created, then id', async () => {
      const { adapter } = session;
      const executions = [
        makeExecution({ id: 'late', created: at(3000) }),
        makeExecution({ id: 'tie-c', created: at(1000), state: 'RUNNING' }),
        makeFullExecution({ id: 'early', created: at(-5000) }),
        makeExecution({ id: 'tie-a', created: at(1000), state: 'ERROR', error: 'boom' }),
        makeExecution({ id: 'e-9', created: at(2000) }),
        makeExecution({ id: 'tie-b', created: at(1000) }),
        makeExecution({ id: 'e-10', created: at(2000) }),
      ];
      for (const execution of executions) await adapter.saveExecution(execution);
      const expectedOrder = ['early', 'tie-a', 'tie-b', 'tie-c', 'e-10', 'e-9', 'late'];
      const byId = new Map(executions.map((e) => [e.id, e]));
      const expected = expectedOrder.map((id) => byId.get(id));
      expect(await adapter.listExecutions()).toStrictEqual(expected);
      const reopened = await session.reopen();
      expect(await reopened.listExecutions()).toStrictEqual(expected);
    });

    it('listExecutions orders by created, not by updated or save order', async () => {
      const { adapter } = session;
      await adapter.saveExecution(makeExecution({ id: 'b', created: at(2), updated: at(0) }));
      await adapter.saveExecution(makeExecution({ id: 'a', created: at(1), updated: at(99) }));
      await adapter.saveExecution(makeExecution({ id: 'b', created: at(0), updated: at(100) }));
      expect((await adapter.listExecutions()).map((e) => e.id)).toStrictEqual(['b', 'a']);
    });

    it('deleteExecution removes the execution, also after reopen', async () => {
      const { adapter } = session;
      await adapter.saveExecution(makeExecution({ id: 'keep', created: at(1) }));
      await adapter.saveExecution(makeExecution({ id: 'gone', created: at(2) }));
      await adapter.deleteExecution('gone');
      expect(await adapter.getExecution('gone')).toBeNull();
      expect(await adapter.listExecutions()).toStrictEqual([makeExecution({ id: 'keep', created: at(1) })]);
      const reopened = await session.reopen();
      expect(await reopened.getExecution('gone')).toBeNull();
      expect((await reopened.listExecutions()).map((e) => e.id)).toStrictEqual(['keep']);
    });

    it('deleteExecution of a missing id resolves and changes nothing', async () => {
      const { adapter } = session;
      await expect(adapter.deleteExecution('never-saved')).resolves.toBeUndefined();
      await adapter.saveExecution(makeExecution());
      await adapter.setCurrentExecutionId('exec-1');
      await expect(adapter.deleteExecution('never-saved')).resolves.toBeUndefined();
      expect(await adapter.listExecutions()).toStrictEqual([makeExecution()]);
      expect(await adapter.getCurrentExecutionId()).toBe('exec-1');
      await adapter.deleteExecution('exec-1');
      await expect(adapter.deleteExecution('exec-1')).resolves.toBeUndefined();
      expect(await adapter.listExecutions()).toStrictEqual([]);
    });

    it('deleting an execution does not delete its program', async () => {
      const { adapter } = session;
      await adapter.saveProgram(makeProgram());
      await adapter.saveExecution(makeExecution());
      await adapter.deleteExecution('exec-1');
      expect(await adapter.getProgram('prog-1')).toStrictEqual(makeProgram());
    });

    it('an execution may name a program that is not stored', async () => {
      const { adapter } = session;
      const execution = makeExecution({ programId: 'not-stored' });
      await adapter.saveExecution(execution);
      expect(await adapter.getExecution('exec-1')).toStrictEqual(execution);
    });

    it('concurrent saves of different executions all land', async () => {
      const { adapter } = session;
      const executions = Array.from({ length: 30 }, (_, i) =>
        makeExecution({ id: `e-${String(i).padStart(2, '0')}`, pc: i, stack: [i] }),
      );
      await Promise.all(executions.map((e) => adapter.saveExecution(e)));
      expect(await adapter.listExecutions()).toStrictEqual(executions);
    });

    it('concurrent saves of one execution leave one whole version, never a mix: the last call\'s', async () => {
      const { adapter } = session;
      const versions = Array.from({ length: 20 }, (_, i) =>
        makeExecution({ pc: i, stack: [i, `v${i}`], variables: { version: i }, created: at(i) }),
      );
      await Promise.all(versions.map((e) => adapter.saveExecution(e)));
      const got = await adapter.getExecution('exec-1');
      expect(got).not.toBeNull();
      expect(got).toStrictEqual(versions[(got as Execution).pc]);
      expect(got).toStrictEqual(versions[versions.length - 1]);
      expect(await adapter.listExecutions()).toHaveLength(1);
    });
  });
}
