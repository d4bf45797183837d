import { MongoClient } from 'mongodb';
import type { CheckResult } from '../../src/cli/commands/check';
import type { InspectResult } from '../../src/cli/commands/inspect';
import type { ListResult } from '../../src/cli/commands/list';
import type { ShowResult } from '../../src/cli/commands/show';
import { MongoDBStorageAdapter } from '../../src';
import { useMongoKit } from '../support/fixtures/mongo';
import { mongoTargets } from '../support/fixtures/mongo-target';
import { MongoConnection } from '../../src/repositories/mongodb/mongodb-connection';
import { runCli, runJson } from './run-cli';
import { awkwardExecution, program } from './seed-store';

describe('cvm-storage on MongoDB (MONGODB_URL, else the stand-in)', () => {
  /** The server at MONGODB_URL when set (as CI's real-server jobs set it), else the in-process stand-in; each test's database is dropped after it. */
  const kit = useMongoKit(mongoTargets()[0]);
  let url: string;

  beforeEach(async () => {
    url = kit.databaseUrl('cli_mongo');
    const storage = new MongoDBStorageAdapter(url);
    await storage.connect();
    await storage.saveProgram(program('p0'));
    await storage.saveExecution(awkwardExecution('e0', 'p0'));
    await storage.saveExecution({ ...awkwardExecution('e1', 'p0'), state: 'COMPLETED', created: new Date(Date.UTC(2026, 3, 1)) });
    await storage.appendOutput('e0', ['one', 'two']);
    await storage.appendOutput('e0', ['three']);
    await storage.setCurrentExecutionId('e1');
    await storage.disconnect();
  });

  it('inspect, list and show read the store', async () => {
    const inspected = await runJson<InspectResult>(['inspect', '--mongo-url', url]);
    expect(inspected.code).toBe(0);
    expect(inspected.json).toMatchObject({ backend: 'mongodb', programs: { count: 1 }, executions: { count: 2 }, output: { lines: 3 }, currentExecutionId: 'e1' });
    const listed = await runJson<ListResult>(['list', 'executions', '--state', 'COMPLETED'], { env: { MONGODB_URL: url } });
    expect(listed.json.items.map((i) => i.id)).toEqual(['e1']);
    const shown = await runJson<ShowResult>(['show', 'execution', 'e0', '--output', '--mongo-url', url]);
    expect(shown.json.output).toEqual(['one', 'two', 'three']);
    expect(shown.json.record).toMatchObject({ id: 'e0', status: 'waiting_cc', stack: ['NaN', '-0', 'Infinity', 'half \uD83D', null] });
    const storage = new MongoDBStorageAdapter(url);
    await storage.connect();
    const read = await storage.readExecution('e0');
    await storage.disconnect();
    expect(shown.json.revision).toBe(read?.revision);
    expect(typeof shown.json.revision).toBe('number');
  });

  it('check finds damaged documents, orphan output and a dangling pointer; --repair quarantines them; a second check finds nothing', async () => {
    const client = await MongoClient.connect(url);
    const db = client.db();
    await db.collection('programs').insertOne({ id: 'broken', name: 'b', source: '', bytecode: 'not an array', created: new Date() });
    await db.collection('executions').insertOne({ id: 'bad-pc', programId: 'p0', state: 'READY', pc: -1, stack: [], variables: {}, created: new Date() });
    await db.collection('output_chunks').insertOne({ executionId: 'ghost', seq: 0, lines: ['boo'], created: new Date() });
    await db.collection('output_chunks').insertOne({ executionId: 'e1', seq: 0, lines: 42, created: new Date() });
    // An open chunk whose count disagrees with its lines: an append to it would fail.
    await db.collection('output_chunks').insertOne({ format: 2, executionId: 'e1', seq: 1, first: 0, end: 2, n: 3, open: true, lines: ['a', 'b'], created: new Date() });
    await db.collection('metadata').updateOne({ key: 'currentExecutionId' }, { $set: { value: 'bad-pc' } });

    const found = await runJson<CheckResult>(['check', '--mongo-url', url]);
    expect(found.code).toBe(1);
    expect(found.json.problems.map((p) => p.kind).sort()).toEqual(['damaged-output', 'damaged-output', 'damaged-record', 'damaged-record', 'dangling-current', 'orphan-output']);
    expect(found.json.problems.map((p) => p.detail)).toContain('n is 3, but it holds 2 lines');

    const repaired = await runJson<CheckResult>(['check', '--repair', '--mongo-url', url]);
    expect(repaired.code).toBe(0);
    expect(repaired.json.repairs).toHaveLength(6);
    expect(repaired.json.remaining).toEqual([]);
    const quarantined = await db.collection('quarantine').find({}).toArray();
    expect(quarantined.map((q) => q.collection as string).sort()).toEqual(['executions', 'output_chunks', 'output_chunks', 'output_chunks', 'programs']);
    expect(quarantined.find((q) => q.collection === 'programs')?.document).toMatchObject({ id: 'broken', bytecode: 'not an array' });

    const again = await runJson<CheckResult>(['check', '--mongo-url', url]);
    expect(again.json.problems).toEqual([]);
    expect(again.code).toBe(0);
    expect((await runJson<InspectResult>(['inspect', '--mongo-url', url])).json).toMatchObject({ programs: { count: 1 }, executions: { count: 2 }, currentExecutionId: null });
    await client.close();
  });
  it('check finds orphan history and a damaged entry; --repair quarantines both; inspect counts the entries', async () => {
    const storage = new MongoDBStorageAdapter(url, { history: { keep: 'all' } });
    await storage.connect();
    await storage.saveExecution({ ...awkwardExecution('e0', 'p0'), pc: 7 });
    await storage.createExecution(awkwardExecution('doomed', 'p0'));
    await storage.disconnect();
    const client = await MongoClient.connect(url);
    const history = client.db().collection('execution_history');
    try {
      // A delete removes the history too: an execution record lost some other way leaves it orphan.
      await client.db().collection('executions').deleteOne({ id: 'doomed' });
      expect((await runJson<InspectResult>(['inspect', '--mongo-url', url])).json.history).toMatchObject({ records: 2, executions: 1 });
      await history.updateOne({ executionId: 'e0' }, { $set: { outputLength: 'many' } });

      const found = await runJson<CheckResult>(['check', '--mongo-url', url]);
      expect(found.code).toBe(1);
      expect(found.json.problems.map((p) => p.kind).sort()).toEqual(['damaged-history', 'orphan-history']);
      const repaired = await runJson<CheckResult>(['check', '--repair', '--mongo-url', url]);
      expect(repaired.code).toBe(0);
      expect(repaired.json.remaining).toEqual([]);
      expect(await history.countDocuments({})).toBe(1);
      expect((await history.findOne({}))?.executionId).toBe('e0');
      expect((await runJson<CheckResult>(['check', '--mongo-url', url])).code).toBe(0);
    } finally {
      await client.close();
    }
  });

  it('check --repair prints the problems it found first, then each repair, then what remains', async () => {
    const client = await MongoClient.connect(url);
    try {
      await client.db().collection('programs').insertOne({ id: 'broken', name: 'b', source: '', bytecode: 'not an array', created: new Date() });
    } finally {
      await client.close();
    }
    const { code, stdout } = await runCli(['check', '--repair', '--mongo-url', url]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/: 1 problem\(s\)$/);
    expect(lines[1]).toMatch(/^ {2}damaged-record: .*broken/);
    expect(lines[2]).toMatch(/^repair: /);
    expect(lines.slice(3)).toEqual(['after repair: no problems']);
  });

  describe('a list of the executions collection that takes 600 ms', () => {
    let spy: jest.SpyInstance | undefined;
    beforeEach(() => {
      const io = MongoConnection.prototype.io;
      spy = jest.spyOn(MongoConnection.prototype, 'io').mockImplementation(function (this: MongoConnection, location, operation, action) {
        const slow = location === 'collection executions' && operation === 'list';
        return io.call(this, location, operation, slow ? () => new Promise((resolve) => setTimeout(resolve, 600)).then(action) : action) as never;
      });
    });
    afterEach(() => spy?.mockRestore());

    it('succeeds with --timeout 300: that flag bounds the wait for a server, not one call', async () => {
      const inspected = await runJson<InspectResult>(['inspect', '--timeout', '300', '--mongo-url', url]);
      expect({ code: inspected.code, executions: inspected.json.executions.count }).toStrictEqual({ code: 0, executions: 2 });
    });

    it('fails with a ConnectionError naming the limit with --operation-timeout 300', async () => {
      const run = await runCli(['inspect', '--operation-timeout', '300', '--mongo-url', url]);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('did not answer within 300 ms (operationTimeoutMS)');
    });
  });
});
