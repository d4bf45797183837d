import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CorruptRecordError, FileStorageAdapter, StorageIOError, type Program } from '../../src';
import { useTempDir } from '../support/fixtures/temp-folders';

const good: Program = { id: 'good', name: 'g', source: '', bytecode: [], created: new Date(1) };

describe('file backend: damaged files', () => {
  const dir = useTempDir();

  async function openWith(files: Record<string, string>): Promise<FileStorageAdapter> {
    const storage = new FileStorageAdapter(dir());
    await storage.connect();
    await storage.saveProgram(good);
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir(), name), content);
    return storage;
  }

  it.each([
    ['not JSON', '{"id": "bad", '],
    ['empty', ''],
    ['JSON of the wrong shape', '[1, 2, 3]'],
    ['a record missing fields', '{"id": "bad"}'],
    ['a bad date', '{"id":"bad","name":"n","source":"","bytecode":[],"created":"yesterday"}'],
    ['an undecodable value', '{"id":"bad","name":"n","source":"","bytecode":[{"op":"PUSH","arg":{"x":1}}],"created":"2020-01-01T00:00:00Z"}'],
    ['another id', '{"id":"other","name":"n","source":"","bytecode":[],"created":"2020-01-01T00:00:00Z"}'],
  ])('a record file that is %s gives CorruptRecordError naming the file; others stay readable', async (_, content) => {
    const storage = await openWith({ 'programs/bad.json': content });
    const file = path.join(dir(), 'programs', 'bad.json');
    await expect(storage.getProgram('bad')).rejects.toThrow(CorruptRecordError);
    await expect(storage.getProgram('bad')).rejects.toMatchObject({ code: 'CORRUPT_RECORD', location: file });
    await expect(storage.listPrograms()).rejects.toMatchObject({ location: file });
    expect(await storage.getProgram('good')).toStrictEqual(good);
    await storage.disconnect();
  });

  it('skips an output record torn by a crash, at the end or followed by later appends', async () => {
    const storage = await openWith({});
    await storage.appendOutput('e', ['one']);
    const file = path.join(dir(), 'outputs', 'e.jsonl');
    appendFileSync(file, '\n["torn line that never finish');
    expect(await storage.getOutput('e')).toEqual(['one']);
    await storage.appendOutput('e', ['two']);
    expect(await storage.getOutput('e')).toEqual(['one', 'two']);
    await storage.disconnect();
  });

  it('reports an output line that is not a record as corrupt', async () => {
    const storage = await openWith({ 'outputs/e.jsonl': '\n["ok"]\n{"not":"a record"}' });
    await expect(storage.getOutput('e')).rejects.toMatchObject({
      code: 'CORRUPT_RECORD',
      location: path.join(dir(), 'outputs', 'e.jsonl'),
    });
    await storage.disconnect();
  });

  it('reports a corrupt metadata.json by name', async () => {
    const storage = await openWith({ 'metadata.json': '{"currentExecutionId": 42}' });
    await expect(storage.getCurrentExecutionId()).rejects.toMatchObject({
      code: 'CORRUPT_RECORD',
      location: path.join(dir(), 'metadata.json'),
    });
    await storage.disconnect();
  });

  it('connect() to a data folder that cannot be created gives StorageIOError naming it', async () => {
    const blocker = path.join(dir(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const storage = new FileStorageAdapter(path.join(blocker, 'data'));
    await expect(storage.connect()).rejects.toThrow(StorageIOError);
    await expect(storage.connect()).rejects.toMatchObject({ code: 'STORAGE_IO', location: path.join(blocker, 'data') });
    expect(storage.isConnected()).toBe(false);
  });
});

describe('file backend: bytes that are not UTF-8', () => {
  const dir = useTempDir();

  it('a record file with invalid UTF-8 is corrupt, not silently altered', async () => {
    const storage = new FileStorageAdapter(dir());
    await storage.connect();
    const file = path.join(dir(), 'programs', 'p.json');
    const valid = JSON.stringify({ id: 'p', name: 'é', source: '', bytecode: [], created: new Date(0) });
    writeFileSync(file, Buffer.from(valid.replace('é', '\u0000'), 'utf8').map((byte) => (byte === 0 ? 0xff : byte)));
    await expect(storage.getProgram('p')).rejects.toMatchObject({ code: 'CORRUPT_RECORD', location: file });
    await storage.disconnect();
  });

  it('an output record torn inside a multi-byte character is skipped like any torn record', async () => {
    const storage = new FileStorageAdapter(dir());
    await storage.connect();
    await storage.appendOutput('e', ['kept']);
    const torn = Buffer.from('\n["𝄞𝄞"]', 'utf8');
    appendFileSync(path.join(dir(), 'outputs', 'e.jsonl'), torn.subarray(0, torn.length - 5));
    expect(await storage.getOutput('e')).toEqual(['kept']);
    await storage.disconnect();
  });
});
