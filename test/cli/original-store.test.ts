import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CheckResult } from '../../src/cli/commands/check';
import type { InspectResult } from '../../src/cli/commands/inspect';
import type { MigrateResult } from '../../src/cli/commands/migrate';
import { databaseNameOf, mongoTargets, useMongoKit, useTempDir } from '../support/fixtures';
import { copyOriginalFileStore, hasNarrowId, loadOriginalMongoDump, NEEDS_WIDE_IDS, originalReads } from '../support/original-stores';
import { runJson } from './run-cli';

describe('cvm-storage on a file store the original package wrote', () => {
  const dir = useTempDir('cvm-original-cli-');
  const store = () => path.join(dir(), 'store');

  beforeEach(() => copyOriginalFileStore(store()));

  it('check calls none of its records damaged', async () => {
    const { json } = await runJson<CheckResult>(['check', '--data-dir', store()]);
    const damaged = json.problems.filter((problem) => problem.kind === 'damaged-record' && !problem.location.includes('résumé'));
    expect(damaged).toStrictEqual([]);
  });

  it('inspect counts every record and output line as the original read them', async () => {
    const expected = originalReads('file');
    const { code, json } = await runJson<InspectResult>(['inspect', '--data-dir', store()]);
    expect(code).toBe(0);
    expect(json.damaged).toStrictEqual([]);
    expect(json.programs.count).toBe(expected.programs.filter(hasNarrowId).length);
    expect(json.executions.count).toBe(expected.executions.filter(hasNarrowId).length);
    const lines = Object.entries(expected.outputs).filter(([id]) => hasNarrowId({ id }) && expected.executions.some((e) => e.id === id));
    expect(json.output.lines).toBe(lines.reduce((sum, [, output]) => sum + output.length, 0));
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
    expect(migrated.json.copy.executions.created).toBe(originalReads('file').executions.filter(hasNarrowId).length);
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

    it(`check calls none of its records damaged ${NEEDS_WIDE_IDS}`, async () => {
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

    it(`migrate copies every record and line to a file store ${NEEDS_WIDE_IDS}`, async () => {
      const inspected = await runJson<InspectResult>(['inspect', '--mongo-url', url]);
      const migrated = await runJson<MigrateResult>(['migrate', '--to', path.join(dir(), 'copy'), '--mongo-url', url]);
      expect(migrated.json.copy.outputLinesAppended).toBe(inspected.json.output.lines);
      expect(migrated.json.verification?.equal).toBe(true);
    });
  });
}
