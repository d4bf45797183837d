import path from 'node:path';
import { RepositoryStorageAdapter } from '../../src/adapters/repository-storage-adapter';
import type { UpgradeResult } from '../../src/cli/commands/upgrade';
import { FileStorageAdapter, MongoDBStorageAdapter, type CvmStorage, type Execution } from '../../src';
import { databaseNameOf, mongoTargets, useMongoKit, useTempDir } from '../support/fixtures';
import { copyOriginalFileStore, loadOriginalMongoDump, originalReads } from '../support/original-stores';
import { runJson } from './run-cli';

type Read = { execution: Execution; revision: number } | null;

/** Between upgrade's read of the first stale execution and its rewrite, `live` saves that execution. */
function saveBetweenReadAndRewrite(live: CvmStorage): { saved: () => Execution | undefined; restore: () => void } {
  const readExecution = RepositoryStorageAdapter.prototype.readExecution;
  let saved: Execution | undefined;
  const spy = jest.spyOn(RepositoryStorageAdapter.prototype, 'readExecution').mockImplementation(async function (this: RepositoryStorageAdapter, id: string) {
    const read = (await readExecution.call(this, id)) as Read;
    if (this !== live && read !== null && saved === undefined) {
      saved = { ...read.execution, pc: read.execution.pc + 1000, status: 'saved by a live server' };
      await live.saveExecution(saved);
    }
    return read;
  });
  return { saved: () => saved, restore: () => spy.mockRestore() };
}

async function expectLiveSaveKept(live: CvmStorage, upgraded: { code: number; json: UpgradeResult }, saved: Execution | undefined): Promise<void> {
  expect(saved).toBeDefined();
  expect(upgraded.code).toBe(0);
  expect(upgraded.json.skipped).toStrictEqual([saved!.id]);
  expect(upgraded.json.executions).toContain(saved!.id);
  expect(await live.getExecution(saved!.id)).toStrictEqual(saved);
}

describe('cvm-storage upgrade beside a live server on a file store', () => {
  const dir = useTempDir('cvm-upgrade-live-');
  const store = () => path.join(dir(), 'store');
  beforeEach(() => copyOriginalFileStore(store()));

  it('keeps an execution a live server saved after upgrade read it, and reports it as skipped', async () => {
    const live = new FileStorageAdapter(store());
    await live.connect();
    const hook = saveBetweenReadAndRewrite(live);
    try {
      const upgraded = await runJson<UpgradeResult>(['upgrade', '--data-dir', store()]);
      await expectLiveSaveKept(live, upgraded, hook.saved());
    } finally {
      hook.restore();
      await live.disconnect();
    }
    const again = await runJson<UpgradeResult>(['upgrade', '--data-dir', store()]);
    expect({ programs: again.json.programs, executions: again.json.executions }).toStrictEqual({ programs: [], executions: [] });
  });
});

for (const target of mongoTargets().slice(0, 1)) {
  describe(`cvm-storage upgrade beside a live server on MongoDB (${target.name})`, () => {
    const kit = useMongoKit(target);
    let url = '';
    beforeEach(async () => {
      url = kit.databaseUrl('upgrade-live');
      await loadOriginalMongoDump(kit.client.db(databaseNameOf(url)));
    });

    it('keeps an execution a live server saved after upgrade read it, and reports it as skipped', async () => {
      const live = new MongoDBStorageAdapter(url);
      await live.connect();
      const hook = saveBetweenReadAndRewrite(live);
      try {
        const upgraded = await runJson<UpgradeResult>(['upgrade', '--mongo-url', url]);
        await expectLiveSaveKept(live, upgraded, hook.saved());
      } finally {
        hook.restore();
        await live.disconnect();
      }
    });

    it("keeps the current execution a live server set after upgrade read the original's pointer", async () => {
      const other = originalReads('mongodb').executions.map((e) => e.id).find((id) => id !== originalReads('mongodb').current)!;
      const live = new MongoDBStorageAdapter(url);
      await live.connect();
      const getCurrent = RepositoryStorageAdapter.prototype.getCurrentExecutionId;
      const spy = jest.spyOn(RepositoryStorageAdapter.prototype, 'getCurrentExecutionId').mockImplementation(async function (this: RepositoryStorageAdapter) {
        const current = await getCurrent.call(this);
        if (this !== live) await live.setCurrentExecutionId(other);
        return current;
      });
      try {
        const upgraded = await runJson<UpgradeResult>(['upgrade', '--mongo-url', url]);
        expect(upgraded.json.currentExecution).toBe('adopted');
        expect(await kit.client.db(databaseNameOf(url)).collection('metadata').findOne({ key: 'currentExecutionId' }, { projection: { _id: 0 } })).toStrictEqual({
          key: 'currentExecutionId',
          value: other,
          format: 2,
        });
      } finally {
        spy.mockRestore();
        await live.disconnect();
      }
    });
  });
}
