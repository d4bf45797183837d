import type { CvmStorage } from '../../adapters/storage-adapter';
import { ConflictError } from '../../errors';
import type { Execution } from '../../types';
import { expectInvalidId, expectValidationError, rejectionOf } from './expectations';
import { useSession, type ContractHarness } from './harness';
import { at, makeExecution, makeFullExecution } from './records';
import { describe, expect, it } from './runner';

async function revisionOf(adapter: CvmStorage, id = 'exec-1'): Promise<number> {
  const read = await adapter.readExecution(id);
  if (read === null) throw new Error(`${id} is not stored`);
  return read.revision;
}

/** Creates exec-1 at pc 0, then saves pcs 1..saves, appending one line before each save; returns each revision's state. */
async function saveSteps(adapter: CvmStorage, saves: number): Promise<{ revision: number; execution: Execution; outputLength: number }[]> {
  const steps = [];
  const first = makeFullExecution({ pc: 0, updated: at(0) });
  await adapter.createExecution(first);
  steps.push({ revision: await revisionOf(adapter), execution: first, outputLength: 0 });
  for (let pc = 1; pc <= saves; pc++) {
    await adapter.appendOutput('exec-1', [`line ${pc}`]);
    const execution = makeFullExecution({ pc, updated: at(pc * 1000), variables: { count: pc, name: `step ${pc}`, zero: -0 } });
    await adapter.saveExecution(execution);
    steps.push({ revision: await revisionOf(adapter), execution, outputLength: pc });
  }
  return steps;
}

