import type { CvmStorage } from '../../adapters/storage-adapter';
import { ConflictError, ValidationError } from '../../errors';
import { rejectionOf } from './expectations';
import { useSession, type ContractHarness } from './harness';
import { makeExecution } from './records';
import { describe, expect, it } from './runner';

async function expectConflict(promise: Promise<unknown>, expectedRevision: number | null, actualRevision: number | null): Promise<void> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(ConflictError);
  expect(error).toMatchObject({ code: 'CONFLICT', field: 'execution id', id: 'exec-1', expectedRevision, actualRevision });
}

async function revisionOf(adapter: CvmStorage, id = 'exec-1'): Promise<number> {
  const read = await adapter.readExecution(id);
  if (read === null) throw new Error(`${id} is not stored`);
  return read.revision;
}

export function describeFencedResume(harness: ContractHarness): void {
  describe('fenced resume', () => {
    const session = useSession(harness, { connect: true });

    it('readExecution gives the execution and its revision: a fresh safe integer when created, one more on every save; null when missing', async () => {
      const { adapter } = session;
      expect(await adapter.readExecution('exec-1')).toBeNull();
      await adapter.createExecution(makeExecution({ pc: 0 }));
      const first = await revisionOf(adapter);
      expect(Number.isSafeInteger(first) && first >= 1).toBe(true);
      expect(await adapter.readExecution('exec-1')).toStrictEqual({ execution: makeExecution({ pc: 0 }), revision: first });
      await adapter.saveExecution(makeExecution({ pc: 1 }));
      await adapter.saveExecution(makeExecution({ pc: 2 }));
      expect(await adapter.readExecution('exec-1')).toStrictEqual({ execution: makeExecution({ pc: 2 }), revision: first + 2 });
      expect(await adapter.getExecution('exec-1')).toStrictEqual(makeExecution({ pc: 2 }));
      const reopened = await session.reopen();
      expect((await reopened.readExecution('exec-1'))?.revision).toBe(first + 2);
    });

    it('a revision read before deleteExecution and createExecution of the same id never matches the new execution', async () => {
      const { adapter } = session;
      await adapter.createExecution(makeExecution({ pc: 0 }));
      const old = await revisionOf(adapter);
      await adapter.saveExecution(makeExecution({ pc: 1 }), { expectedRevision: old });
      await adapter.deleteExecution('exec-1');
      await adapter.createExecution(makeExecution({ pc: 10 }));
      const now = await revisionOf(adapter);
      expect(now).toBeGreaterThan(old + 1);
      for (const stale of [old, old + 1]) {
        await expectConflict(adapter.saveExecution(makeExecution({ pc: 99 }), { expectedRevision: stale }), stale, now);
        await expectConflict(adapter.appendOutput('exec-1', ['stale'], { expectedRevision: stale }), stale, now);
      }
      await adapter.deleteExecution('exec-1');
      await adapter.saveExecution(makeExecution({ pc: 20 }));
      await expectConflict(adapter.saveExecution(makeExecution({ pc: 99 }), { expectedRevision: now }), now, await revisionOf(adapter));
      expect(await adapter.readExecution('exec-1')).toStrictEqual({ execution: makeExecution({ pc: 20 }), revision: await revisionOf(adapter) });
      expect(await adapter.getOutput('exec-1')).toStrictEqual([]);
    });

    it('a save at the expected revision writes and moves the revision on; at another it is a ConflictError and writes nothing', async () => {
      const { adapter } = session;
      await adapter.saveExecution(makeExecution({ pc: 0 }));
      const first = await revisionOf(adapter);
      await adapter.saveExecution(makeExecution({ pc: 1 }), { expectedRevision: first });
      await expectConflict(adapter.saveExecution(makeExecution({ pc: 99 }), { expectedRevision: first }), first, first + 1);
      await expectConflict(adapter.saveExecution(makeExecution({ pc: 99 }), { expectedRevision: first + 2 }), first + 2, first + 1);
      expect(await adapter.readExecution('exec-1')).toStrictEqual({ execution: makeExecution({ pc: 1 }), revision: first + 1 });
    });

    it('expectedRevision null saves only an execution not stored yet', async () => {
      const { adapter } = session;
      await expectConflict(adapter.saveExecution(makeExecution({ pc: 1 }), { expectedRevision: 1 }), 1, null);
      expect(await adapter.getExecution('exec-1')).toBeNull();
      await adapter.saveExecution(makeExecution({ pc: 1 }), { expectedRevision: null });
      const first = await revisionOf(adapter);
      await expectConflict(adapter.saveExecution(makeExecution({ pc: 2 }), { expectedRevision: null }), null, first);
      await adapter.createExecution(makeExecution({ pc: 0, id: 'exec-2' }));
      await expect(adapter.saveExecution(makeExecution({ pc: 2, id: 'exec-2' }), { expectedRevision: null })).rejects.toMatchObject({ code: 'CONFLICT', expectedRevision: null });
      expect(await adapter.getExecution('exec-2')).toStrictEqual(makeExecution({ pc: 0, id: 'exec-2' }));
      expect(await adapter.readExecution('exec-1')).toStrictEqual({ execution: makeExecution({ pc: 1 }), revision: first });
      await adapter.deleteExecution('exec-1');
      await adapter.saveExecution(makeExecution({ pc: 3 }), { expectedRevision: null });
      expect(await revisionOf(adapter)).toBeGreaterThan(first);
    });

    it('a fenced append adds lines only while the execution is at the expected revision', async () => {
      const { adapter } = session;
      await adapter.saveExecution(makeExecution());
      const first = await revisionOf(adapter);
      await adapter.appendOutput('exec-1', ['at 1'], { expectedRevision: first });
      await adapter.saveExecution(makeExecution({ pc: 1 }), { expectedRevision: first });
      await expectConflict(adapter.appendOutput('exec-1', ['late'], { expectedRevision: first }), first, first + 1);
      await adapter.appendOutput('exec-1', ['at 2'], { expectedRevision: first + 1 });
      await adapter.appendOutput('exec-1', ['unfenced']);
      expect(await adapter.getOutput('exec-1')).toStrictEqual(['at 1', 'at 2', 'unfenced']);
      const missing = await rejectionOf(adapter.appendOutput('exec-2', ['x'], { expectedRevision: 1 }));
      expect(missing).toMatchObject({ code: 'CONFLICT', id: 'exec-2', actualRevision: null });
      expect(await adapter.getOutput('exec-2')).toStrictEqual([]);
    });

    it('a fenced save with output commits the state and its lines as one step: a winning step appends them once, a losing one none', async () => {
      const { adapter } = session;
      await adapter.createExecution(makeExecution({ pc: 0 }));
      await adapter.appendOutput('exec-1', ['before']);
      const first = await revisionOf(adapter);
      await adapter.saveExecution(makeExecution({ pc: 1 }), { expectedRevision: first, output: ['step 1 a', 'step 1 b'] });
      await expectConflict(adapter.saveExecution(makeExecution({ pc: 99 }), { expectedRevision: first, output: ['lost step'] }), first, first + 1);
      await adapter.saveExecution(makeExecution({ pc: 2 }), { expectedRevision: first + 1, output: [] });
      await adapter.saveExecution(makeExecution({ pc: 3 }), { expectedRevision: first + 2, output: ['step 3'] });
      await adapter.appendOutput('exec-1', ['after']);
      const all = ['before', 'step 1 a', 'step 1 b', 'step 3', 'after'];
      expect(await adapter.readExecution('exec-1')).toStrictEqual({ execution: makeExecution({ pc: 3 }), revision: first + 3 });
      expect(await adapter.getOutput('exec-1')).toStrictEqual(all);
      expect(await adapter.getOutputLength('exec-1')).toBe(all.length);
      for (let from = 0; from <= all.length; from++) expect(await adapter.getOutput('exec-1', { from, limit: 2 })).toStrictEqual(all.slice(from, from + 2));
      const reopened = await session.reopen();
      expect(await reopened.getOutput('exec-1')).toStrictEqual(all);
      await reopened.saveExecution(makeExecution({ pc: 4 }), { expectedRevision: first + 3 });
      expect(await reopened.getOutput('exec-1')).toStrictEqual(all);
    });

    it('a step with output on an execution not stored yet (expectedRevision null) stores both; on a stored one neither', async () => {
      const { adapter } = session;
      await adapter.saveExecution(makeExecution({ pc: 1 }), { expectedRevision: null, output: ['created'] });
      await expectConflict(adapter.saveExecution(makeExecution({ pc: 2 }), { expectedRevision: null, output: ['again'] }), null, await revisionOf(adapter));
      expect(await adapter.getExecution('exec-1')).toStrictEqual(makeExecution({ pc: 1 }));
      expect(await adapter.getOutput('exec-1')).toStrictEqual(['created']);
    });

    it('output without expectedRevision, or with a line that is not a string, is a ValidationError naming output, before anything is written', async () => {
      const { adapter } = session;
      await adapter.saveExecution(makeExecution({ pc: 1 }));
      const first = await revisionOf(adapter);
      const unfenced = await rejectionOf(adapter.saveExecution(makeExecution({ pc: 2 }), { output: ['x'] }));
      expect(unfenced).toBeInstanceOf(ValidationError);
      expect((unfenced as ValidationError).issues.map((issue) => issue.path)).toStrictEqual(['output']);
      const badLine = await rejectionOf(adapter.saveExecution(makeExecution({ pc: 2 }), { expectedRevision: first, output: ['x', 7 as unknown as string] }));
      expect(badLine).toBeInstanceOf(ValidationError);
      expect((badLine as ValidationError).issues.map((issue) => issue.path)).toStrictEqual(['output.1']);
      expect(await adapter.readExecution('exec-1')).toStrictEqual({ execution: makeExecution({ pc: 1 }), revision: first });
      expect(await adapter.getOutput('exec-1')).toStrictEqual([]);
    });

    it('the output of a step is taken when the call is made: a later change of the array does not reach the store', async () => {
      const { adapter } = session;
      await adapter.saveExecution(makeExecution({ pc: 1 }));
      const first = await revisionOf(adapter);
      const pending = adapter.getExecution('exec-1');
      const lines = ['as called'];
      const save = adapter.saveExecution(makeExecution({ pc: 2 }), { expectedRevision: first, output: lines });
      lines[0] = 'changed';
      lines.push('added');
      await Promise.all([pending, save]);
      expect(await adapter.getOutput('exec-1')).toStrictEqual(['as called']);
    });

    it.each([[0], [-1], [1.5], ['1'], [Number.NaN]])('expectedRevision %p is a ValidationError naming it, before anything is written', async (revision) => {
      const { adapter } = session;
      const save = await rejectionOf(adapter.saveExecution(makeExecution(), { expectedRevision: revision as number }));
      expect(save).toBeInstanceOf(ValidationError);
      expect((save as ValidationError).issues.map((issue) => issue.path)).toStrictEqual(['expectedRevision']);
      await expect(adapter.appendOutput('exec-1', ['x'], { expectedRevision: revision as number })).rejects.toBeInstanceOf(ValidationError);
      expect(await adapter.getExecution('exec-1')).toBeNull();
      expect(await adapter.getOutput('exec-1')).toStrictEqual([]);
    });

    it('an unknown option or a null expectedRevision on an append is a ValidationError', async () => {
      const { adapter } = session;
      await adapter.saveExecution(makeExecution());
      const first = await revisionOf(adapter);
      await expect(adapter.saveExecution(makeExecution(), { expectedRevison: first } as never)).rejects.toBeInstanceOf(ValidationError);
      await expect(adapter.appendOutput('exec-1', ['x'], { expectedRevision: null } as never)).rejects.toBeInstanceOf(ValidationError);
      expect((await adapter.readExecution('exec-1'))?.revision).toBe(first);
    });

    it('of two adapters on one store resuming from the same revision, exactly one save wins each round', async () => {
      const other: CvmStorage = await session.openSameStore();
      await other.connect();
      await session.adapter.saveExecution(makeExecution({ pc: 0 }));
      const first = await revisionOf(session.adapter);
      for (let round = 1; round <= 5; round++) {
        const [mine, theirs] = await Promise.all([session.adapter.readExecution('exec-1'), other.readExecution('exec-1')]);
        const revision = first + round - 1;
        expect(mine?.revision).toBe(revision);
        expect(theirs?.revision).toBe(revision);
        const results = await Promise.allSettled([
          session.adapter.saveExecution(makeExecution({ pc: round * 10 + 1 }), { expectedRevision: revision }),
          other.saveExecution(makeExecution({ pc: round * 10 + 2 }), { expectedRevision: revision }),
        ]);
        const won = results.flatMap((result, index) => (result.status === 'fulfilled' ? [index] : []));
        expect(won).toHaveLength(1);
        const lost = results[1 - won[0]];
        expect(lost.status === 'rejected' && lost.reason instanceof ConflictError).toBe(true);
        expect(await other.readExecution('exec-1')).toStrictEqual({ execution: makeExecution({ pc: round * 10 + 1 + won[0] }), revision: revision + 1 });
      }
    });
  });
}
