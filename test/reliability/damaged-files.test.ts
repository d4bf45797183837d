import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter } from '../../src/adapters/file-storage-adapter';
import { CorruptRecordError } from '../../src/errors';
import { useDataFolders, type OpenStore } from './support/data-folders';
import { recordFigures } from './support/figures';
import { validExecution, validProgram } from '../support/fixtures/records';
import { expectListedWithout } from '../support/damaged-records';

/**
 * Damaged record files: a read of the damaged record fails with CorruptRecordError (code
 * CORRUPT_RECORD) naming the file, list() fails the same way, and every other record stays
 * readable. Output logs skip a torn record (an append that was never acknowledged) and refuse
 * any other damage. Bytes that are not UTF-8 are damage too, never decoded into something else.
 */
const folders = useDataFolders('cvm-damaged-');
let cases = 0;

afterAll(async () => {
  await recordFigures('damagedFiles', { cases });
});

/** The suite's good records, and exec-ok as the current execution. */
async function storeWithGoodRecords(): Promise<OpenStore> {
  const store = await folders.seeded();
  await store.adapter.setCurrentExecutionId('exec-ok');
  return store;
}

async function expectCorrupt(promise: Promise<unknown>, file: string): Promise<void> {
  const error = await promise.then(
    () => new Error('expected CorruptRecordError, but the call succeeded'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CorruptRecordError);
  expect(error).toMatchObject({ code: 'CORRUPT_RECORD', location: file });
  expect((error as Error).message).toContain(file);
}

async function expectOthersReadable(adapter: FileStorageAdapter, damaged: 'programs' | 'executions' | 'metadata'): Promise<void> {
  if (damaged !== 'programs') expect((await adapter.getProgram('prog-ok'))?.name).toBe('valid');
  if (damaged !== 'executions') expect((await adapter.getExecution('exec-ok'))?.state).toBe('RUNNING');
  expect(await adapter.getOutput('exec-ok')).toEqual(['good line']);
  if (damaged !== 'metadata') expect(await adapter.getCurrentExecutionId()).toBe('exec-ok');
}

/** Ways a record file gets damaged, as functions of the good file's text. */
const DAMAGE: [string, (good: string) => string | Buffer][] = [
  ['empty', () => ''],
  ['truncated to one byte', (good) => good.slice(0, 1)],
  ['truncated to half', (good) => good.slice(0, Math.floor(good.length / 2))],
  ['missing its last byte', (good) => good.slice(0, -1)],
  ['not JSON', () => 'this is not JSON'],
  ['binary garbage', () => Buffer.from([0x00, 0xff, 0x13, 0x37, 0x80])],
  ['JSON with a byte-order mark', (good) => `\uFEFF${good}`],
  ['two records glued together', (good) => `${good}${good}`],
  ['a JSON array', () => '[]'],
  ['a JSON string', () => '"record"'],
  ['a JSON number', () => '42'],
  ['an empty object', () => '{}'],
  // Was read as an absent record, and skipped by list().
  ['JSON null', () => 'null'],
  ['holding only its id', (good) => JSON.stringify({ id: (JSON.parse(good) as { id: string }).id })],
  ['holding another id', (good) => good.replace(/"id":"(prog|exec)-bad"/, '"id":"$1-other"')],
  ['with a field of the wrong type', (good) => good.replace(/"created":"[^"]*"/, '"created":12')],
  ['with an invalid date', (good) => good.replace(/"created":"[^"]*"/, '"created":"not a date"')],
  // The damaged record holds the CVM value { k: 1 }, stored with its key escaped as "~k"; the
  // test checks each damage really changed the file, so a change of encoding cannot hide here.
  ['with an unescaped key in a stored value', (good) => good.replace('"~k":1', '"k":1')],
  ['with an unknown special number', (good) => good.replace('"~k":1', '"~k":{"num":"Huge"}')],
  ['with a special number of the wrong type', (good) => good.replace('"~k":1', '"~k":{"num":1}')],
];

describe.each(['programs', 'executions'] as const)('damaged %s files', (folder) => {
  it.each(DAMAGE)('%s: CorruptRecordError naming it from get(), left out of list() and reported; the others stay readable', async (_name, damage) => {
    const { adapter, dataDir } = await storeWithGoodRecords();
    const id = folder === 'programs' ? 'prog-bad' : 'exec-bad';
    if (folder === 'programs') await adapter.saveProgram({ ...validProgram(id), bytecode: [{ op: 'PUSH', arg: { type: 'object', properties: { k: 1 } } }] } as never);
    else await adapter.saveExecution({ ...validExecution(id, 'prog-ok'), variables: { k: 1 } } as never);
    const file = path.join(dataDir, folder, `${id}.json`);
    const good = await fs.readFile(file, 'utf8');
    const damaged = damage(good);
    expect(damaged).not.toEqual(good);
    await fs.writeFile(file, damaged);

    const fresh = new FileStorageAdapter(dataDir);
    await fresh.connect();
    try {
      if (folder === 'programs') {
        await expectCorrupt(fresh.getProgram(id), file);
        await expectListedWithout(() => fresh.listPrograms(), id, file);
      } else {
        await expectCorrupt(fresh.getExecution(id), file);
        await expectListedWithout(() => fresh.listExecutions(), id, file);
      }
      await expectOthersReadable(fresh, folder);
      // Saving a good version repairs the record.
      if (folder === 'programs') await fresh.saveProgram(validProgram(id) as never);
      else await fresh.saveExecution(validExecution(id, 'prog-ok') as never);
      expect(await (folder === 'programs' ? fresh.listPrograms() : fresh.listExecutions())).toHaveLength(2);
      cases += 1;
    } finally {
      await fresh.disconnect();
      await adapter.disconnect();
    }
  });
});

describe('damaged metadata.json', () => {
  it.each([
    ['empty', ''],
    ['truncated', '{"currentExecutionId":"exe'],
    ['not JSON', 'current = exec-ok'],
    ['an array', '["exec-ok"]'],
    ['holding a number', '{"currentExecutionId":5}'],
    ['holding an object', '{"currentExecutionId":{"$ne":null}}'],
    // Was read as no current execution.
    ['JSON null', 'null'],
  ])('%s: CorruptRecordError naming it; records stay readable', async (_name, text) => {
    const { adapter, dataDir } = await storeWithGoodRecords();
    const file = path.join(dataDir, 'metadata.json');
    await fs.writeFile(file, text);
    try {
      await expectCorrupt(adapter.getCurrentExecutionId(), file);
      await expectCorrupt(adapter.setCurrentExecutionId('exec-ok'), file);
      await expectOthersReadable(adapter, 'metadata');
      // Clearing the pointer by deleting the current execution must not overwrite the damage silently.
      await expectCorrupt(adapter.deleteExecution('exec-ok'), file);
      expect(await fs.readFile(file, 'utf8')).toBe(text);
      cases += 1;
    } finally {
      await adapter.disconnect();
    }
  });
});

describe('damaged output logs', () => {
  async function outputFile(): Promise<{ adapter: FileStorageAdapter; file: string }> {
    const { adapter, dataDir } = await storeWithGoodRecords();
    await adapter.appendOutput('exec-log', ['one', 'two']);
    await adapter.appendOutput('exec-log', ['three']);
    return { adapter, file: path.join(dataDir, 'outputs', 'exec-log.jsonl') };
  }

  it.each([
    ['a torn last record', '\n["four","fi', ['one', 'two', 'three']],
    ['a torn record followed by later appends', '\n["fo\n["five"]', ['one', 'two', 'three', 'five']],
    ['a bare newline', '\n', ['one', 'two', 'three']],
  ])('%s is skipped: it was never acknowledged', async (_name, tail, expected) => {
    const { adapter, file } = await outputFile();
    try {
      await fs.appendFile(file, tail);
      expect(await adapter.getOutput('exec-log')).toEqual(expected);
      // Appending after the damage still works and reads back after it.
      await adapter.appendOutput('exec-log', ['six']);
      expect(await adapter.getOutput('exec-log')).toEqual([...expected, 'six']);
      cases += 1;
    } finally {
      await adapter.disconnect();
    }
  });

  it.each([
    ['a line that is not JSON', '\nhello'],
    ['an object record', '\n{"lines":["x"]}'],
    ['a record of numbers', '\n[1,2]'],
    ['a string record', '\n"x"'],
    ['null', '\nnull'],
    ['binary garbage', '\n\u0000\u0001'],
  ])('%s: CorruptRecordError naming the file; other outputs stay readable', async (_name, tail) => {
    const { adapter, file } = await outputFile();
    try {
      await fs.appendFile(file, tail);
      await expectCorrupt(adapter.getOutput('exec-log'), file);
      await expectOthersReadable(adapter, 'metadata');
      cases += 1;
    } finally {
      await adapter.disconnect();
    }
  });

  it('an empty output file reads as no output', async () => {
    const { adapter, file } = await outputFile();
    try {
      await fs.writeFile(file, '');
      expect(await adapter.getOutput('exec-log')).toEqual([]);
      cases += 1;
    } finally {
      await adapter.disconnect();
    }
  });
});

describe('bytes that are not UTF-8', () => {
  it('a record file with invalid UTF-8 in a string is corrupt, not silently altered', async () => {
    const { adapter, dataDir } = await storeWithGoodRecords();
    const file = path.join(dataDir, 'programs', 'p.json');
    try {
      await adapter.saveProgram({ ...validProgram('p'), name: 'é' } as never);
      const good = await fs.readFile(file);
      const at = good.indexOf(Buffer.from('é'));
      expect(at).toBeGreaterThan(0);
      await fs.writeFile(file, Buffer.concat([good.subarray(0, at), Buffer.from([0xff, 0xff]), good.subarray(at + 2)]));
      await expectCorrupt(adapter.getProgram('p'), file);
      await expectOthersReadable(adapter, 'metadata');
      cases += 1;
    } finally {
      await adapter.disconnect();
    }
  });

  it('an output record torn inside a multi-byte character is skipped like any torn record', async () => {
    const { adapter, dataDir } = await storeWithGoodRecords();
    try {
      await adapter.appendOutput('exec-log', ['kept']);
      const torn = Buffer.from('\n["𝄞𝄞"]', 'utf8');
      await fs.appendFile(path.join(dataDir, 'outputs', 'exec-log.jsonl'), torn.subarray(0, torn.length - 5));
      expect(await adapter.getOutput('exec-log')).toEqual(['kept']);
      cases += 1;
    } finally {
      await adapter.disconnect();
    }
  });
});