export function describeHistory(harness: ContractHarness): void {
  describe('execution history', () => {
    describe('off (the default)', () => {
      const session = useSession(harness, { connect: true });

      it('keeps no past state: the list holds the current revision only, and an older revision reads as null', async () => {
        const { adapter } = session;
        const steps = await saveSteps(adapter, 3);
        const page = await adapter.listExecutionRevisions('exec-1');
        expect(page).toStrictEqual({ revisions: [{ revision: steps[3].revision, state: 'AWAITING_COGNITIVE_RESULT', pc: 3, updated: at(3000), outputLength: 3 }], next: null });
        expect(await adapter.readExecution('exec-1', { revision: steps[1].revision })).toBeNull();
        expect(await adapter.readExecution('exec-1', { revision: steps[3].revision })).toStrictEqual({ execution: steps[3].execution, revision: steps[3].revision });
        expect(await adapter.listExecutionRevisions('missing')).toStrictEqual({ revisions: [], next: null });
      });
    });

    describe("keep: 'all'", () => {
      const session = useSession(harness, { connect: true, history: { keep: 'all' } });

      it('lists every saved state newest first, each with revision, state, pc, updated and output length, also after reopening', async () => {
        const { adapter } = session;
        const steps = await saveSteps(adapter, 4);
        const expected = [...steps].reverse().map(({ revision, execution, outputLength }) => ({ revision, state: execution.state, pc: execution.pc, updated: execution.updated, outputLength }));
        expect(await adapter.listExecutionRevisions('exec-1')).toStrictEqual({ revisions: expected, next: null });
        const reopened = await session.reopen();
        expect(await reopened.listExecutionRevisions('exec-1')).toStrictEqual({ revisions: expected, next: null });
      });

      it('readExecution with a revision gives the execution exactly as saved then, every field and value', async () => {
        const { adapter } = session;
        const steps = await saveSteps(adapter, 3);
        const reopened = await session.reopen();
        for (const step of steps) expect(await reopened.readExecution('exec-1', { revision: step.revision })).toStrictEqual({ execution: step.execution, revision: step.revision });
        expect(await reopened.readExecution('exec-1', { revision: steps[3].revision + 1 })).toBeNull();
        expect(await reopened.readExecution('exec-1', { revision: 1 })).toBeNull();
        expect(await reopened.readExecution('missing', { revision: steps[0].revision })).toBeNull();
      });

      it('pages with limit and before: next is the before of the following page, null on the last', async () => {
        const { adapter } = session;
        const steps = await saveSteps(adapter, 4);
        const newestFirst = [...steps].reverse().map((step) => step.revision);
        const first = await adapter.listExecutionRevisions('exec-1', { limit: 2 });
        expect(first.revisions.map((entry) => entry.revision)).toStrictEqual(newestFirst.slice(0, 2));
        expect(first.next).toBe(newestFirst[1]);
        const second = await adapter.listExecutionRevisions('exec-1', { limit: 2, before: first.next });
        expect(second.revisions.map((entry) => entry.revision)).toStrictEqual(newestFirst.slice(2, 4));
        const third = await adapter.listExecutionRevisions('exec-1', { limit: 2, before: second.next });
        expect(third).toStrictEqual({ revisions: [{ revision: newestFirst[4], state: 'AWAITING_COGNITIVE_RESULT', pc: 0, updated: at(0), outputLength: 0 }], next: null });
        const exact = await adapter.listExecutionRevisions('exec-1', { limit: 5 });
        expect(exact.next).toBeNull();
      });

      it('a fenced save keeps its semantics: a stale one is a ConflictError and adds no entry; a current one adds the state it replaced', async () => {
        const { adapter } = session;
        const steps = await saveSteps(adapter, 1);
        const error = await rejectionOf(adapter.saveExecution(makeExecution({ pc: 9 }), { expectedRevision: steps[0].revision }));
        expect(error).toBeInstanceOf(ConflictError);
        expect((await adapter.listExecutionRevisions('exec-1')).revisions.map((entry) => entry.pc)).toStrictEqual([1, 0]);
        await adapter.saveExecution(makeExecution({ pc: 2 }), { expectedRevision: steps[1].revision, output: ['committed'] });
        const page = await adapter.listExecutionRevisions('exec-1');
        expect(page.revisions.map(({ pc, outputLength }) => ({ pc, outputLength }))).toStrictEqual([
          { pc: 2, outputLength: 2 },
          { pc: 1, outputLength: 1 },
          { pc: 0, outputLength: 0 },
        ]);
      });

      it('saves racing from two adapters on one store leave only true past states: one entry per revision, every saved pc once', async () => {
        const { adapter } = session;
        await adapter.createExecution(makeExecution({ pc: 0 }));
        const other = await session.openSameStore();
        await other.connect();
        const saves = [];
        for (let pc = 1; pc <= 10; pc++) saves.push((pc % 2 === 0 ? adapter : other).saveExecution(makeExecution({ pc })));
        await Promise.all(saves);
        const { revisions } = await adapter.listExecutionRevisions('exec-1');
        expect(revisions.length).toBe(11);
        const numbers = revisions.map((entry) => entry.revision);
        expect(numbers).toStrictEqual(numbers.map((_, index) => numbers[0] - index));
        expect(revisions.map((entry) => entry.pc).sort((a, b) => a - b)).toStrictEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        for (const entry of revisions) expect((await adapter.readExecution('exec-1', { revision: entry.revision }))?.execution.pc).toBe(entry.pc);
      });

      it('forkExecution creates a new execution with that revision state and the output as it stood then; the source is untouched', async () => {
        const { adapter } = session;
        const steps = await saveSteps(adapter, 3);
        const before = await adapter.listExecutionRevisions('exec-1');
        const forked = await adapter.forkExecution('exec-1', { revision: steps[1].revision, newId: 'exec-fork' });
        expect(forked).toStrictEqual({ execution: { ...steps[1].execution, id: 'exec-fork' }, revision: await revisionOf(adapter, 'exec-fork') });
        expect(await adapter.getOutput('exec-fork')).toStrictEqual(['line 1']);
        const reopened = await session.reopen();
        expect(await reopened.getExecution('exec-fork')).toStrictEqual({ ...steps[1].execution, id: 'exec-fork' });
        expect(await reopened.getOutput('exec-fork')).toStrictEqual(['line 1']);
        expect(await reopened.getExecution('exec-1')).toStrictEqual(steps[3].execution);
        expect(await reopened.getOutput('exec-1')).toStrictEqual(['line 1', 'line 2', 'line 3']);
        expect(await reopened.listExecutionRevisions('exec-1')).toStrictEqual(before);
        expect((await reopened.listExecutionRevisions('exec-fork')).revisions.length).toBe(1);
      });

      it('forkExecution onto an existing id is ALREADY_EXISTS and changes nothing; from a revision not kept it is null', async () => {
        const { adapter } = session;
        const steps = await saveSteps(adapter, 2);
        await adapter.createExecution(makeExecution({ id: 'taken', pc: 42 }));
        await expect(adapter.forkExecution('exec-1', { revision: steps[0].revision, newId: 'taken' })).rejects.toMatchObject({ code: 'ALREADY_EXISTS', id: 'taken' });
        expect(await adapter.getExecution('taken')).toStrictEqual(makeExecution({ id: 'taken', pc: 42 }));
        expect(await adapter.getOutput('taken')).toStrictEqual([]);
        expect(await adapter.forkExecution('exec-1', { revision: steps[2].revision + 5, newId: 'exec-new' })).toBeNull();
        expect(await adapter.forkExecution('missing', { revision: steps[0].revision, newId: 'exec-new' })).toBeNull();
        expect(await adapter.getExecution('exec-new')).toBeNull();
      });

      it('deleteExecution removes the history with it: the same id created again has only its own', async () => {
        const { adapter } = session;
        const steps = await saveSteps(adapter, 2);
        await adapter.deleteExecution('exec-1');
        expect(await adapter.listExecutionRevisions('exec-1')).toStrictEqual({ revisions: [], next: null });
        await adapter.createExecution(makeExecution({ pc: 100 }));
        const page = await adapter.listExecutionRevisions('exec-1');
        expect(page.revisions.map((entry) => entry.pc)).toStrictEqual([100]);
        for (const step of steps) expect(await adapter.readExecution('exec-1', { revision: step.revision })).toBeNull();
      });

      it('pruneExecutions removes the history of what it deletes, and only of that', async () => {
        const { adapter } = session;
        const steps = await saveSteps(adapter, 2);
        await adapter.createExecution(makeExecution({ id: 'kept', pc: 0, created: new Date() }));
        await adapter.saveExecution(makeExecution({ id: 'kept', pc: 1, created: new Date(), updated: new Date() }));
        expect((await adapter.pruneExecutions({ olderThan: at(1_000_000) })).ids).toStrictEqual(['exec-1']);
        await adapter.createExecution(makeExecution({ pc: 100 }));
        expect(await adapter.readExecution('exec-1', { revision: steps[0].revision })).toBeNull();
        expect((await adapter.listExecutionRevisions('kept')).revisions.map((entry) => entry.pc)).toStrictEqual([1, 0]);
      });

      it('the ids "." and ".." keep their own history, and deleting one leaves every other execution and its history', async () => {
        const { adapter } = session;
        await saveSteps(adapter, 2);
        for (const id of ['.', '..']) {
          await adapter.createExecution(makeExecution({ id, pc: 0 }));
          await adapter.saveExecution(makeExecution({ id, pc: 1 }));
        }
        for (const id of ['.', '..']) expect((await adapter.listExecutionRevisions(id)).revisions.map((entry) => entry.pc)).toStrictEqual([1, 0]);
        await adapter.deleteExecution('..');
        await adapter.deleteExecution('.');
        const reopened = await session.reopen();
        expect((await reopened.listExecutionRevisions('exec-1')).revisions.map((entry) => entry.pc)).toStrictEqual([2, 1, 0]);
        expect(await reopened.getOutput('exec-1')).toStrictEqual(['line 1', 'line 2']);
        for (const id of ['.', '..']) expect(await reopened.listExecutionRevisions(id)).toStrictEqual({ revisions: [], next: null });
      });

      it('an adapter with history off removes the history with what it deletes or prunes: the id created again has only its own', async () => {
        const { adapter } = session;
        const steps = await saveSteps(adapter, 2);
        await adapter.createExecution(makeExecution({ id: 'pruned', pc: 0 }));
        await adapter.saveExecution(makeExecution({ id: 'pruned', pc: 1 }));
        const pruned = await revisionOf(adapter, 'pruned');
        const off = await session.openSameStore({});
        await off.connect();
        await off.deleteExecution('exec-1');
        expect((await off.pruneExecutions({ olderThan: at(1_000_000) })).ids).toStrictEqual(['pruned']);
        await off.createExecution(makeExecution({ pc: 100 }));
        await off.createExecution(makeExecution({ id: 'pruned', pc: 200 }));
        for (const reader of [off, adapter]) {
          expect((await reader.listExecutionRevisions('exec-1')).revisions.map((entry) => entry.pc)).toStrictEqual([100]);
          expect((await reader.listExecutionRevisions('pruned')).revisions.map((entry) => entry.pc)).toStrictEqual([200]);
          for (const step of steps) expect(await reader.readExecution('exec-1', { revision: step.revision })).toBeNull();
          expect(await reader.readExecution('pruned', { revision: pruned })).toBeNull();
        }
      });

      it('refuses bad arguments with a typed error naming the field, before reading anything', async () => {
        const { adapter } = session;
        await saveSteps(adapter, 1);
        await expectValidationError(() => adapter.listExecutionRevisions('exec-1', { limit: 0 }), 'limit');
        await expectValidationError(() => adapter.listExecutionRevisions('exec-1', { limit: 1001 }), 'limit');
        await expectValidationError(() => adapter.listExecutionRevisions('exec-1', { before: 'x' as unknown as number }), 'before');
        await expectValidationError(() => adapter.listExecutionRevisions('exec-1', { after: 1 } as never), 'after');
        await expectValidationError(() => adapter.readExecution('exec-1', { revision: -1 }), 'revision');
        await expectValidationError(() => adapter.forkExecution('exec-1', { revision: 1.5, newId: 'x' }), 'revision');
        await expectValidationError(() => adapter.forkExecution('exec-1', { revision: 1, newId: 'exec-1' }), 'newId');
        await expectInvalidId(() => adapter.forkExecution('exec-1', { revision: 1, newId: '' }));
        await expectInvalidId(() => adapter.listExecutionRevisions(''));
      });
    });

    describe('keep: 2', () => {
      const session = useSession(harness, { connect: true, history: { keep: 2 } });

      it('keeps the two most recent past states per execution besides the current one', async () => {
        const { adapter } = session;
        const steps = await saveSteps(adapter, 5);
        const page = await adapter.listExecutionRevisions('exec-1');
        expect(page.revisions.map((entry) => entry.revision)).toStrictEqual([steps[5].revision, steps[4].revision, steps[3].revision]);
        expect(await adapter.readExecution('exec-1', { revision: steps[2].revision })).toBeNull();
        expect(await adapter.readExecution('exec-1', { revision: steps[3].revision })).toStrictEqual({ execution: steps[3].execution, revision: steps[3].revision });
      });
    });

    describe('bad history options', () => {
      it.each([[{ keep: 0 }], [{ keep: 1.5 }], [{ keep: 'some' }], [{ keep: 2, extra: true }]])('an adapter with history %j is refused with a ValidationError', async (history) => {
        await expectValidationError(() => harness.create({ history: history as never }), 'history');
        await harness.cleanup();
      });
    });
  });
}
