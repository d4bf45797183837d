import { FileStorageAdapter, InvalidIdError, type CvmStorage } from '../../src';
import { refusedIdCases } from '../../src/testing/storage-contract/id-cases';
import { makeFullExecution, makeProgram } from '../../src/testing/storage-contract/records';
import { makeTempDir, removeTempDir } from '../support/fixtures/temp-folders';

// The storage contract refuses each bad id once per backend (its ids section); here every method
// that takes an id refuses every one of them, on one adapter, and the seeded store stays as it was.

const RELAXED = { durability: 'relaxed' } as const;

async function expectSeededUnchanged(adapter: CvmStorage): Promise<void> {
  expect(await adapter.listPrograms()).toStrictEqual([makeProgram()]);
  expect(await adapter.listExecutions()).toStrictEqual([makeFullExecution()]);
  expect(await adapter.getOutput('exec-1')).toStrictEqual(['seeded']);
  expect(await adapter.getCurrentExecutionId()).toBe('exec-1');
}

describe('every method refuses every refused id', () => {
  let dir = '';
  let adapter: FileStorageAdapter;

  beforeAll(async () => {
    dir = makeTempDir('cvm-refused-ids-');
    adapter = new FileStorageAdapter(dir, RELAXED);
    await adapter.connect();
    await adapter.saveProgram(makeProgram());
    await adapter.saveExecution(makeFullExecution());
    await adapter.appendOutput('exec-1', ['seeded']);
    await adapter.setCurrentExecutionId('exec-1');
  });

  afterAll(async () => {
    await adapter.disconnect();
    removeTempDir(dir);
  });

  it.each(refusedIdCases(false))('%s refuses the id %s with InvalidIdError and changes nothing', async (_method, _label, run, id) => {
    const attempt = run(adapter, id);
    expect(attempt).toBeInstanceOf(Promise);
    await expect(attempt).rejects.toBeInstanceOf(InvalidIdError);
    await expect(run(adapter, id)).rejects.toMatchObject({ code: 'INVALID_ID', field: expect.any(String) });
    await expectSeededUnchanged(adapter);
  });

  it('a second adapter on the folder reads the seeded store unchanged after them all', async () => {
    const reopened = new FileStorageAdapter(dir, RELAXED);
    await reopened.connect();
    try {
      await expectSeededUnchanged(reopened);
    } finally {
      await reopened.disconnect();
    }
  });
});
