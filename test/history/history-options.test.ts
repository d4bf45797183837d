import { createStorageAdapter, StorageFactory, type CvmStorage } from '../../src';
import { openStorage } from '../../src/nest/open-storage';
import { makeExecution, useTempDir } from '../support/fixtures';

/** How many revisions of exec-1 an adapter lists after a create and three saves. */
async function revisionsKept(adapter: CvmStorage): Promise<number> {
  if (!adapter.isConnected()) await adapter.connect();
  try {
    await adapter.createExecution(makeExecution({ id: 'exec-1', pc: 0 }));
    for (let pc = 1; pc <= 3; pc++) await adapter.saveExecution(makeExecution({ id: 'exec-1', pc }));
    return (await adapter.listExecutionRevisions('exec-1')).revisions.length;
  } finally {
    await adapter.disconnect();
  }
}

describe('the history option on every entry point', () => {
  const dir = useTempDir('cvm-history-options-');
  const saved = process.env.CVM_HISTORY_KEEP;
  afterEach(() => {
    if (saved === undefined) delete process.env.CVM_HISTORY_KEEP;
    else process.env.CVM_HISTORY_KEEP = saved;
  });

  it('createStorageAdapter: history from the options, else CVM_HISTORY_KEEP, else off', async () => {
    delete process.env.CVM_HISTORY_KEEP;
    expect(await revisionsKept(await createStorageAdapter({ dataDir: `${dir()}/a` }))).toBe(1);
    expect(await revisionsKept(await createStorageAdapter({ dataDir: `${dir()}/b`, history: { keep: 1 } }))).toBe(2);
    process.env.CVM_HISTORY_KEEP = 'all';
    expect(await revisionsKept(await createStorageAdapter({ dataDir: `${dir()}/c` }))).toBe(4);
    process.env.CVM_HISTORY_KEEP = '2';
    expect(await revisionsKept(await createStorageAdapter({ dataDir: `${dir()}/d` }))).toBe(3);
  });

  it('StorageFactory and the Nest module take it too; the module reads no environment', async () => {
    process.env.CVM_HISTORY_KEEP = '1';
    expect(await revisionsKept(StorageFactory.create({ dataDir: `${dir()}/a` }))).toBe(2);
    expect(await revisionsKept(StorageFactory.create({ dataDir: `${dir()}/b`, history: { keep: 'all' } }))).toBe(4);
    expect(await revisionsKept(openStorage({ dataDir: `${dir()}/c`, history: { keep: 2 } }))).toBe(3);
    expect(await revisionsKept(openStorage({ dataDir: `${dir()}/d` }))).toBe(1);
  });

  it.each(['0', '-1', 'some', '1.5'])('CVM_HISTORY_KEEP=%s is a ValidationError naming it', async (value) => {
    process.env.CVM_HISTORY_KEEP = value;
    await expect(createStorageAdapter({ dataDir: dir() })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', issues: [expect.objectContaining({ path: 'CVM_HISTORY_KEEP' })] });
  });
});
