import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter } from '../../src';
import * as stepOutput from '../../src/repositories/file/step-output';
import { makeExecution, useTempDir } from '../support/fixtures';

// Plain, writable exports, so that jest.spyOn can replace them whatever the transpiler emits.
jest.mock('../../src/repositories/file/step-output', () => ({ __esModule: true, ...jest.requireActual('../../src/repositories/file/step-output') }));

describe('file backend: a step committed with its output', () => {
  const dir = useTempDir();
  afterEach(() => jest.restoreAllMocks());

  async function connected(): Promise<FileStorageAdapter> {
    const storage = new FileStorageAdapter(dir());
    await storage.connect();
    return storage;
  }

  async function revisionOf(storage: FileStorageAdapter): Promise<number> {
    return (await storage.readExecution('exec-1'))?.revision ?? 0;
  }

  /** Saves a step with output whose writer dies after the record is written, before its lines are appended. */
  async function stepDyingBeforeItsAppend(storage: FileStorageAdapter, revision: number, lines: string[]): Promise<void> {
    jest.spyOn(stepOutput, 'appendStep').mockRejectedValueOnce(new Error('the writer died here'));
    await expect(storage.saveExecution(makeExecution({ pc: 1 }), { expectedRevision: revision, output: lines })).rejects.toMatchObject({ code: 'STORAGE_IO', cause: { message: 'the writer died here' } });
  }

  it('the record file carries the step: the head says so, and readers of today see the record as before', async () => {
    const storage = await connected();
    await storage.saveExecution(makeExecution({ pc: 0 }));
    const first = await revisionOf(storage);
    await storage.saveExecution(makeExecution({ pc: 1 }), { expectedRevision: first, output: ['a'] });
    const text = await fs.readFile(path.join(dir(), 'executions', 'exec-1.json'), 'utf8');
    expect(text.startsWith(`{"revision":${first + 1},"step":{"revision":${first + 1},"at":0,"lines":["a"]},"format":2,`)).toBe(true);
    expect(await fs.readFile(path.join(dir(), 'outputs', 'exec-1.jsonl'), 'utf8')).toBe(`\n{"format":2,"step":${first + 1},"lines":["a"]}`);
    expect(await storage.getExecution('exec-1')).toStrictEqual(makeExecution({ pc: 1 }));
    await storage.disconnect();
  });

  it('a writer that dies after the commit keeps its lines: the next fenced save, from any process, appends them once, before its own', async () => {
    const storage = await connected();
    await storage.saveExecution(makeExecution({ pc: 0 }));
    await storage.appendOutput('exec-1', ['before']);
    const first = await revisionOf(storage);
    await stepDyingBeforeItsAppend(storage, first, ['won, then died']);
    expect(await storage.getOutput('exec-1')).toStrictEqual(['before']);
    await storage.disconnect();

    const next = await connected();
    expect(await revisionOf(next)).toBe(first + 1);
    await next.saveExecution(makeExecution({ pc: 2 }), { expectedRevision: first + 1, output: ['next step'] });
    await next.saveExecution(makeExecution({ pc: 3 }), { expectedRevision: first + 2 });
    await next.saveExecution(makeExecution({ pc: 4 }), { expectedRevision: first + 3 });
    expect(await next.getOutput('exec-1')).toStrictEqual(['before', 'won, then died', 'next step']);
    expect(await next.getOutputLength('exec-1')).toBe(3);
    await next.disconnect();
  });

  it('a fenced append after such a writer died appends the step first', async () => {
    const storage = await connected();
    await storage.saveExecution(makeExecution({ pc: 0 }));
    const first = await revisionOf(storage);
    await stepDyingBeforeItsAppend(storage, first, ['step']);
    await storage.appendOutput('exec-1', ['fenced'], { expectedRevision: first + 1 });
    await storage.appendOutput('exec-1', ['fenced again'], { expectedRevision: first + 1 });
    expect(await storage.getOutput('exec-1')).toStrictEqual(['step', 'fenced', 'fenced again']);
    await storage.disconnect();
  });

  it('a writer stopped between its commit and its append, whose step another process completed meanwhile, does not append the lines again', async () => {
    const storage = await connected();
    await storage.saveExecution(makeExecution({ pc: 0 }));
    const first = await revisionOf(storage);
    const outputFile = path.join(dir(), 'outputs', 'exec-1.jsonl');
    const appendStep = stepOutput.appendStep;
    const completedElsewhere = jest.fn(async () => {
      // What another process's fenced save or append at the new revision appends, once this writer's lease ran out.
      await fs.appendFile(outputFile, `\n{"format":2,"step":${first + 1},"lines":["once"]}`);
    });
    jest.spyOn(stepOutput, 'appendStep').mockImplementationOnce(async (...args: Parameters<typeof appendStep>) => {
      await completedElsewhere();
      return appendStep(...args);
    });
    await storage.saveExecution(makeExecution({ pc: 1 }), { expectedRevision: first, output: ['once'] });
    expect(completedElsewhere).toHaveBeenCalledTimes(1);
    expect(await storage.getOutput('exec-1')).toStrictEqual(['once']);
    expect(await storage.getOutputLength('exec-1')).toBe(1);
    await storage.disconnect();
  });

  it('an unfenced save after a writer died before its append appends the step first instead of dropping it', async () => {
    const storage = await connected();
    await storage.saveExecution(makeExecution({ pc: 0 }));
    const first = await revisionOf(storage);
    await stepDyingBeforeItsAppend(storage, first, ['won, then died']);
    await storage.disconnect();

    const next = await connected();
    await next.saveExecution(makeExecution({ pc: 2 }));
    expect(await next.getOutput('exec-1')).toStrictEqual(['won, then died']);
    await next.saveExecution(makeExecution({ pc: 3 }), { expectedRevision: first + 2, output: ['later'] });
    await next.saveExecution(makeExecution({ pc: 4 }), { expectedRevision: first + 3 });
    expect(await next.getOutput('exec-1')).toStrictEqual(['won, then died', 'later']);
    expect(await next.getExecution('exec-1')).toStrictEqual(makeExecution({ pc: 4 }));
    await next.disconnect();
  });
});
