import diagnosticsChannel from 'node:diagnostics_channel';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter, type OperationEvent } from '../../src';
import { OPERATION_CHANNEL, RepositoryStorageAdapter } from '../../src/backend';
import { createFileBackend } from '../../src/repositories/file';
import type { StorageBackend } from '../../src/repositories/storage-connection';
import { makeFullExecution, useTempDir } from '../support/fixtures';

/** Counts every call that reaches the backend's repositories, by `repository.method`. */
function countingBackend(backend: StorageBackend): { backend: StorageBackend; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const counted = <T extends object>(name: string, target: T): T =>
    new Proxy(target, {
      get(object, key, receiver) {
        const value = Reflect.get(object, key, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.set(`${name}.${String(key)}`, (calls.get(`${name}.${String(key)}`) ?? 0) + 1);
          return (value as (...a: unknown[]) => unknown).apply(object, args);
        };
      },
    });
  return {
    calls,
    backend: {
      ...backend,
      executions: counted('executions', backend.executions),
      outputs: counted('outputs', backend.outputs),
      history: counted('history', backend.history!),
    },
  };
}

async function step(adapter: RepositoryStorageAdapter, pc: number): Promise<void> {
  await adapter.appendOutput('exec-1', [`line ${pc}`]);
  await adapter.saveExecution(makeFullExecution({ id: 'exec-1', pc }));
}

describe('history off (the default)', () => {
  const dir = useTempDir('cvm-history-off-');
  const events: OperationEvent[] = [];
  const listener = (message: unknown): void => {
    events.push(message as OperationEvent);
  };
  beforeEach(() => {
    events.length = 0;
    diagnosticsChannel.subscribe(OPERATION_CHANNEL, listener);
  });
  afterEach(() => {
    diagnosticsChannel.unsubscribe(OPERATION_CHANNEL, listener);
  });

  it('a step makes exactly the calls it made before history existed: one event per call, no history or extra read call', async () => {
    const { backend, calls } = countingBackend(createFileBackend(dir(), undefined, { durability: 'relaxed' }));
    const adapter = new RepositoryStorageAdapter(backend);
    await adapter.connect();
    await adapter.createExecution(makeFullExecution({ id: 'exec-1', pc: 0 }));
    for (let pc = 1; pc <= 3; pc++) await step(adapter, pc);
    await adapter.disconnect();
    expect(events.map((event) => event.method)).toStrictEqual(['connect', 'createExecution', ...Array(3).fill(['appendOutput', 'saveExecution']).flat(), 'disconnect']);
    expect(Object.fromEntries(calls)).toStrictEqual({ 'executions.create': 1, 'executions.save': 3, 'outputs.append': 3 });
  });

  it('with history on, the same step saves through the history, which links the record it wrote as the entry, and reads nothing it wrote itself', async () => {
    const { backend, calls } = countingBackend(createFileBackend(dir(), undefined, { durability: 'relaxed' }));
    const adapter = new RepositoryStorageAdapter(backend, { history: { keep: 1 } });
    await adapter.connect();
    await adapter.createExecution(makeFullExecution({ id: 'exec-1', pc: 0 }));
    for (let pc = 1; pc <= 3; pc++) await step(adapter, pc);
    await adapter.disconnect();
    expect(events.filter((event) => event.method === 'saveExecution')).toHaveLength(3);
    // The create records revision 1 (reading its revision back); each save, fenced on the
    // revision this adapter wrote last, is the history's (the file backend writes the record and
    // links it as the entry); keep: 1 trims at every revision. The output length is read by the
    // create's record and the first save; the later saves take the length their step's append
    // left, which the file backend knows from the length it read last.
    expect(Object.fromEntries(calls)).toStrictEqual({
      'executions.create': 1,
      'executions.read': 1,
      'outputs.append': 3,
      'outputs.length': 2,
      'outputs.takeAppendedLength': 3,
      'history.record': 1,
      'history.saveRecorded': 3,
      'history.trimBelow': 4,
    });
    const folder = path.join(dir(), 'history', 'exec-1');
    const newest = Math.max(...readdirSync(folder).map((name) => Number(name.replace('.json', ''))));
    expect(statSync(path.join(folder, `${newest}.json`)).ino).toBe(statSync(path.join(dir(), 'executions', 'exec-1.json')).ino);
  });

  it('a FileStorageAdapter without the option never makes the history folder', async () => {
    const adapter = new FileStorageAdapter(dir(), { durability: 'relaxed' });
    await adapter.connect();
    await adapter.createExecution(makeFullExecution({ id: 'exec-1', pc: 0 }));
    await step(adapter, 1);
    await adapter.deleteExecution('exec-1');
    await adapter.disconnect();
    expect(readdirSync(dir())).not.toContain('history');
  });
});
