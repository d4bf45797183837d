import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter, type Execution, type Program } from '../../src';
import { useTempDir } from '../support/fixtures/temp-folders';

const program: Program = {
  id: 'prog-1',
  name: 'P',
  source: 'main()',
  bytecode: [{ op: 'PUSH', arg: { type: 'object', properties: { $where: NaN } } }, { op: 'HALT' }],
  created: new Date('2026-01-02T03:04:05.678Z'),
};

const execution: Execution = {
  id: 'exec-1',
  programId: 'prog-1',
  state: 'RUNNING',
  pc: 1,
  stack: [-0],
  variables: { 'a.b': 'x' },
  created: new Date('2026-01-02T03:04:05.678Z'),
};

describe('file backend: on-disk layout', () => {
  const dir = useTempDir();

  it('keeps one JSON file per program and execution, a .jsonl per output, and metadata.json', async () => {
    const storage = new FileStorageAdapter(dir());
    await storage.connect();
    await storage.saveProgram(program);
    await storage.saveExecution(execution);
    await storage.appendOutput('exec-1', ['first', 'second']);
    await storage.appendOutput('exec-1', ['with\nnewline']);
    await storage.setCurrentExecutionId('exec-1');
    await storage.disconnect();

    // The query indexes' journals (docs/query-index.md), beside the folders they index.
    expect(readdirSync(dir()).sort()).toEqual(['executions', 'executions.index-journal', 'metadata.json', 'outputs', 'programs', 'programs.index-journal']);
    expect(readdirSync(path.join(dir(), 'programs'))).toEqual(['prog-1.json']);
    expect(readdirSync(path.join(dir(), 'executions'))).toEqual(['exec-1.json']);
    expect(readdirSync(path.join(dir(), 'outputs'))).toEqual(['exec-1.jsonl']);

    const storedProgram = JSON.parse(readFileSync(path.join(dir(), 'programs', 'prog-1.json'), 'utf8'));
    expect(storedProgram).toEqual({
      id: 'prog-1',
      name: 'P',
      source: 'main()',
      bytecode: [{ op: 'PUSH', arg: { '~type': 'object', '~properties': { '~$where': { num: 'NaN' } } } }, { op: 'HALT' }],
      created: '2026-01-02T03:04:05.678Z',
      format: 2,
      revision: expect.any(Number),
    });
    const storedExecution = JSON.parse(readFileSync(path.join(dir(), 'executions', 'exec-1.json'), 'utf8'));
    expect(storedExecution.stack).toEqual([{ num: '-0' }]);
    expect(storedExecution.variables).toEqual({ '~a%2Eb': 'x' });
    expect(readFileSync(path.join(dir(), 'outputs', 'exec-1.jsonl'), 'utf8')).toBe(
      '\n{"format":2,"lines":["first","second"]}\n{"format":2,"lines":["with\\nnewline"]}',
    );
    expect(JSON.parse(readFileSync(path.join(dir(), 'metadata.json'), 'utf8'))).toEqual({ format: 2, settings: { currentExecutionId: 'exec-1' } });
  });

  it('creates the data folder and its subfolders at connect()', async () => {
    const nested = path.join(dir(), 'a', 'b');
    const storage = new FileStorageAdapter(nested);
    await storage.connect();
    expect(readdirSync(nested).sort()).toEqual(['executions', 'outputs', 'programs']);
    await storage.disconnect();
  });

  it('removes the files of deleted records', async () => {
    const storage = new FileStorageAdapter(dir());
    await storage.connect();
    await storage.saveExecution(execution);
    await storage.appendOutput('exec-1', ['x']);
    await storage.deleteExecution('exec-1');
    expect(existsSync(path.join(dir(), 'executions', 'exec-1.json'))).toBe(false);
    expect(existsSync(path.join(dir(), 'outputs', 'exec-1.jsonl'))).toBe(false);
    await storage.disconnect();
  });
});
