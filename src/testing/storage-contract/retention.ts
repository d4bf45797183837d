import type { CvmStorage } from '../../adapters/storage-adapter';
import type { PruneOptions } from '../../types';
import { expectNotConnected, expectValidationError } from './expectations';
import { at, makeExecution } from './records';
import { useSession, type ContractHarness } from './harness';
import { describe, expect, it } from './runner';

/**
 * Six executions, each with output. Last changed (updated, else created): old-1 10, old-2 20
 * (COMPLETED), old-3 30 (ERROR), old-4 40 (READY, created 0 but updated 40), new-1 200, new-2 300.
 */
async function seed(adapter: CvmStorage): Promise<void> {
  const executions = [
    makeExecution({ id: 'old-1', state: 'COMPLETED', created: at(10) }),
    makeExecution({ id: 'old-2', state: 'COMPLETED', created: at(5), updated: at(20) }),
    makeExecution({ id: 'old-3', state: 'ERROR', created: at(30) }),
    makeExecution({ id: 'old-4', state: 'READY', created: at(0), updated: at(40) }),
    makeExecution({ id: 'new-1', state: 'COMPLETED', created: at(200) }),
    makeExecution({ id: 'new-2', state: 'ERROR', created: at(50), updated: at(300) }),
  ];
  for (const execution of executions) {
    await adapter.saveExecution(execution);
    await adapter.appendOutput(execution.id, [`output of ${execution.id}`]);
  }
}

async function idsOf(adapter: CvmStorage): Promise<string[]> {
  return (await adapter.listExecutions()).map((e) => e.id);
}

