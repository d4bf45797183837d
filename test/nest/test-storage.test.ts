import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileStorageAdapter, NotConnectedError } from '../../src';
import { createTestStorage, type TestStorage } from '../../src/testing';
import { makeProgram } from '../support/fixtures/records';

describe('createTestStorage', () => {
  it('gives a connected file adapter in a fresh, empty folder under the temporary directory', async () => {
    const first = await createTestStorage();
    const second = await createTestStorage();
    try {
      expect(first).toBeInstanceOf(FileStorageAdapter);
      expect(first.isConnected()).toBe(true);
      expect(path.dirname(first.dataDir)).toBe(path.resolve(os.tmpdir()));
      expect(second.dataDir).not.toBe(first.dataDir);
      await first.saveProgram(makeProgram());
      expect(await second.listPrograms()).toEqual([]);
    } finally {
      await first.cleanup();
      await second.cleanup();
    }
  });

  it('cleanup() disconnects and removes the folder; a second call is harmless', async () => {
    const storage = await createTestStorage();
    await storage.saveProgram(makeProgram());

    await storage.cleanup();
    await storage.cleanup();

    expect(existsSync(storage.dataDir)).toBe(false);
    await expect(storage.listPrograms()).rejects.toBeInstanceOf(NotConnectedError);
  });

  it('is removed at the end of an `await using` block', async () => {
    let dataDir: string;
    {
      await using storage = await createTestStorage();
      dataDir = storage.dataDir;
      expect(existsSync(dataDir)).toBe(true);
    }
    expect(existsSync(dataDir)).toBe(false);
  });

  it('files() shows every stored file with its content, by path inside the folder', async () => {
    await using storage = await createTestStorage();
    expect(await storage.files()).toEqual({});

    await storage.saveProgram(makeProgram({ id: 'p1' }));
    await storage.appendOutput('e1', ['line']);

    const files = await storage.files();
    expect(Object.keys(files).sort()).toEqual([path.join('outputs', 'e1.jsonl'), path.join('programs', 'p1.json')]);
    expect(JSON.parse(files[path.join('programs', 'p1.json')]).id).toBe('p1');
  });

  it('repositories work on the same folder as the adapter', async () => {
    await using storage: TestStorage = await createTestStorage();

    await storage.repositories.programs.save(makeProgram({ id: 'via-repo' }));
    await storage.repositories.metadata.set('currentExecutionId', 'e9');

    expect((await storage.getProgram('via-repo'))?.id).toBe('via-repo');
    expect(await storage.getCurrentExecutionId()).toBe('e9');
  });
});
