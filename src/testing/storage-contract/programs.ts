import type { Program } from '../../types';
import { at, makeExecution, makeProgram } from './records';
import { useSession, type ContractHarness } from './harness';
import { describe, expect, it } from './runner';

const REQUIRED_KEYS = ['bytecode', 'created', 'id', 'name', 'source'];

function keysOf(record: object): string[] {
  return Object.keys(record).sort();
}

export function describePrograms(harness: ContractHarness): void {
  describe('programs', () => {
    const session = useSession(harness, { connect: true });

    it('saveProgram then getProgram returns an equal program with Date fields and no extra keys', async () => {
      const { adapter } = session;
      const program = makeProgram({ updated: at(60_000) });
      await adapter.saveProgram(program);
      const got = await adapter.getProgram('prog-1');
      expect(got).toStrictEqual(program);
      expect(keysOf(got as Program)).toStrictEqual([...REQUIRED_KEYS, 'updated'].sort());
      expect(got?.created).toBeInstanceOf(Date);
      expect(got?.created.getTime()).toBe(program.created.getTime());
      expect(got?.updated).toBeInstanceOf(Date);
      expect(got?.updated?.getTime()).toBe(at(60_000).getTime());
      expect(got).not.toHaveProperty('_id');
    });

    it('optional fields that were absent stay absent', async () => {
      const { adapter } = session;
      const program = makeProgram({ bytecode: [{ op: 'HALT' }] });
      await adapter.saveProgram(program);
      const got = await adapter.getProgram('prog-1');
      expect(got).toStrictEqual(program);
      expect(keysOf(got as Program)).toStrictEqual(REQUIRED_KEYS);
      expect(Object.keys(got?.bytecode[0] as object)).toStrictEqual(['op']);
    });

    it('round-trips after reopen', async () => {
      const program = makeProgram({ updated: at(1) });
      await session.adapter.saveProgram(program);
      const reopened = await session.reopen();
      expect(await reopened.getProgram('prog-1')).toStrictEqual(program);
      expect(await reopened.listPrograms()).toStrictEqual([program]);
    });

    it('keeps an empty name, source and bytecode', async () => {
      const { adapter } = session;
      const program = makeProgram({ name: '', source: '', bytecode: [] });
      await adapter.saveProgram(program);
      expect(await adapter.getProgram('prog-1')).toStrictEqual(program);
    });

    it('returns copies: changing a saved or returned program does not change the stored one', async () => {
      const { adapter } = session;
      const program = makeProgram();
      await adapter.saveProgram(program);
      program.name = 'changed after save';
      program.bytecode.push({ op: 'NOP' });
      program.created.setTime(0);
      const first = await adapter.getProgram('prog-1');
      expect(first).toStrictEqual(makeProgram());
      (first as Program).bytecode.length = 0;
      (first as Program).created.setTime(1);
      expect(await adapter.getProgram('prog-1')).toStrictEqual(makeProgram());
    });

    it('saving again with the same id replaces the whole program', async () => {
      const { adapter } = session;
      await adapter.saveProgram(makeProgram({ name: 'v1', updated: at(10), bytecode: [{ op: 'A', arg: 1, line: 3 }] }));
      const second = makeProgram({ name: 'v2', source: 'new source', bytecode: [{ op: 'B' }], created: at(20) });
      await adapter.saveProgram(second);
      const got = await adapter.getProgram('prog-1');
      expect(got).toStrictEqual(second);
      expect(got).not.toHaveProperty('updated');
      expect(await adapter.listPrograms()).toStrictEqual([second]);
      const reopened = await session.reopen();
      expect(await reopened.getProgram('prog-1')).toStrictEqual(second);
    });

    it('getProgram of a missing id returns null', async () => {
      const { adapter } = session;
      expect(await adapter.getProgram('nope')).toBeNull();
      await adapter.saveProgram(makeProgram());
      expect(await adapter.getProgram('nope')).toBeNull();
      expect(await adapter.getProgram('prog-')).toBeNull();
    });

    it('listPrograms is empty on a fresh store', async () => {
      expect(await session.adapter.listPrograms()).toStrictEqual([]);
    });

    it('listPrograms returns all programs ordered by created, then id', async () => {
      const { adapter } = session;
      const programs = [
        makeProgram({ id: 'late', created: at(3000) }),
        makeProgram({ id: 'tie-c', created: at(1000) }),
        makeProgram({ id: 'early', created: at(-5000), updated: at(9000) }),
        makeProgram({ id: 'tie-a', created: at(1000) }),
        makeProgram({ id: 'p-9', created: at(2000) }),
        makeProgram({ id: 'tie-b', created: at(1000) }),
        makeProgram({ id: 'p-10', created: at(2000) }),
        makeProgram({ id: 'a-middle', created: at(1500) }),
      ];
      for (const program of programs) await adapter.saveProgram(program);
      const expectedOrder = ['early', 'tie-a', 'tie-b', 'tie-c', 'a-middle', 'p-10', 'p-9', 'late'];
      const byId = new Map(programs.map((p) => [p.id, p]));
      const expected = expectedOrder.map((id) => byId.get(id));
      expect(await adapter.listPrograms()).toStrictEqual(expected);
      const reopened = await session.reopen();
      expect(await reopened.listPrograms()).toStrictEqual(expected);
    });

    it('listPrograms orders by created, not by updated or save order', async () => {
      const { adapter } = session;
      await adapter.saveProgram(makeProgram({ id: 'b', created: at(2), updated: at(0) }));
      await adapter.saveProgram(makeProgram({ id: 'a', created: at(1), updated: at(99) }));
      await adapter.saveProgram(makeProgram({ id: 'b', created: at(0), updated: at(100) }));
      expect((await adapter.listPrograms()).map((p) => p.id)).toStrictEqual(['b', 'a']);
    });

    it('deleteProgram removes the program, also after reopen', async () => {
      const { adapter } = session;
      await adapter.saveProgram(makeProgram({ id: 'keep', created: at(1) }));
      await adapter.saveProgram(makeProgram({ id: 'gone', created: at(2) }));
      await adapter.deleteProgram('gone');
      expect(await adapter.getProgram('gone')).toBeNull();
      expect(await adapter.listPrograms()).toStrictEqual([makeProgram({ id: 'keep', created: at(1) })]);
      const reopened = await session.reopen();
      expect(await reopened.getProgram('gone')).toBeNull();
      expect((await reopened.listPrograms()).map((p) => p.id)).toStrictEqual(['keep']);
    });

    it('a deleted program can be saved again', async () => {
      const { adapter } = session;
      await adapter.saveProgram(makeProgram());
      await adapter.deleteProgram('prog-1');
      const again = makeProgram({ name: 'again' });
      await adapter.saveProgram(again);
      expect(await adapter.getProgram('prog-1')).toStrictEqual(again);
    });

    it('deleteProgram of a missing id resolves and changes nothing', async () => {
      const { adapter } = session;
      await expect(adapter.deleteProgram('never-saved')).resolves.toBeUndefined();
      await adapter.saveProgram(makeProgram());
      await expect(adapter.deleteProgram('never-saved')).resolves.toBeUndefined();
      await adapter.deleteProgram('prog-1');
      await expect(adapter.deleteProgram('prog-1')).resolves.toBeUndefined();
      expect(await adapter.listPrograms()).toStrictEqual([]);
    });

    it('deleting a program does not delete its executions or their output', async () => {
      const { adapter } = session;
      await adapter.saveProgram(makeProgram());
      const execution = makeExecution({ programId: 'prog-1' });
      await adapter.saveExecution(execution);
      await adapter.appendOutput('exec-1', ['kept']);
      await adapter.setCurrentExecutionId('exec-1');
      await adapter.deleteProgram('prog-1');
      expect(await adapter.getExecution('exec-1')).toStrictEqual(execution);
      expect(await adapter.listExecutions()).toStrictEqual([execution]);
      expect(await adapter.getOutput('exec-1')).toStrictEqual(['kept']);
      expect(await adapter.getCurrentExecutionId()).toBe('exec-1');
    });

    it('programs and executions with the same id are separate records', async () => {
      const { adapter } = session;
      const program = makeProgram({ id: 'shared' });
      const execution = makeExecution({ id: 'shared', programId: 'shared' });
      await adapter.saveProgram(program);
      await adapter.saveExecution(execution);
      expect(await adapter.getProgram('shared')).toStrictEqual(program);
      expect(await adapter.getExecution('shared')).toStrictEqual(execution);
      await adapter.deleteProgram('shared');
      expect(await adapter.getExecution('shared')).toStrictEqual(execution);
    });

    it('concurrent saves of different programs all land', async () => {
      const { adapter } = session;
      const programs = Array.from({ length: 30 }, (_, i) =>
        makeProgram({ id: `p-${String(i).padStart(2, '0')}`, created: at(0) }),
      );
      await Promise.all(programs.map((p) => adapter.saveProgram(p)));
      expect(await adapter.listPrograms()).toStrictEqual(programs);
    });
  });
}
