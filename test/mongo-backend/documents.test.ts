import { CorruptRecordError, InvalidIdError, ValidationError } from '../../src/errors';
import { MongoMetadataRepository } from '../../src/repositories/mongo';
import { mongoTargets } from '../support/fixtures/mongo-target';
import { makeExecution, makeFullExecution, makeProgram, ownRecord, trickyValue } from '../support/fixtures/records';
import { commandNames, databaseNameOf, useMongoKit } from '../support/fixtures/mongo';

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

    it('the metadata repository refuses operator objects as key, expected or next value', async () => {
      const { adapter, commands } = await kit.monitoredAdapter();
      const metadata = new MongoMetadataRepository(adapter.connection);
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
      await expect(adapter.listExecutions()).rejects.toMatchObject({ code: 'CORRUPT_RECORD', location: 'collection executions, id "exec-1"' });
      await expect(adapter.getProgram('prog-1')).rejects.toMatchObject({ code: 'CORRUPT_RECORD', message: expect.stringContaining('programs') });
      await expect(adapter.getOutput('exec-1')).rejects.toMatchObject({ code: 'CORRUPT_RECORD', message: expect.stringContaining('output_chunks') });
    });
  });
}
