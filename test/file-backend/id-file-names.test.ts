import { copyFileSync, linkSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AlreadyExistsError, CorruptRecordError, FileStorageAdapter, IdCollisionError, type Execution, type Program } from '../../src';
import { scanFileStore } from '../../src/cli/check/file-scan';
import { fileNameOf } from '../../src/repositories/file/file-names';
import { expectListedWithout } from '../support/damaged-records';
import { useTempDir } from '../support/fixtures/temp-folders';

function program(id: string, name = 'P'): Program {
  return { id, name, source: 'main()', bytecode: [{ op: 'HALT' }], created: new Date('2026-01-02T03:04:05.678Z') };
}

function execution(id: string, pc = 0): Execution {
  return { id, programId: 'prog-1', state: 'RUNNING', pc, stack: [], variables: {}, created: new Date('2026-01-02T03:04:05.678Z') };
}

describe('file backend: ids as file names', () => {
  const dir = useTempDir();
  const names = (folder: string) => readdirSync(path.join(dir(), folder)).sort();

  async function open(): Promise<FileStorageAdapter> {
    const storage = new FileStorageAdapter(dir());
    await storage.connect();
    return storage;
  }

  it('names the files of old-alphabet ids and of ids a POSIX name can hold after the id itself, and escapes the rest', async () => {
    const storage = await open();
    const long = 'é'.repeat(150);
    for (const id of ['exec-1', 'a:b.c', 'résumé-1', 'daily report', '..', 'a/b', '100%', 'x\n', long]) {
      await storage.saveExecution(execution(id));
      await storage.appendOutput(id, ['line']);
    }
    await storage.disconnect();
    const expected = ['exec-1', 'a:b.c', 'résumé-1', 'daily report', '..', 'a%2Fb', '100%25', 'x%0A', fileNameOf(long)];
    expect(names('executions')).toEqual(expected.map((name) => `${name}.json`).sort());
    expect(names('outputs')).toEqual(expected.map((name) => `${name}.jsonl`).sort());
    expect(fileNameOf(long)).toMatch(/^(é){60}%-[0-9a-f]{64}$/);
  });

  it('finds records under the raw names the original wrote (résumé-1, daily report), and lists them', async () => {
    const storage = await open();
    await storage.saveExecution(execution('résumé-1', 1));
    await storage.saveProgram(program('daily report'));
    await storage.disconnect();
    const reopened = await open();
    expect((await reopened.getExecution('résumé-1'))?.pc).toBe(1);
    expect(readFileSync(path.join(dir(), 'executions', 'résumé-1.json'), 'utf8')).toContain('"id":"résumé-1"');
    expect((await reopened.listPrograms()).map((p) => p.id)).toEqual(['daily report']);
  });

  it('lists a long id from the record in its hashed file, and refuses a hashed file holding another id', async () => {
    const long = `${'x'.repeat(300)}/${'y'.repeat(300)}`;
    const storage = await open();
    await storage.saveProgram(program(long));
    expect((await storage.listPrograms()).map((p) => p.id)).toEqual([long]);
    expect((await storage.queryPrograms({ limit: 1 })).programs.map((p) => p.id)).toEqual([long]);
    await storage.saveProgram(program('other'));
    copyFileSync(path.join(dir(), 'programs', 'other.json'), path.join(dir(), 'programs', `${fileNameOf(long).slice(0, -3)}abc.json`));
    await expect(storage.listPrograms()).rejects.toBeInstanceOf(CorruptRecordError);
  });

  it('leaves out names it never gives, and check reports them', async () => {
    const storage = await open();
    await storage.saveProgram(program('A'));
    for (const stray of ['%41.json', 'a%2fb.json', 'tab\there.json', 'back\\slash.json']) copyFileSync(path.join(dir(), 'programs', 'A.json'), path.join(dir(), 'programs', stray));
    expect((await storage.listPrograms()).map((p) => p.id)).toEqual(['A']);
    const problems = await scanFileStore(dir());
    expect(problems.filter((p) => p.kind === 'damaged-record').map((p) => path.basename(p.location)).sort()).toEqual(['%41.json', 'a%2fb.json', 'back\\slash.json', 'tab\there.json']);
    expect(problems.every((p) => p.detail.includes('no file name of an id'))).toBe(true);
  });

  describe('ids a file system does not tell apart (a hard link plays the case-insensitive file system)', () => {
    async function foldedStore(): Promise<FileStorageAdapter> {
      const storage = await open();
      await storage.saveProgram(program('report', 'kept'));
      await storage.saveExecution(execution('report', 7));
      linkSync(path.join(dir(), 'programs', 'report.json'), path.join(dir(), 'programs', 'Report.json'));
      linkSync(path.join(dir(), 'executions', 'report.json'), path.join(dir(), 'executions', 'Report.json'));
      await storage.appendOutput('report', ['kept line']);
      linkSync(path.join(dir(), 'outputs', 'report.jsonl'), path.join(dir(), 'outputs', 'Report.jsonl'));
      return storage;
    }

    it('refuses to save or create over the other id, with IdCollisionError naming both', async () => {
      const storage = await foldedStore();
      const error = await storage.saveProgram(program('Report', 'lost')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IdCollisionError);
      expect(error).toMatchObject({ code: 'ID_COLLISION', field: 'program id', id: 'Report', storedId: 'report' });
      await expect(storage.saveExecution(execution('Report', 1), { expectedRevision: 1 })).rejects.toBeInstanceOf(IdCollisionError);
      await expect(storage.createProgram(program('Report'))).rejects.toBeInstanceOf(IdCollisionError);
      expect((await storage.getProgram('report'))?.name).toBe('kept');
      expect((await storage.getExecution('report'))?.pc).toBe(7);
    });

    it('reads the other id as absent and deletes neither its record nor its output', async () => {
      const storage = await foldedStore();
      expect(await storage.getProgram('Report')).toBeNull();
      expect(await storage.readExecution('Report')).toBeNull();
      await storage.deleteProgram('Report');
      await storage.deleteExecution('Report');
      expect(names('programs')).toEqual(['Report.json', 'report.json']);
      expect(names('executions')).toEqual(['Report.json', 'report.json']);
      expect(names('outputs')).toEqual(['Report.jsonl', 'report.jsonl']);
      expect((await storage.getProgram('report'))?.name).toBe('kept');
      expect((await storage.getExecution('report'))?.pc).toBe(7);
      expect(await storage.getOutput('report')).toEqual(['kept line']);
      await storage.deleteExecution('report');
      expect(names('outputs')).toEqual(['Report.jsonl']);
    });

    it('still creates over nothing and calls an id taken by itself AlreadyExistsError', async () => {
      const storage = await foldedStore();
      await expect(storage.createProgram(program('report'))).rejects.toBeInstanceOf(AlreadyExistsError);
      await storage.createProgram(program('REPORT2'));
      expect((await storage.getProgram('REPORT2'))?.id).toBe('REPORT2');
    });

    it('keeps a file holding an unrelated id a CorruptRecordError, left out of lists and reported', async () => {
      const storage = await open();
      await storage.saveProgram(program('alpha'));
      writeFileSync(path.join(dir(), 'programs', 'beta.json'), readFileSync(path.join(dir(), 'programs', 'alpha.json')));
      await expect(storage.getProgram('beta')).rejects.toBeInstanceOf(CorruptRecordError);
      await expectListedWithout(() => storage.listPrograms(), 'beta', path.join('programs', 'beta.json'));
      expect((await storage.listPrograms()).map((record) => record.id)).toEqual(['alpha']);
    });
  });
});
