import { MongoOutputRepository } from '../../src/repositories/mongodb';
import type { MongoDBStorageAdapter } from '../../src';
import { mongoTargets } from '../support/fixtures/mongo-target';
import { commandNames, databaseNameOf, makeExecution, useMongoKit } from '../support/fixtures';

async function revisionOf(adapter: MongoDBStorageAdapter): Promise<number> {
  return (await adapter.readExecution('exec-1'))?.revision ?? 0;
}

/** getOutput, getOutputLength and every range agree. */
async function expectConsistentOutput(adapter: MongoDBStorageAdapter, lines: string[]): Promise<void> {
  expect(await adapter.getOutput('exec-1')).toStrictEqual(lines);
  expect(await adapter.getOutputLength('exec-1')).toBe(lines.length);
  for (let from = 0; from <= lines.length; from++) expect(await adapter.getOutput('exec-1', { from })).toStrictEqual(lines.slice(from));
}

for (const target of mongoTargets()) {
  describe(`MongoDB fenced output on ${target.name}`, () => {
    const kit = useMongoKit(target);
    afterEach(() => jest.restoreAllMocks());

    it('a losing fenced append writes nothing, not even for a moment: it sends no insert, and length, ranges and the output agree', async () => {
      const { adapter, commands } = await kit.monitoredAdapter();
      await adapter.saveExecution(makeExecution({ pc: 0 }));
      const first = await revisionOf(adapter);
      await adapter.appendOutput('exec-1', ['a', 'b', 'c', 'd'], { expectedRevision: first });
      await adapter.saveExecution(makeExecution({ pc: 1 }), { expectedRevision: first });
      commands.length = 0;
      await expect(adapter.appendOutput('exec-1', ['lost'], { expectedRevision: first })).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(commandNames(commands)).not.toContain('insert');
      expect(commandNames(commands)).not.toContain('delete');
      await adapter.appendOutput('exec-1', ['won'], { expectedRevision: first + 1 });
      await expectConsistentOutput(adapter, ['a', 'b', 'c', 'd', 'won']);
    });

    it('fenced appends raced by fenced saves from another adapter: every accepted append is stored once, no refused one, and length and ranges agree', async () => {
      const url = kit.databaseUrl();
      const [appender, saver] = [kit.adapter(url), kit.adapter(url)];
      await Promise.all([appender.connect(), saver.connect()]);
      await saver.saveExecution(makeExecution({ pc: 0 }));
      const accepted: string[] = [];
      for (let round = 0; round < 12; round++) {
        const revision = await revisionOf(saver);
        const [append] = await Promise.allSettled([
          appender.appendOutput('exec-1', [`line ${round}`], { expectedRevision: revision }),
          saver.saveExecution(makeExecution({ pc: round + 1 }), { expectedRevision: revision }),
        ]);
        if (append.status === 'fulfilled') accepted.push(`line ${round}`);
        else expect(append.reason).toMatchObject({ code: 'CONFLICT' });
        expect(await appender.getOutputLength('exec-1')).toBe(accepted.length);
        expect(await appender.getOutput('exec-1', { from: Math.max(0, accepted.length - 1) })).toStrictEqual(accepted.slice(-1));
      }
      await expectConsistentOutput(appender, accepted);
    });

    it('a writer that dies after committing its lines into the execution keeps them: they are not output yet, and the next fenced save moves them once, in order', async () => {
      const url = kit.databaseUrl();
      const adapter = kit.adapter(url);
      await adapter.connect();
      await adapter.saveExecution(makeExecution({ pc: 0 }));
      const first = await revisionOf(adapter);
      await adapter.appendOutput('exec-1', ['before']);
      const move = jest.spyOn(MongoOutputRepository.prototype as unknown as { insertPending: () => Promise<void> }, 'insertPending');
      move.mockRejectedValueOnce(new Error('the writer died here')).mockRejectedValueOnce(new Error('the writer died here'));
      await expect(adapter.appendOutput('exec-1', ['fenced'], { expectedRevision: first })).rejects.toMatchObject({ code: 'STORAGE_IO' });
      await expect(adapter.saveExecution(makeExecution({ pc: 1 }), { expectedRevision: first, output: ['step'] })).rejects.toMatchObject({ code: 'STORAGE_IO' });
      move.mockRestore();
      await expectConsistentOutput(adapter, ['before']);
      const stored = await kit.client.db(databaseNameOf(url)).collection('executions').findOne({ id: 'exec-1' });
      expect(stored?.pendingOutput).toHaveLength(2);

      const other = kit.adapter(url);
      await other.connect();
      await other.saveExecution(makeExecution({ pc: 2 }), { expectedRevision: first + 1, output: ['next step'] });
      await other.saveExecution(makeExecution({ pc: 3 }), { expectedRevision: first + 2 });
      await expectConsistentOutput(other, ['before', 'fenced', 'step', 'next step']);
      expect((await kit.client.db(databaseNameOf(url)).collection('executions').findOne({ id: 'exec-1' }))?.pendingOutput ?? []).toStrictEqual([]);
    });
  });
}
