import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter } from '../../src';
import { CorruptRecordError } from '../../src/errors';
import { makeExecution, makeProgram, useTempDir } from '../support/fixtures';

/** Files exactly as format 1 (before format versions) wrote them. */
const FORMAT_1 = {
  'programs/prog-1.json': '{"id":"prog-1","name":"Program 1","source":"print(1)","bytecode":[{"op":"PUSH","arg":1},{"op":"HALT"}],"created":"2026-01-01T00:00:00.000Z","~status":"ready"}',
  'executions/exec-1.json':
    '{"id":"exec-1","programId":"prog-1","state":"RUNNING","pc":1,"stack":[1],"variables":{"~x":{"num":"NaN"}},"created":"2026-01-01T00:00:00.000Z"}',
  'outputs/exec-1.jsonl': '\n["one","two"]\n["three"]',
  'metadata.json': '{"currentExecutionId":"exec-1"}',
};

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}

describe('file backend: format versions', () => {
  const dir = useTempDir();

  it('writes format 2 into every record, output record and the settings file', async () => {
    const storage = new FileStorageAdapter(dir());
    await storage.connect();
    await storage.saveProgram(makeProgram());
    await storage.saveExecution(makeExecution());
    await storage.appendOutput('exec-1', ['a', 'b']);
    await storage.setCurrentExecutionId('exec-1');
    await storage.disconnect();
    const read = (name: string) => readFileSync(path.join(dir(), name), 'utf8');
    expect(JSON.parse(read('programs/prog-1.json')).format).toBe(2);
    expect(JSON.parse(read('executions/exec-1.json')).format).toBe(2);
    expect(read('outputs/exec-1.jsonl')).toBe('\n{"format":2,"lines":["a","b"]}');
    expect(JSON.parse(read('metadata.json'))).toStrictEqual({ format: 2, settings: { currentExecutionId: 'exec-1' } });
  });

  it('reads a store written in format 1, and keeps reading it while new writes use format 2', async () => {
    writeFiles(dir(), FORMAT_1);
    const storage = new FileStorageAdapter(dir());
    await storage.connect();
    expect(await storage.getProgram('prog-1')).toStrictEqual({
      id: 'prog-1',
      name: 'Program 1',
      source: 'print(1)',
      bytecode: [{ op: 'PUSH', arg: 1 }, { op: 'HALT' }],
      created: new Date('2026-01-01T00:00:00.000Z'),
      status: 'ready',
    });
    expect(await storage.getExecution('exec-1')).toStrictEqual({
      id: 'exec-1',
      programId: 'prog-1',
      state: 'RUNNING',
      pc: 1,
      stack: [1],
      variables: { x: NaN },
      created: new Date('2026-01-01T00:00:00.000Z'),
    });
    await storage.appendOutput('exec-1', ['four']);
    expect(await storage.getOutput('exec-1')).toStrictEqual(['one', 'two', 'three', 'four']);
    expect(await storage.getCurrentExecutionId()).toBe('exec-1');
    await storage.setCurrentExecutionId(null);
    expect(await storage.getCurrentExecutionId()).toBeNull();
    await storage.disconnect();
  });

  it.each([
    ['a program', 'programs/prog-1.json', '{"format":3,"id":"prog-1","name":"P","source":"","bytecode":[],"created":"2026-01-01T00:00:00.000Z"}'],
    ['an output record', 'outputs/exec-1.jsonl', '\n{"format":3,"lines":["x"]}'],
    ['the settings file', 'metadata.json', '{"format":3,"settings":{}}'],
  ])('refuses %s of a newer format with a CorruptRecordError that says to upgrade', async (_what, name, text) => {
    writeFiles(dir(), { [name]: text });
    const storage = new FileStorageAdapter(dir());
    await storage.connect();
    const read = name.startsWith('programs') ? storage.getProgram('prog-1') : name.startsWith('outputs') ? storage.getOutput('exec-1') : storage.getCurrentExecutionId();
    const error = await read.then(() => null, (reason: unknown) => reason);
    expect(error).toBeInstanceOf(CorruptRecordError);
    expect((error as Error).message).toMatch(/format 3 is newer than this version of @cvm\/storage reads \(up to 2\): upgrade it/);
    await storage.disconnect();
  });
});
