import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, promises as fsPromises, readFileSync, renameSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RepositoryStorageAdapter } from '../../src/backend';
import { createFileBackend, FileStore } from '../../src/repositories/file';
import { HOST_IDENTITY } from '../../src/repositories/file/temp-files';
import { makeExecution, useTempDir } from '../support/fixtures';

/** An adapter on its own store (as another process would have it), relaxed, with the readJson calls of execution files (of every adapter) counted. */
function countedAdapter(dataDir: string, settledAfterMs?: number): { adapter: RepositoryStorageAdapter; reads: () => number } {
  const adapter = new RepositoryStorageAdapter(createFileBackend(dataDir, undefined, { durability: 'relaxed', ...(settledAfterMs === undefined ? {} : { settledAfterMs }) }));
  // Spying twice gives the same spy.
  const spy = jest.spyOn(FileStore.prototype, 'readJson');
  return { adapter, reads: () => spy.mock.calls.filter(([file]) => String(file).includes(`${path.sep}executions${path.sep}`)).length };
}

const idOf = (index: number) => `e-${String(index).padStart(2, '0')}`;
const stored = (index: number, state: 'RUNNING' | 'COMPLETED' = index % 2 === 0 ? 'RUNNING' : 'COMPLETED') => makeExecution({ id: idOf(index), state, created: new Date(1_000 + index) });
const ids = (page: { executions: { id: string }[] }) => page.executions.map((execution) => execution.id);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A record file written as the library writes it, but by "an old version" that keeps no journal. */
function writeBehindTheJournal(dataDir: string, index: number, state: string): void {
  const file = path.join(dataDir, 'executions', `${idOf(index)}.json`);
  const document = JSON.parse(readFileSync(file, 'utf8')) as { state: string; revision: number };
  writeFileSync(`${file}.tmp-old-version`, JSON.stringify({ ...document, revision: document.revision + 1, state }));
  // The old version's rename, as its save does.
  renameSync(`${file}.tmp-old-version`, file);
}

