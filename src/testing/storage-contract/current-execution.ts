import { makeExecution } from './records';
import { useSession, type ContractHarness } from './harness';
import { beforeEach, describe, expect, it } from './runner';

export function describeCurrentExecution(harness: ContractHarness): void {
  describe('current execution', () => {
    const session = useSession(harness, { connect: true });

    beforeEach(async () => {
      await session.adapter.saveExecution(makeExecution({ id: 'exec-1' }));
      await session.adapter.saveExecution(makeExecution({ id: 'exec-2' }));
    });

    it('is null initially', async () => {
      expect(await session.adapter.getCurrentExecutionId()).toBeNull();
    });

    it('set then get returns the id', async () => {
      const { adapter } = session;
      await adapter.setCurrentExecutionId('exec-1');
      expect(await adapter.getCurrentExecutionId()).toBe('exec-1');
      await adapter.setCurrentExecutionId('exec-2');
      expect(await adapter.getCurrentExecutionId()).toBe('exec-2');
    });

    it('setting the same id twice is harmless', async () => {
      const { adapter } = session;
      await adapter.setCurrentExecutionId('exec-1');
      await adapter.setCurrentExecutionId('exec-1');
      expect(await adapter.getCurrentExecutionId()).toBe('exec-1');
    });

    it('set null clears it', async () => {
      const { adapter } = session;
      await adapter.setCurrentExecutionId('exec-1');
      await adapter.setCurrentExecutionId(null);
      expect(await adapter.getCurrentExecutionId()).toBeNull();
      await adapter.setCurrentExecutionId(null);
      expect(await adapter.getCurrentExecutionId()).toBeNull();
    });

    it('persists across reopen', async () => {
      await session.adapter.setCurrentExecutionId('exec-2');
      const reopened = await session.reopen();
      expect(await reopened.getCurrentExecutionId()).toBe('exec-2');
    });

    it('a cleared id stays cleared across reopen', async () => {
      await session.adapter.setCurrentExecutionId('exec-2');
      await session.adapter.setCurrentExecutionId(null);
      const reopened = await session.reopen();
      expect(await reopened.getCurrentExecutionId()).toBeNull();
    });

    it('concurrent sets end with one of the ids that was set', async () => {
      const { adapter } = session;
      await Promise.all([adapter.setCurrentExecutionId('exec-1'), adapter.setCurrentExecutionId('exec-2')]);
      expect(['exec-1', 'exec-2']).toContain(await adapter.getCurrentExecutionId());
    });

    it('deleteExecution clears the current id when it named that execution', async () => {
      const { adapter } = session;
      await adapter.setCurrentExecutionId('exec-1');
      await adapter.deleteExecution('exec-1');
      expect(await adapter.getCurrentExecutionId()).toBeNull();
      const reopened = await session.reopen();
      expect(await reopened.getCurrentExecutionId()).toBeNull();
    });

    it('deleteExecution leaves the current id alone when it names another execution', async () => {
      const { adapter } = session;
      await adapter.setCurrentExecutionId('exec-2');
      await adapter.deleteExecution('exec-1');
      expect(await adapter.getCurrentExecutionId()).toBe('exec-2');
      await adapter.deleteExecution('never-saved');
      expect(await adapter.getCurrentExecutionId()).toBe('exec-2');
      const reopened = await session.reopen();
      expect(await reopened.getCurrentExecutionId()).toBe('exec-2');
    });

    it('deleteExecution of another execution leaves a null current id null', async () => {
      const { adapter } = session;
      await adapter.deleteExecution('exec-1');
      expect(await adapter.getCurrentExecutionId()).toBeNull();
    });

    it('deleting a program does not clear the current id of its execution', async () => {
      const { adapter } = session;
      await adapter.setCurrentExecutionId('exec-1');
      await adapter.deleteProgram('prog-1');
      expect(await adapter.getCurrentExecutionId()).toBe('exec-1');
    });
  });
}
