import { CorruptRecordError, InvalidIdError, ValidationError } from '../../src/errors';
import { mongoTargets } from '../support/fixtures/mongo-target';
import { makeExecution, makeFullExecution, makeProgram, ownRecord, trickyValue, validExecution, validProgram } from '../support/fixtures/records';
import type { Execution, Program } from '../../src/types';
import { commandNames, databaseNameOf, useMongoKit } from '../support/fixtures/mongo';
import { firstDifference } from '../support/same-value';
import { MAX_VALID_CHAIN, chain } from '../reliability/support/arbitraries';
import { expectListedWithout } from '../support/damaged-records';

/** Every field name at any depth of a stored document, array indexes left out. */
function fieldNames(value: unknown, names = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) fieldNames(item, names);
  } else if (typeof value === 'object' && value !== null && !(value instanceof Date) && value.constructor?.name !== 'ObjectId') {
    for (const [key, inner] of Object.entries(value)) {
      names.add(key);
      fieldNames(inner, names);
    }
  }
  return names;
}

/** An execution whose user data holds keys MongoDB would read as operators or paths. */
function hostileExecution() {
  return makeExecution({
    id: 'exec-hostile',
    variables: ownRecord([
      ['$where', 'sleep(1000)'],
      ['a.b', 1],
      ['__proto__', { type: 'object', properties: { polluted: true } }],
      ['$ne', null],
      ['deep', trickyValue()],
    ]),
    stack: [NaN, -0, Infinity, { type: 'object', properties: { '$gt': '', 'x.y.z': 2 } }],
  });
}

/** Nesting depth of a stored document as MongoDB counts it: each object or array is a level. */
function nestingDepth(value: unknown): number {
  if (typeof value !== 'object' || value === null || !(Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype)) return 0;
  let deepest = 0;
  for (const item of Object.values(value)) deepest = Math.max(deepest, nestingDepth(item));
  return 1 + deepest;
}

/** MongoDB refuses documents nested deeper than this ("Nested Depth for BSON Documents"). */
const MONGODB_MAX_NESTING = 100;

const deepest = (): ReturnType<typeof chain> => chain(MAX_VALID_CHAIN, 1);

/** The deepest valid value in every CVM-valued field of an execution. */
const DEEP_EXECUTION = (): Execution =>
  ({
    ...validExecution('exec-deep', 'prog-ok'),
    stack: [deepest()],
    variables: { deep: deepest() },
    returnValue: deepest(),
    // The iterator's own array is the outermost level.
    iterators: [{ array: { type: 'array', elements: [chain(MAX_VALID_CHAIN - 1, 1)] }, index: 0, length: 1 }],
    heap: { objects: { 0: { type: 'array', data: deepest() } }, nextId: 1 },
  }) as unknown as Execution;

const DEEP_PROGRAM = (): Program => ({ ...validProgram('prog-deep'), bytecode: [{ op: 'PUSH', arg: deepest() }] }) as unknown as Program;

