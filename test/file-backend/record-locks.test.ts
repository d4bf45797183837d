import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter } from '../../src';
import { makeExecution, useTempDir } from '../support/fixtures';

describe('file backend: record locks', () => {
  const dir = useTempDir();

  async function connected(): Promise<FileStorageAdapter> {
    const storage = new FileStorageAdapter(dir());
    await storage.connect();
    return storage;
  }

  it('a lock left by a process that died (not refreshed for over 10 s) is taken over', async () => {
    const storage = await connected();
    const lock = path.join(dir(), 'executions', 'exec-1.json.lock');
    await fs.mkdir(lock);
    const minuteAgo = new Date(Date.now() - 60_000);
    await fs.utimes(lock, minuteAgo, minuteAgo);
    await storage.saveExecution(makeExecution({ pc: 1 }), { expectedRevision: null });
    expect(await storage.readExecution('exec-1')).toMatchObject({ execution: makeExecution({ pc: 1 }) });
    await expect(fs.stat(lock)).rejects.toMatchObject({ code: 'ENOENT' });
    await storage.disconnect();
  });

  it('a save waits while another process holds the record lock, then applies after it', async () => {
    const storage = await connected();
    await storage.saveExecution(makeExecution({ pc: 1 }));
    const first = (await storage.readExecution('exec-1'))?.revision ?? 0;
    const lock = path.join(dir(), 'executions', 'exec-1.json.lock');
    await fs.mkdir(lock);
    let released = false;
    const release = setTimeout(() => {
      released = true;
      void fs.rmdir(lock);
    }, 300);
    try {
      await storage.saveExecution(makeExecution({ pc: 2 }), { expectedRevision: first });
      expect(released).toBe(true);
    } finally {
      clearTimeout(release);
    }
    expect(await storage.readExecution('exec-1')).toStrictEqual({ execution: makeExecution({ pc: 2 }), revision: first + 1 });
    await storage.disconnect();
  });

  it('a record file starts with its revision, so a save reads only the first bytes of the one it replaces', async () => {
    const storage = await connected();
    await storage.saveExecution(makeExecution({ pc: 1 }));
    await storage.saveExecution(makeExecution({ pc: 2 }));
    const { revision } = (await storage.readExecution('exec-1')) ?? { revision: 0 };
    const text = await fs.readFile(path.join(dir(), 'executions', 'exec-1.json'), 'utf8');
    expect(text.startsWith(`{"revision":${revision},"format":2,"id":"exec-1",`)).toBe(true);
    expect(`{"revision":${Number.MAX_SAFE_INTEGER},"`.length).toBeLessThanOrEqual(32);
    await storage.disconnect();
  });
});
