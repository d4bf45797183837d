import { CorruptRecordError } from '../../src/errors';
import { databaseNameOf, makeExecution, makeProgram, mongoTargets, useMongoKit } from '../support/fixtures';

for (const target of mongoTargets()) {
  describe(`MongoDB format versions on ${target.name}`, () => {
    const kit = useMongoKit(target);

    it('writes format 2 into every document', async () => {
      const url = kit.databaseUrl();
      const adapter = kit.adapter(url);
      await adapter.connect();
      await adapter.saveProgram(makeProgram());
      await adapter.saveExecution(makeExecution());
      await adapter.appendOutput('exec-1', ['a']);
      await adapter.setCurrentExecutionId('exec-1');
      const db = kit.client.db(databaseNameOf(url));
      for (const collection of ['programs', 'executions', 'output_chunks', 'metadata']) {
        const formats = (await db.collection(collection).find({}).toArray()).map((document) => (document as { format?: unknown }).format);
        expect({ collection, formats }).toStrictEqual({ collection, formats: [2] });
      }
    });

    it('reads documents written in format 1 (without the field)', async () => {
      const url = kit.databaseUrl();
      const adapter = kit.adapter(url);
      await adapter.connect();
      const db = kit.client.db(databaseNameOf(url));
      const created = new Date('2026-01-01T00:00:00.000Z');
      await db.collection('programs').insertOne({ id: 'prog-1', name: 'P', source: '', bytecode: [{ op: 'HALT' }], created, '~status': 'ready' });
      await db.collection('executions').insertOne({ id: 'exec-1', programId: 'prog-1', state: 'RUNNING', pc: 0, stack: [], variables: {}, created });
      await db.collection('output_chunks').insertOne({ executionId: 'exec-1', seq: 0, lines: ['old'], created });
      await db.collection('metadata').insertOne({ key: 'currentExecutionId', value: 'exec-1' });
      expect(await adapter.getProgram('prog-1')).toStrictEqual({ id: 'prog-1', name: 'P', source: '', bytecode: [{ op: 'HALT' }], created, status: 'ready' });
      expect(await adapter.getExecution('exec-1')).toStrictEqual({ id: 'exec-1', programId: 'prog-1', state: 'RUNNING', pc: 0, stack: [], variables: {}, created });
      await adapter.appendOutput('exec-1', ['new']);
      expect(await adapter.getOutput('exec-1')).toStrictEqual(['old', 'new']);
      expect(await adapter.getCurrentExecutionId()).toBe('exec-1');
    });

    it('refuses a document of a newer format with a CorruptRecordError that says to upgrade', async () => {
      const url = kit.databaseUrl();
      const adapter = kit.adapter(url);
      await adapter.connect();
      const db = kit.client.db(databaseNameOf(url));
      const created = new Date();
      await db.collection('programs').insertOne({ format: 3, id: 'prog-1', name: 'P', source: '', bytecode: [], created });
      await db.collection('output_chunks').insertOne({ format: 3, executionId: 'exec-1', seq: 0, lines: ['x'], created });
      await db.collection('metadata').insertOne({ format: 3, key: 'currentExecutionId', value: null });
      for (const read of [() => adapter.getProgram('prog-1'), () => adapter.getOutput('exec-1'), () => adapter.getCurrentExecutionId()]) {
        const error = await read().then(() => null, (reason: unknown) => reason);
        expect(error).toBeInstanceOf(CorruptRecordError);
        expect((error as Error).message).toMatch(/format 3 is newer than this version of @cvm\/storage reads \(up to 2\): upgrade it/);
      }
    });
  });
}
