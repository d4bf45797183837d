import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Collection } from 'mongodb';
import type { CheckResult } from '../../src/cli/commands/check';
import { repairFiles } from '../../src/cli/check/file-repair';
import { scanFileStore } from '../../src/cli/check/file-scan';
import { repairDocuments } from '../../src/cli/check/mongo-repair';
import { scanMongoStore } from '../../src/cli/check/mongo-scan';
import type { InspectResult } from '../../src/cli/commands/inspect';
import type { MigrateResult } from '../../src/cli/commands/migrate';
import type { UpgradeResult } from '../../src/cli/commands/upgrade';
import { FileStorageAdapter, MongoDBStorageAdapter, type CvmStorage } from '../../src';
import { expectedReads, readLikeTheOriginal } from '../support/original-stores';
import { databaseNameOf, mongoTargets, useMongoKit, useTempDir } from '../support/fixtures';
import { copyOriginalFileStore, loadOriginalMongoDump, originalReads } from '../support/original-stores';
import { runJson } from './run-cli';

describe('cvm-storage on a file store the original package wrote', () => {
  const dir = useTempDir('cvm-original-cli-');
  const store = () => path.join(dir(), 'store');

  beforeEach(() => copyOriginalFileStore(store()));

  it('check calls none of its records damaged', async () => {
    const { json } = await runJson<CheckResult>(['check', '--data-dir', store()]);
    expect(json.problems.filter((problem) => problem.kind === 'damaged-record')).toStrictEqual([]);
  });

  it("check finds nothing wrong with the original's store, its output files included", async () => {
    const { code, json } = await runJson<CheckResult>(['check', '--data-dir', store()]);
    expect({ code, problems: json.problems }).toStrictEqual({ code: 0, problems: [] });
  });

  describe("the original's output file of an execution that is gone", () => {
    const orphan = () => path.join(store(), 'outputs', 'hand-orphan.output');
    const execution = () => originalReads('file').executions.find((e) => e.id === 'hand-orphan');
    beforeEach(() => unlinkSync(path.join(store(), 'executions', 'hand-orphan.json')));

    it('check reports it as orphan output; --repair moves it into quarantine; check then finds nothing', async () => {
      const checked = await runJson<CheckResult>(['check', '--data-dir', store()]);
      expect(checked.code).toBe(1);
      expect(checked.json.problems.map(({ kind, location, detail }) => ({ kind, location, detail }))).toStrictEqual([
        { kind: 'orphan-output', location: orphan(), detail: 'no readable execution hand-orphan' },
      ]);
      const repaired = await runJson<CheckResult>(['check', '--repair', '--data-dir', store()]);
      expect(repaired.json.repairs).toStrictEqual([`moved ${orphan()} to ${path.join(store(), 'quarantine', 'outputs', 'hand-orphan.output')}`]);
      expect(existsSync(orphan())).toBe(false);
      expect((await runJson<CheckResult>(['check', '--data-dir', store()])).json.problems).toStrictEqual([]);
    });

    it('--repair leaves it where it is when the execution is saved again after the scan', async () => {
      const problems = await scanFileStore(store());
      expect(problems.map((p) => p.kind)).toStrictEqual(['orphan-output']);
      const storage = new FileStorageAdapter(store());
      await storage.connect();
      try {
        await storage.saveExecution(execution()!);
        expect(await repairFiles(store(), problems)).toStrictEqual([`left ${orphan()}: execution hand-orphan exists now`]);
        expect(await storage.getOutput('hand-orphan')).toStrictEqual(originalReads('file').outputs['hand-orphan']);
      } finally {
        await storage.disconnect();
      }
    });

    it('check does not report it when the execution is saved while the scan runs', async () => {
      const storage = new FileStorageAdapter(store());
      await storage.connect();
      try {
        const problems = await scanFileStore(store(), {
          at: async (point, file) => {
            if (point === 'read' && file === orphan()) await storage.saveExecution(execution()!);
          },
        });
        expect(problems).toStrictEqual([]);
      } finally {
        await storage.disconnect();
      }
    });
  });

  it('inspect counts every record and output line as the original read them', async () => {
    const expected = originalReads('file');
    const { code, json } = await runJson<InspectResult>(['inspect', '--data-dir', store()]);
    expect(code).toBe(0);
    expect(json.damaged).toStrictEqual([]);
    expect(json.programs.count).toBe(expected.programs.length);
    expect(json.executions.count).toBe(expected.executions.length);
    const lines = Object.entries(expected.outputs).filter(([id]) => expected.executions.some((e) => e.id === id));
    expect(json.output.lines).toBe(lines.reduce((sum, [, output]) => sum + output.length, 0));
  });

  it('upgrade --dry-run names the records to rewrite and writes nothing; upgrade rewrites them, reads stay the same, a second run has nothing to do', async () => {
    const expected = originalReads('file');
    const files = () => readdirSync(path.join(store(), 'executions')).map((name) => readFileSync(path.join(store(), 'executions', name), 'utf8'));
    const before = files();
    const dry = await runJson<UpgradeResult>(['upgrade', '--dry-run', '--data-dir', store()]);
    expect(dry.code).toBe(0);
    expect(dry.json.programs.sort()).toStrictEqual(expected.programs.map((p) => p.id).sort());
    expect(dry.json.executions.sort()).toStrictEqual(expected.executions.map((e) => e.id).sort());
    expect(files()).toStrictEqual(before);
    const done = await runJson<UpgradeResult>(['upgrade', '--data-dir', store()]);
    expect(done.json.executions).toHaveLength(dry.json.executions.length);
    for (const id of done.json.executions) expect(JSON.parse(readFileSync(path.join(store(), 'executions', `${id}.json`), 'utf8'))).toMatchObject({ format: 2 });
    const storage = new FileStorageAdapter(store());
    await storage.connect();
    try {
      expect(await readLikeTheOriginal(storage, expected)).toStrictEqual(expectedReads(expected));
    } finally {
      await storage.disconnect();
    }
    const again = await runJson<UpgradeResult>(['upgrade', '--data-dir', store()]);
    expect({ programs: again.json.programs, executions: again.json.executions }).toStrictEqual({ programs: [], executions: [] });
  });

  it('inspect and migrate go past a record that cannot be decoded, report it and exit 1', async () => {
    const broken = path.join(store(), 'executions', 'broken.json');
    writeFileSync(broken, '{"id": "broken", ');
    const inspected = await runJson<InspectResult>(['inspect', '--data-dir', store()]);
    expect(inspected.code).toBe(1);
    expect(inspected.json.damaged.map((d) => d.location)).toStrictEqual([broken]);
    const target = path.join(dir(), 'copy');
    const migrated = await runJson<MigrateResult>(['migrate', '--to', target, '--data-dir', store()]);
    expect(migrated.code).toBe(1);
    expect(migrated.json.damaged.map((d) => d.location)).toStrictEqual([broken]);
    expect(migrated.json.copy.executions.created).toBe(originalReads('file').executions.length);
    expect(migrated.json.verification?.equal).toBe(true);
  });
});

