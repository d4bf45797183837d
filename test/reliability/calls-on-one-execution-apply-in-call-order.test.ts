import type { Execution } from '../../src/types';
import { allBackends, useStore } from './support/backends';

/**
 * Calls about one execution apply in the order they were made, whatever their mix, even when
 * none is awaited before the next: a save, an append and a current pointer made right after a
 * delete are not erased by it, and a record changed by the caller after a call is stored as it
 * was when the call was made.
 */
const TRIES = 20;

function execution(id: string, pc: number): Execution {
  return { id, programId: 'prog', state: 'RUNNING', pc, stack: [pc], variables: { pc }, created: new Date(Date.UTC(2024, 0, 1)), updated: new Date(Date.UTC(2024, 0, 1, 0, 0, pc)) };
}

describe.each(allBackends())('calls on one execution apply in call order: $name', (backend) => {
  const kit = useStore(backend);

  it(`save, append and set current made right after a delete survive it (${TRIES} tries)`, async () => {
    const { adapter } = kit.store;
    for (let attempt = 0; attempt < TRIES; attempt++) {
      const id = `after-delete-${attempt}`;
      await adapter.saveExecution(execution(id, 1));
      await adapter.appendOutput(id, ['old line']);
      await adapter.setCurrentExecutionId(id);

      await Promise.all([
        adapter.deleteExecution(id),
        adapter.saveExecution(execution(id, 2)),
        adapter.appendOutput(id, ['new line']),
        adapter.setCurrentExecutionId(id),
      ]);

      expect({ attempt, execution: await adapter.getExecution(id) }).toStrictEqual({ attempt, execution: execution(id, 2) });
      expect({ attempt, output: await adapter.getOutput(id) }).toStrictEqual({ attempt, output: ['new line'] });
      expect({ attempt, current: await adapter.getCurrentExecutionId() }).toStrictEqual({ attempt, current: id });
    }
  });

  it('a delete made after a save, an append and set current removes all of them', async () => {
    const { adapter } = kit.store;
    const id = 'delete-last';
    await Promise.all([
      adapter.saveExecution(execution(id, 1)),
      adapter.appendOutput(id, ['line']),
      adapter.setCurrentExecutionId(id),
      adapter.deleteExecution(id),
    ]);
    expect(await adapter.getExecution(id)).toBeNull();
    expect(await adapter.getOutput(id)).toStrictEqual([]);
    expect(await adapter.getCurrentExecutionId()).toBeNull();
  });

  it('reads made after a write see it, even when the write was not awaited', async () => {
    const { adapter } = kit.store;
    const id = 'read-your-write';
    await adapter.saveExecution(execution(id, 1));
    const [, read, , output] = await Promise.all([
      adapter.saveExecution(execution(id, 2)),
      adapter.getExecution(id),
      adapter.appendOutput(id, ['a']),
      adapter.getOutput(id),
    ]);
    expect(read).toStrictEqual(execution(id, 2));
    expect(output).toStrictEqual(['a']);
  });

  it('a record, a Date in it or output lines changed after a queued call are stored as they were at the call', async () => {
    const { adapter } = kit.store;
    const id = 'captured';
    await adapter.saveExecution(execution(id, 1));
    const record = execution(id, 2);
    const lines = ['as called'];
    const pending = [adapter.deleteExecution(id), adapter.saveExecution(record), adapter.appendOutput(id, lines)];
    record.pc = 99;
    (record.variables as Record<string, unknown>).pc = 'changed';
    (record.updated as Date).setTime(0);
    lines[0] = 'changed';
    lines.push('added');
    await Promise.all(pending);
    expect(await adapter.getExecution(id)).toStrictEqual(execution(id, 2));
    expect(await adapter.getOutput(id)).toStrictEqual(['as called']);
  });

  it('a queued call with an invalid record is refused at the call, and the calls around it still apply', async () => {
    const { adapter } = kit.store;
    const id = 'refused-in-line';
    await adapter.saveExecution(execution(id, 1));
    const deleting = adapter.deleteExecution(id);
    const refused = adapter.saveExecution({ ...execution(id, 2), stack: [() => 1] } as unknown as Execution).catch((error: unknown) => error);
    const saving = adapter.saveExecution(execution(id, 3));
    await deleting;
    expect(await refused).toMatchObject({ code: 'VALIDATION_FAILED' });
    await saving;
    expect(await adapter.getExecution(id)).toStrictEqual(execution(id, 3));
  });
});