for (const target of mongoTargets()) {
  describe(`MongoDB stored documents on ${target.name}`, () => {
    const kit = useMongoKit(target);

    it('results carry no _id or other storage field', async () => {
      const adapter = await kit.connectedAdapter();
      await adapter.saveProgram(makeProgram());
      await adapter.saveExecution(makeFullExecution());
      await adapter.appendOutput('exec-1', ['line']);
      const results = [
        await adapter.getProgram('prog-1'),
        ...(await adapter.listPrograms()),
        await adapter.getExecution('exec-1'),
        ...(await adapter.listExecutions()),
      ];
      for (const result of results) {
        expect(result).not.toBeNull();
        expect(fieldNames(result).has('_id')).toBe(false);
      }
      expect(await adapter.getProgram('prog-1')).toStrictEqual(makeProgram());
      expect(await adapter.getExecution('exec-1')).toStrictEqual(makeFullExecution());
      expect(await adapter.getOutput('exec-1')).toStrictEqual(['line']);
    });

    it('user keys such as $where and a.b never become field names of the stored document', async () => {
      const url = kit.databaseUrl();
      const adapter = kit.adapter(url);
      await adapter.connect();
      await adapter.saveExecution(hostileExecution());
      const stored = await kit.client.db(databaseNameOf(url)).collection('executions').findOne({ id: 'exec-hostile' });
      expect(stored).not.toBeNull();
      const names = [...fieldNames(stored)];
      expect(names.filter((name) => name.startsWith('$') || name.includes('.') || name === '__proto__')).toStrictEqual([]);
      expect(names).toEqual(expect.arrayContaining(['id', 'programId', 'variables', 'stack', 'created']));
      expect(await adapter.getExecution('exec-hostile')).toStrictEqual(hostileExecution());
    });

    it('an operator object or a non-string as an id is rejected before any command is sent', async () => {
      const { adapter, commands } = await kit.monitoredAdapter();
      commands.length = 0;
      const operator = { $ne: null } as unknown as string;
      await expect(adapter.getProgram(operator)).rejects.toBeInstanceOf(InvalidIdError);
      await expect(adapter.getExecution(operator)).rejects.toBeInstanceOf(InvalidIdError);
      await expect(adapter.deleteProgram(operator)).rejects.toBeInstanceOf(InvalidIdError);
      await expect(adapter.deleteExecution(operator)).rejects.toBeInstanceOf(InvalidIdError);
      await expect(adapter.getOutput(operator)).rejects.toBeInstanceOf(InvalidIdError);
      await expect(adapter.appendOutput(operator, ['x'])).rejects.toBeInstanceOf(InvalidIdError);
      await expect(adapter.setCurrentExecutionId(operator)).rejects.toBeInstanceOf(InvalidIdError);
      expect(commandNames(commands)).toStrictEqual([]);
      await adapter.getProgram('prog-1');
      expect(commandNames(commands)).toStrictEqual(['find']);
    });

    it('the adapter\'s metadata repository refuses operator objects as key, expected or next value', async () => {
      const { adapter, commands } = await kit.monitoredAdapter();
      const metadata = adapter.repositories.metadata;
      await metadata.set('k', 'v');
      commands.length = 0;
      const operator = { $ne: null } as unknown as string;
      await expect(metadata.get(operator)).rejects.toBeInstanceOf(InvalidIdError);
      await expect(metadata.set('k', operator)).rejects.toBeInstanceOf(ValidationError);
      await expect(metadata.compareAndSet('k', operator, 'hijacked')).rejects.toBeInstanceOf(ValidationError);
      expect(commandNames(commands)).toStrictEqual([]);
      expect(await metadata.get('k')).toBe('v');
      expect(commandNames(commands)).toStrictEqual(['find']);
    });

    it('a damaged document is reported as CorruptRecordError naming the collection and id', async () => {
      const url = kit.databaseUrl();
      const adapter = kit.adapter(url);
      await adapter.connect();
      await adapter.saveExecution(makeExecution());
      await adapter.saveProgram(makeProgram());
      const db = kit.client.db(databaseNameOf(url));
      await db.collection('executions').updateOne({ id: 'exec-1' }, { $set: { stack: { weird: true } } });
      await db.collection('programs').updateOne({ id: 'prog-1' }, { $unset: { bytecode: '' } });
      await db.collection('output_chunks').insertOne({ executionId: 'exec-1', seq: 0, lines: 'not a list', created: new Date() });

      const executionError = await adapter.getExecution('exec-1').catch((error: unknown) => error);
      expect(executionError).toBeInstanceOf(CorruptRecordError);
      expect((executionError as CorruptRecordError).location).toBe('collection executions, id "exec-1"');
      await expectListedWithout(() => adapter.listExecutions(), 'exec-1', 'collection executions, id "exec-1"');
      await expect(adapter.getProgram('prog-1')).rejects.toMatchObject({ code: 'CORRUPT_RECORD', message: expect.stringContaining('programs') });
      await expect(adapter.getOutput('exec-1')).rejects.toMatchObject({ code: 'CORRUPT_RECORD', message: expect.stringContaining('output_chunks') });
    });

    // Values were once stored as `{ obj: [[key, value]] }` pairs, about six BSON levels per CVM
    // level, so values within the then limit made documents over 600 levels deep, which a real
    // server refuses. Values are now stored at their own depth and the limit is 64 containers.
    it(`an execution with ${MAX_VALID_CHAIN}-level values in every field is stored within ${MONGODB_MAX_NESTING} levels and comes back equal`, async () => {
      const url = kit.databaseUrl();
      const adapter = kit.adapter(url);
      await adapter.connect();
      await adapter.saveExecution(DEEP_EXECUTION());
      const [document] = await kit.client.db(databaseNameOf(url)).collection('executions').find({}).toArray();
      expect(nestingDepth(document)).toBeLessThanOrEqual(MONGODB_MAX_NESTING);
      expect(firstDifference(DEEP_EXECUTION(), await adapter.getExecution('exec-deep'))).toBeNull();
    });

    it(`a program with a ${MAX_VALID_CHAIN}-level argument is stored within ${MONGODB_MAX_NESTING} levels and comes back equal`, async () => {
      const url = kit.databaseUrl();
      const adapter = kit.adapter(url);
      await adapter.connect();
      await adapter.saveProgram(DEEP_PROGRAM());
      const [document] = await kit.client.db(databaseNameOf(url)).collection('programs').find({}).toArray();
      expect(nestingDepth(document)).toBeLessThanOrEqual(MONGODB_MAX_NESTING);
      expect(firstDifference(DEEP_PROGRAM(), await adapter.getProgram('prog-deep'))).toBeNull();
    });
  });
}
