import { readdirSync } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter, type Execution } from '../../src';
import { useTempDir } from '../support/fixtures/temp-folders';

describe('file backend: writes to one id from one process', () => {
  const dir = useTempDir();

  it('applies 100 concurrent saves of one id in call order and leaves no temp file', async () => {
    const storage = new FileStorageAdapter(dir());
    await storage.connect();
    const base: Execution = { id: 'e', programId: 'p', state: 'RUNNING', pc: 0, stack: [], variables: {}, created: new Date(5) };
    await Promise.all(Array.from({ length: 100 }, (_, pc) => storage.saveExecution({ ...base, pc })));
    expect((await storage.getExecution('e'))?.pc).toBe(99);
    expect(readdirSync(path.join(dir(), 'executions'))).toEqual(['e.json']);
    await storage.disconnect();
  });

  it('disconnect() waits for writes already started', async () => {
    const storage = new FileStorageAdapter(dir());
    await storage.connect();
    const pending = storage.appendOutput('e', ['a']);
    await storage.disconnect();
    await pending;
    const reopened = new FileStorageAdapter(dir());
    await reopened.connect();
    expect(await reopened.getOutput('e')).toEqual(['a']);
    await reopened.disconnect();
  });
});
