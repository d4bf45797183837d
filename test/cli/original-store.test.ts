import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CheckResult } from '../../src/cli/commands/check';
import type { InspectResult } from '../../src/cli/commands/inspect';
import type { MigrateResult } from '../../src/cli/commands/migrate';
import type { UpgradeResult } from '../../src/cli/commands/upgrade';
import { FileStorageAdapter, type CvmStorage } from '../../src';
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