export function describeRetention(harness: ContractHarness): void {
  describe('retention: pruneExecutions', () => {
    const session = useSession(harness, { connect: true });

    it('deletes the executions last changed before olderThan, with their output, and keeps the rest', async () => {
      const { adapter } = session;
      await seed(adapter);
      // In (created, id) order: old-4 was created first, though it changed last of the four.
      expect(await adapter.pruneExecutions({ olderThan: at(100) })).toStrictEqual({ ids: ['old-4', 'old-2', 'old-1', 'old-3'] });
      expect(await idsOf(adapter)).toStrictEqual(['new-2', 'new-1']);
      for (const id of ['old-1', 'old-2', 'old-3', 'old-4']) {
        expect(await adapter.getExecution(id)).toBeNull();
        expect(await adapter.getOutput(id)).toStrictEqual([]);
      }
      expect(await adapter.getOutput('new-1')).toStrictEqual(['output of new-1']);
      const reopened = await session.reopen();
      expect(await idsOf(reopened)).toStrictEqual(['new-2', 'new-1']);
      expect(await reopened.getOutput('old-1')).toStrictEqual([]);
    });

    it('olderThan is exclusive: an execution last changed exactly then stays', async () => {
      await seed(session.adapter);
      expect((await session.adapter.pruneExecutions({ olderThan: at(20) })).ids).toStrictEqual(['old-1']);
    });

    it('with states, deletes only executions in those states', async () => {
      const { adapter } = session;
      await seed(adapter);
      expect(await adapter.pruneExecutions({ olderThan: at(1000), states: ['ERROR'] })).toStrictEqual({ ids: ['old-3', 'new-2'] });
      expect(await adapter.pruneExecutions({ olderThan: at(100), states: ['COMPLETED', 'READY'] })).toStrictEqual({ ids: ['old-4', 'old-2', 'old-1'] });
      expect(await idsOf(adapter)).toStrictEqual(['new-1']);
    });

    it('never deletes the current execution unless includeCurrent is given', async () => {
      const { adapter } = session;
      await seed(adapter);
      await adapter.setCurrentExecutionId('old-2');
      expect((await adapter.pruneExecutions({ olderThan: at(100) })).ids).toStrictEqual(['old-4', 'old-1', 'old-3']);
      expect(await adapter.getExecution('old-2')).not.toBeNull();
      expect(await adapter.getOutput('old-2')).toStrictEqual(['output of old-2']);
      expect(await adapter.getCurrentExecutionId()).toBe('old-2');
      expect((await adapter.pruneExecutions({ olderThan: at(100), includeCurrent: false })).ids).toStrictEqual([]);
    });

    it('with includeCurrent deletes the current execution too and clears the pointer', async () => {
      const { adapter } = session;
      await seed(adapter);
      await adapter.setCurrentExecutionId('old-3');
      expect((await adapter.pruneExecutions({ olderThan: at(100), includeCurrent: true })).ids).toStrictEqual(['old-4', 'old-2', 'old-1', 'old-3']);
      expect(await adapter.getCurrentExecutionId()).toBeNull();
      expect(await adapter.getOutput('old-3')).toStrictEqual([]);
      const reopened = await session.reopen();
      expect(await reopened.getCurrentExecutionId()).toBeNull();
    });

    it('leaves a current pointer that names a kept execution alone', async () => {
      const { adapter } = session;
      await seed(adapter);
      await adapter.setCurrentExecutionId('new-1');
      await adapter.pruneExecutions({ olderThan: at(100), includeCurrent: true });
      expect(await adapter.getCurrentExecutionId()).toBe('new-1');
    });

    it('dryRun returns the same ids and deletes nothing', async () => {
      const { adapter } = session;
      await seed(adapter);
      await adapter.setCurrentExecutionId('old-1');
      const dry = await adapter.pruneExecutions({ olderThan: at(100), dryRun: true, batchSize: 2 });
      expect(dry).toStrictEqual({ ids: ['old-4', 'old-2', 'old-3'] });
      expect(await idsOf(adapter)).toStrictEqual(['old-4', 'old-2', 'old-1', 'old-3', 'new-2', 'new-1']);
      expect(await adapter.getOutput('old-2')).toStrictEqual(['output of old-2']);
      expect(await adapter.getCurrentExecutionId()).toBe('old-1');
      expect(await adapter.pruneExecutions({ olderThan: at(100) })).toStrictEqual(dry);
    });

    it('works through more than one batch, matching and kept executions interleaved', async () => {
      const { adapter } = session;
      const expected: string[] = [];
      for (let i = 0; i < 23; i++) {
        const id = `run-${String(i).padStart(2, '0')}`;
        const old = i % 3 !== 1;
        await adapter.saveExecution(makeExecution({ id, state: i % 2 === 0 ? 'COMPLETED' : 'ERROR', created: at(i), updated: at(old ? 100 + i : 10_000 + i) }));
        await adapter.appendOutput(id, [id]);
        if (old) expected.push(id);
      }
      await adapter.setCurrentExecutionId('run-02');
      const kept = expected.filter((id) => id !== 'run-02');
      expect(await adapter.pruneExecutions({ olderThan: at(1000), batchSize: 4, dryRun: true })).toStrictEqual({ ids: kept });
      expect(await adapter.pruneExecutions({ olderThan: at(1000), batchSize: 4 })).toStrictEqual({ ids: kept });
      expect(await idsOf(adapter)).toStrictEqual(['run-01', 'run-02', 'run-04', 'run-07', 'run-10', 'run-13', 'run-16', 'run-19', 'run-22']);
      expect(await adapter.getOutput('run-00')).toStrictEqual([]);
      expect(await adapter.getOutput('run-01')).toStrictEqual(['run-01']);
      expect(await adapter.pruneExecutions({ olderThan: at(1000), batchSize: 4 })).toStrictEqual({ ids: [] });
    });

    it('with nothing to prune returns no ids', async () => {
      expect(await session.adapter.pruneExecutions({ olderThan: at(0) })).toStrictEqual({ ids: [] });
      await seed(session.adapter);
      expect(await session.adapter.pruneExecutions({ olderThan: at(10) })).toStrictEqual({ ids: [] });
    });

    it.each([
      ['no olderThan', {}, 'olderThan'],
      ['olderThan as text', { olderThan: '2024-01-01' }, 'olderThan'],
      ['an invalid olderThan', { olderThan: new Date(NaN) }, 'olderThan'],
      ['states that is not a list', { olderThan: at(100), states: 'ERROR' }, 'states'],
      ['an unknown state', { olderThan: at(100), states: ['DONE'] }, 'states'],
      ['an empty list of states', { olderThan: at(100), states: [] }, 'states'],
      ['includeCurrent that is not a boolean', { olderThan: at(100), includeCurrent: 'yes' }, 'includeCurrent'],
      ['dryRun that is not a boolean', { olderThan: at(100), dryRun: 1 }, 'dryRun'],
      ['batchSize 0', { olderThan: at(100), batchSize: 0 }, 'batchSize'],
      ['an unknown option', { olderThan: at(100), dryrun: true }, 'dryrun'],
    ] as [string, object, string][])('refuses %s with a ValidationError naming it, and deletes nothing', async (_name, options, field) => {
      await seed(session.adapter);
      await expectValidationError(() => session.adapter.pruneExecutions(options as PruneOptions), field);
      expect(await idsOf(session.adapter)).toHaveLength(6);
    });
  });

  describe('retention before connect()', () => {
    const session = useSession(harness, { connect: false });

    it('pruneExecutions rejects with NotConnectedError', async () => {
      const adapter = await session.create();
      await expectNotConnected(() => adapter.pruneExecutions({ olderThan: at(0) }));
    });
  });
}