for (const target of mongoTargets().slice(0, 1)) {
  describe(`cvm-storage on a MongoDB database the original package wrote (${target.name})`, () => {
    const kit = useMongoKit(target);
    const dir = useTempDir('cvm-original-cli-mongo-');
    let url = '';

    beforeEach(async () => {
      url = kit.databaseUrl('original');
      await loadOriginalMongoDump(kit.client.db(databaseNameOf(url)));
    });

    it(`check calls none of its records damaged`, async () => {
      const checked = await runJson<CheckResult>(['check', '--mongo-url', url]);
      expect(checked.json.problems.filter((problem) => problem.kind === 'damaged-record')).toStrictEqual([]);
    });

    it("check reports only the current execution the original left dangling, nothing in its outputs", async () => {
      const checked = await runJson<CheckResult>(['check', '--mongo-url', url]);
      expect(checked.json.problems.map((problem) => problem.kind)).toStrictEqual(['dangling-current']);
    });

    it("check calls an original output document whose lines are no strings damaged", async () => {
      await kit.client.db(databaseNameOf(url)).collection('outputs').insertOne({ executionId: 'hand-ready', lines: [1, 2] });
      const checked = await runJson<CheckResult>(['check', '--mongo-url', url]);
      expect(checked.json.problems.map(({ kind, detail }) => ({ kind, detail }))).toStrictEqual([
        { kind: 'damaged-output', detail: 'lines is not an array of strings' },
        { kind: 'dangling-current', detail: 'the current execution hand-current-deleted does not exist or is damaged' },
      ]);
    });

    describe("the original's output document of an execution that is gone", () => {
      const db = () => kit.client.db(databaseNameOf(url));
      const execution = () => originalReads('mongodb').executions.find((e) => e.id === 'hand-orphan');
      const orphans = (problems: CheckResult['problems']) => problems.filter((problem) => problem.kind === 'orphan-output');
      beforeEach(async () => {
        await db().collection('executions').deleteOne({ id: 'hand-orphan' });
      });

      it('check reports it as orphan output; --repair moves it into quarantine; check then finds it no more', async () => {
        const checked = await runJson<CheckResult>(['check', '--mongo-url', url]);
        expect(orphans(checked.json.problems).map(({ location, detail }) => ({ location: location.replace(/_id \w+$/, '_id …'), detail }))).toStrictEqual([
          { location: 'collection outputs, _id …', detail: 'no readable execution "hand-orphan"' },
        ]);
        const repaired = await runJson<CheckResult>(['check', '--repair', '--mongo-url', url]);
        expect(repaired.json.repairs).toContainEqual(expect.stringMatching(/^moved collection outputs, _id \w+ to collection quarantine$/));
        expect(await db().collection('outputs').countDocuments({ executionId: 'hand-orphan' })).toBe(0);
        expect(await db().collection('quarantine').countDocuments({ collection: 'outputs', 'document.executionId': 'hand-orphan' })).toBe(1);
        expect(orphans((await runJson<CheckResult>(['check', '--mongo-url', url])).json.problems)).toStrictEqual([]);
      });

      it('--repair leaves it where it is when the execution is saved again after the scan', async () => {
        const storage = new MongoDBStorageAdapter(url);
        await storage.connect();
        try {
          const problems = orphans(await scanMongoStore(storage));
          expect(problems).toHaveLength(1);
          await storage.saveExecution(execution()!);
          expect(await repairDocuments(storage, url, problems)).toStrictEqual([expect.stringMatching(/^left collection outputs, _id \w+: execution hand-orphan exists now$/)]);
          expect(await storage.getOutput('hand-orphan')).toStrictEqual(originalReads('mongodb').outputs['hand-orphan']);
        } finally {
          await storage.disconnect();
        }
      });

      it('--repair leaves it where it is when an old writer appends to it while it moves, losing no line', async () => {
        const storage = new MongoDBStorageAdapter(url);
        await storage.connect();
        const deleteOne = Collection.prototype.deleteOne;
        const spy = jest.spyOn(Collection.prototype, 'deleteOne').mockImplementation(async function (this: Collection, ...args: Parameters<Collection['deleteOne']>) {
          // The original's append, between the repair's read of the document and its removal.
          if (this.collectionName === 'outputs') await db().collection<{ executionId: string; lines: string[] }>('outputs').updateOne({ executionId: 'hand-orphan' }, { $push: { lines: 'late' } });
          return deleteOne.apply(this, args);
        });
        try {
          const problems = orphans(await scanMongoStore(storage));
          const actions = await repairDocuments(storage, url, problems);
          expect(actions).toStrictEqual([expect.stringMatching(/^left collection outputs, _id \w+: it changed since the scan \(run check again\)$/)]);
        } finally {
          spy.mockRestore();
          await storage.disconnect();
        }
        expect(await db().collection('outputs').findOne({ executionId: 'hand-orphan' }, { projection: { _id: 0, lines: 1 } })).toStrictEqual({
          lines: [...(originalReads('mongodb').outputs['hand-orphan'] ?? []), 'late'],
        });
        expect(await db().collection('quarantine').countDocuments()).toBe(0);
      });

      it('check does not report it when the execution is saved while the scan runs', async () => {
        const storage = new MongoDBStorageAdapter(url);
        await storage.connect();
        try {
          const problems = await scanMongoStore(storage, {
            at: async (point, location) => {
              if (point === 'read' && location === 'outputs') await storage.saveExecution(execution()!);
            },
          });
          expect(orphans(problems)).toStrictEqual([]);
        } finally {
          await storage.disconnect();
        }
      });
    });

    it('inspect counts every record and output line as the original read them, and the current execution', async () => {
      const expected = originalReads('mongodb');
      const inspected = await runJson<InspectResult>(['inspect', '--mongo-url', url]);
      expect(inspected.json.damaged).toStrictEqual([]);
      expect(inspected.json.executions.count).toBe(expected.executions.length);
      const lines = Object.entries(expected.outputs).filter(([id]) => expected.executions.some((e) => e.id === id));
      expect(inspected.json.output.lines).toBe(lines.reduce((sum, [, output]) => sum + output.length, 0));
      expect(inspected.json.currentExecutionId).toBe(expected.current);
    });

    it('upgrade rewrites every record and adopts the current execution; reads stay what the original read', async () => {
      const expected = originalReads('mongodb');
      const dry = await runJson<UpgradeResult>(['upgrade', '--dry-run', '--mongo-url', url]);
      expect({ executions: dry.json.executions.length, current: dry.json.currentExecution }).toStrictEqual({ executions: expected.executions.length, current: 'to adopt' });
      const done = await runJson<UpgradeResult>(['upgrade', '--mongo-url', url]);
      expect(done.code).toBe(0);
      expect(done.json.currentExecution).toBe('adopted');
      const db = kit.client.db(databaseNameOf(url));
      expect(await db.collection('executions').countDocuments({ format: { $ne: 2 } })).toBe(0);
      expect(await db.collection('metadata').findOne({ key: 'currentExecutionId' }, { projection: { _id: 0 } })).toStrictEqual({ key: 'currentExecutionId', value: expected.current, format: 2 });
      const storage: CvmStorage = kit.adapter(url);
      await storage.connect();
      expect(await readLikeTheOriginal(storage, expected)).toStrictEqual(expectedReads(expected));
      const again = await runJson<UpgradeResult>(['upgrade', '--mongo-url', url]);
      expect({ programs: again.json.programs, executions: again.json.executions }).toStrictEqual({ programs: [], executions: [] });
    });

    it(`migrate copies every record and line to a file store`, async () => {
      const inspected = await runJson<InspectResult>(['inspect', '--mongo-url', url]);
      const migrated = await runJson<MigrateResult>(['migrate', '--to', path.join(dir(), 'copy'), '--mongo-url', url]);
      expect(migrated.json.copy.outputLinesAppended).toBe(inspected.json.output.lines);
      expect(migrated.json.verification?.equal).toBe(true);
    });
  });
}
