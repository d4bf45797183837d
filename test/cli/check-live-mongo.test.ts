import { MongoClient, type Db } from 'mongodb';
import { check, type CheckResult } from '../../src/cli/commands/check';
import { repairDocuments } from '../../src/cli/check/mongo-repair';
import { scanMongoStore } from '../../src/cli/check/mongo-scan';
import { executionToDocument } from '../../src/codec/record-codec';
import { MongoDBStorageAdapter } from '../../src';
import { newExecution } from '../../src/testing';
import { useMongoKit } from '../support/fixtures/mongo';
import { mongoTargets } from '../support/fixtures/mongo-target';
import { captureContext, runJson } from './run-cli';
import { program } from './seed-store';

/**
 * `check --repair` on a MongoDB store a live writer changes between the scan and each repair
 * action, or while the scan runs (through the hooks): every action re-checks its own condition.
 */
describe('cvm-storage check --repair on a MongoDB store in use (MONGODB_URL, else the stand-in)', () => {
  const kit = useMongoKit(mongoTargets()[0]);
  let url: string;
  let storage: MongoDBStorageAdapter;
  let client: MongoClient;
  let db: Db;

  beforeEach(async () => {
    url = kit.databaseUrl('cli_live');
    storage = new MongoDBStorageAdapter(url);
    await storage.connect();
    await storage.saveProgram(program('p0'));
    await storage.saveExecution(newExecution('e0', 'p0'));
    await storage.appendOutput('e0', ['one']);
    client = await MongoClient.connect(url);
    db = client.db();
  });

  afterEach(async () => {
    await client.close();
    await storage.disconnect();
  });

  it('leaves chunks whose execution was inserted after the scan where they are', async () => {
    await storage.appendOutput('late', ['early output']);
    const problems = await scanMongoStore(storage);
    expect(problems.map((p) => p.kind)).toEqual(['orphan-output']);
    await storage.saveExecution(newExecution('late', 'p0'));
    const actions = await repairDocuments(storage, url, problems);
    expect(actions).toEqual([expect.stringMatching(/^left collection output_chunks, _id .*: execution late exists now$/)]);
    expect(await storage.getOutput('late')).toEqual(['early output']);
    expect(await db.collection('quarantine').countDocuments()).toBe(0);
  });

  it('does not report chunks as orphans when their execution is inserted while the scan runs', async () => {
    await storage.appendOutput('late', ['early output']);
    const problems = await scanMongoStore(storage, {
      at: async (point, location) => {
        if (point === 'read' && location === 'output_chunks') await storage.saveExecution(newExecution('late', 'p0'));
      },
    });
    expect(problems).toEqual([]);
  });

  it('leaves a damaged document a save replaced after the scan', async () => {
    await db.collection('executions').updateOne({ id: 'e0' }, { $set: { pc: -1 } });
    const problems = await scanMongoStore(storage);
    expect(problems.map((p) => p.kind)).toEqual(['damaged-record', 'orphan-output']);
    await storage.saveExecution({ ...newExecution('e0', 'p0'), pc: 42 });
    const actions = await repairDocuments(storage, url, problems);
    expect(actions).toEqual([expect.stringMatching(/: it was replaced by a readable document since the scan$/), expect.stringMatching(/: execution e0 exists now$/)]);
    expect((await storage.getExecution('e0'))?.pc).toBe(42);
    expect(await storage.getOutput('e0')).toEqual(['one']);
    expect(await db.collection('quarantine').countDocuments()).toBe(0);
  });

  it('clears the current pointer only if it still names a missing execution', async () => {
    await storage.setCurrentExecutionId('next');
    const run = captureContext({ kind: 'mongo', url }, { json: true });
    const code = await check(run.ctx, { repair: true }, {
      at: async (point, location) => {
        if (point === 'act' && location === 'metadata') await storage.saveExecution(newExecution('next', 'p0'));
      },
    });
    const result = JSON.parse(run.stdout()) as CheckResult;
    expect(result.problems.map((p) => p.kind)).toEqual(['dangling-current']);
    expect(result.repairs).toEqual(['left the current execution pointer: execution next exists now']);
    expect(code).toBe(0);
    expect(await storage.getCurrentExecutionId()).toBe('next');

    await storage.setCurrentExecutionId('gone');
    const moved = captureContext({ kind: 'mongo', url }, { json: true });
    await check(moved.ctx, { repair: true }, {
      at: async (point, location) => {
        if (point === 'act' && location === 'metadata') await storage.setCurrentExecutionId('e0');
      },
    });
    expect((JSON.parse(moved.stdout()) as CheckResult).repairs).toEqual(['left the current execution pointer: it no longer names gone']);
    expect(await storage.getCurrentExecutionId()).toBe('e0');
  });

  it('reports documents of a newer version and --repair leaves them where they are', async () => {
    await db.collection('executions').insertOne({ ...executionToDocument(newExecution('future', 'p0')), format: 3, revision: 1 });
    await db.collection('output_chunks').insertOne({ format: 3, executionId: 'future', seq: 0, packed: 'x', created: new Date() });
    const checked = await runJson<CheckResult>(['check', '--mongo-url', url]);
    expect(checked.json.problems.map((p) => p.kind)).toEqual(['newer-format', 'newer-format']);
    for (const problem of checked.json.problems) expect(problem.detail).toMatch(/^written by a newer version \(format 3/);
    const repaired = await runJson<CheckResult>(['check', '--repair', '--mongo-url', url]);
    expect(repaired.code).toBe(1);
    expect(repaired.json.repairs).toEqual([]);
    expect(await db.collection('executions').countDocuments({ id: 'future' })).toBe(1);
    expect(await db.collection('output_chunks').countDocuments({ executionId: 'future' })).toBe(1);
    expect(await db.collection('quarantine').countDocuments()).toBe(0);
  });
});