describe('file backend: the query index on disk', () => {
  const dir = useTempDir();
  const adapters: RepositoryStorageAdapter[] = [];

  afterEach(async () => {
    for (const adapter of adapters.splice(0)) await adapter.disconnect();
    jest.restoreAllMocks();
  });

  async function open(settledAfterMs?: number): Promise<{ adapter: RepositoryStorageAdapter; reads: () => number }> {
    const opened = countedAdapter(dir(), settledAfterMs);
    await opened.adapter.connect();
    adapters.push(opened.adapter);
    return opened;
  }

  async function seed(count = 50): Promise<void> {
    const { adapter } = await open();
    for (let index = 0; index < count; index++) await adapter.saveExecution(stored(index));
    await adapter.queryExecutions({ limit: 1 });
  }

  it('a page in this process reads no record but the page\'s; a save or delete in another is read alone, and seen', async () => {
    const { adapter, reads } = await open(-1);
    const other = await open();
    for (let index = 0; index < 50; index++) await other.adapter.saveExecution(stored(index));
    const first = await adapter.queryExecutions({ limit: 5, state: 'COMPLETED' });
    expect(ids(first)).toStrictEqual(['e-01', 'e-03', 'e-05', 'e-07', 'e-09']);
    const afterFirst = reads();

    const again = await adapter.queryExecutions({ limit: 5, state: 'COMPLETED' });
    expect(again).toStrictEqual(first);
    expect(reads() - afterFirst).toBe(5);

    await other.adapter.saveExecution(stored(0, 'COMPLETED'));
    await other.adapter.deleteExecution('e-01');
    const beforeChange = reads();
    const changed = await adapter.queryExecutions({ limit: 5, state: 'COMPLETED' });
    expect(ids(changed)).toStrictEqual(['e-00', 'e-03', 'e-05', 'e-07', 'e-09']);
    // The two records the journal names (e-01 found gone), then the page's five.
    expect(reads() - beforeChange).toBe(2 + 5);
  });

  it('a page in a process opened afterwards reads the page\'s records only, at 50 records as at one', async () => {
    await seed();
    const { adapter, reads } = await open();
    const start = reads();
    const page = await adapter.queryExecutions({ limit: 5, state: 'COMPLETED', after: (await adapter.queryExecutions({ limit: 10 })).next });
    expect(ids(page)).toStrictEqual(['e-11', 'e-13', 'e-15', 'e-17', 'e-19']);
    expect(reads() - start).toBe(10 + 5);
  });

  it('right after a save in this process, a page reads the saved record and the page\'s', async () => {
    await seed();
    const { adapter, reads } = await open();
    await adapter.queryExecutions({ limit: 5 });
    await adapter.saveExecution(stored(2, 'COMPLETED'));
    const before = reads();
    expect(ids(await adapter.queryExecutions({ limit: 3, state: 'COMPLETED' }))).toStrictEqual(['e-01', 'e-02', 'e-03']);
    expect(reads() - before).toBe(1 + 3);
  });

  it.each([
    ['missing', (file: string) => unlinkSync(file)],
    ['empty', (file: string) => writeFileSync(file, '')],
    ['not JSON', (file: string) => writeFileSync(file, 'not an index\n')],
    ['of another format', (file: string) => writeFileSync(file, `${readFileSync(file, 'utf8').replace('"format":1', '"format":99')}`)],
    ['damaged after its header', (file: string) => writeFileSync(file, readFileSync(file, 'utf8').replace(/\n\[[^\n]*"e-03"[^\n]*\n/, '\n[broken\n'))],
    ['cut short', (file: string) => writeFileSync(file, readFileSync(file, 'utf8').slice(0, -20))],
  ])('a snapshot %s is rebuilt from the record files, not an error', async (_kind, damage) => {
    await seed();
    const snapshot = path.join(dir(), 'executions.index');
    damage(snapshot);
    const { adapter } = await open();
    expect(ids(await adapter.queryExecutions({ limit: 4, state: 'COMPLETED' }))).toStrictEqual(['e-01', 'e-03', 'e-05', 'e-07']);
    expect(ids(await adapter.queryExecutions({ limit: 2, state: 'RUNNING', after: (await adapter.queryExecutions({ limit: 40 })).next }))).toStrictEqual(['e-40', 'e-42']);
    expect(readFileSync(snapshot, 'utf8')).toMatch(/^\{"format":1,/);
  });

  it('a journal line that cannot be read, or a journal gone, rebuilds the index', async () => {
    await seed();
    const journal = path.join(dir(), 'executions.index-journal');
    const { adapter, reads } = await open();
    await adapter.queryExecutions({ limit: 1 });
    appendFileSync(journal, '{"b":"torn\n');
    const before = reads();
    expect(ids(await adapter.queryExecutions({ limit: 2, state: 'COMPLETED' }))).toStrictEqual(['e-01', 'e-03']);
    expect(reads() - before).toBeGreaterThan(2);
    rmSync(journal);
    const fresh = await open();
    expect(ids(await fresh.adapter.queryExecutions({ limit: 2, state: 'RUNNING' }))).toStrictEqual(['e-00', 'e-02']);
    expect(existsSync(journal)).toBe(true);
  });

  it('a stale index left by an old version (records changed without the journal) is noticed by a process opened afterwards', async () => {
    await seed();
    await sleep(30);
    writeBehindTheJournal(dir(), 1, 'RUNNING');
    unlinkSync(path.join(dir(), 'executions', `${idOf(3)}.json`));
    const { adapter } = await open();
    expect(ids(await adapter.queryExecutions({ limit: 3, state: 'COMPLETED' }))).toStrictEqual(['e-05', 'e-07', 'e-09']);
    expect(ids(await adapter.queryExecutions({ limit: 2, state: 'RUNNING' }))).toStrictEqual(['e-00', 'e-01']);
  });

  it('an old version\'s change is noticed even when a writer of this version saved something else before any query', async () => {
    await seed();
    await sleep(30);
    writeBehindTheJournal(dir(), 1, 'RUNNING');
    const writer = await open();
    await writer.adapter.saveExecution(stored(49, 'RUNNING'));
    const { adapter } = await open();
    expect(ids(await adapter.queryExecutions({ limit: 2, state: 'RUNNING' }))).toStrictEqual(['e-00', 'e-01']);
    expect(ids(await adapter.queryExecutions({ limit: 2, state: 'COMPLETED' }))).toStrictEqual(['e-03', 'e-05']);
  });

  it('a change announced and not over is read again at every page while its writer lives, and once more when it ends', async () => {
    await seed(10);
    const { adapter, reads } = await open(-1);
    await adapter.queryExecutions({ limit: 1 });
    const journal = path.join(dir(), 'executions.index-journal');
    const before = (token: string, pid: number) => `${JSON.stringify({ b: token, id: idOf(2), h: HOST_IDENTITY, p: pid, t: Date.now() })}\n`;
    // As a writer stopped between its record and its last line would leave them (the folder's time kept behind the journal's).
    appendFileSync(journal, before('stopped', process.pid));
    const folder = path.join(dir(), 'executions');
    const { mtime } = statSync(folder);
    writeBehindTheJournal(dir(), 2, 'COMPLETED');
    utimesSync(folder, mtime, mtime);
    for (let page = 0; page < 2; page++) {
      const start = reads();
      expect(ids(await adapter.queryExecutions({ limit: 2, state: 'COMPLETED' }))).toStrictEqual(['e-01', 'e-02']);
      expect(reads() - start).toBe(1 + 2);
    }
    appendFileSync(journal, `${JSON.stringify({ a: 'stopped', id: idOf(2) })}\n`);
    let start = reads();
    await adapter.queryExecutions({ limit: 2, state: 'COMPLETED' });
    expect(reads() - start).toBe(1 + 2);
    start = reads();
    await adapter.queryExecutions({ limit: 2, state: 'COMPLETED' });
    expect(reads() - start).toBe(2);

    // A writer that died without its last line: read again once, then no more.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    appendFileSync(journal, before('dead', Number(dead)));
    start = reads();
    await adapter.queryExecutions({ limit: 2, state: 'COMPLETED' });
    expect(reads() - start).toBe(1 + 2);
    start = reads();
    await adapter.queryExecutions({ limit: 2, state: 'COMPLETED' });
    expect(reads() - start).toBe(2);
  });

  it('many changes fold into a new snapshot that a process opened afterwards reads', async () => {
    await seed(3);
    const { adapter } = await open();
    await adapter.queryExecutions({ limit: 1 });
    const snapshot = path.join(dir(), 'executions.index');
    const first = statSync(snapshot).ino;
    for (let index = 3; index < 1_005; index++) await adapter.saveExecution(makeExecution({ id: `many-${String(index).padStart(4, '0')}`, state: 'COMPLETED', created: new Date(5_000 + index) }));
    await adapter.queryExecutions({ limit: 1 });
    expect(statSync(snapshot).ino).not.toBe(first);
    const fresh = await open();
    const page = await fresh.adapter.queryExecutions({ limit: 3, state: 'COMPLETED', after: (await fresh.adapter.queryExecutions({ limit: 1_000 })).next });
    expect(ids(page)).toStrictEqual(['many-1000', 'many-1001', 'many-1002']);
  });
  it('a save opens the journal once for both its lines, and the next save opens the file the path names then', async () => {
    const { adapter } = await open();
    await adapter.saveExecution(stored(0));
    const journal = path.join(dir(), 'executions.index-journal');
    const opens = jest.spyOn(fsPromises, 'open');
    const appends = jest.spyOn(fsPromises, 'appendFile');
    await adapter.saveExecution(stored(1));
    const journalOpens = () => [...opens.mock.calls, ...appends.mock.calls].filter(([file]) => file === journal).length;
    expect(journalOpens()).toBe(1);
    const linesOf = (id: string) => readFileSync(journal, 'utf8').split('\n').filter((line) => line.includes(`"id":"${id}"`));
    expect(linesOf('e-01').map((line) => Object.keys(JSON.parse(line) as object)[0])).toStrictEqual(['b', 'a']);
    rmSync(journal);
    await adapter.saveExecution(stored(2));
    expect(journalOpens()).toBe(2);
    expect(linesOf('e-02').map((line) => Object.keys(JSON.parse(line) as object)[0])).toStrictEqual(['b', 'a']);
  });
});
