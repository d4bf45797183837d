import type { CvmStorage } from '../../src';
import { databaseNameOf, mongoTargets, useMongoKit } from '../support/fixtures';
import { describeOriginalStore } from '../support/original-store-suite';
import { loadOriginalMongoDump, originalReads } from '../support/original-stores';

for (const target of mongoTargets()) {
  describe(`MongoDB on ${target.name}`, () => {
    const kit = useMongoKit(target);
    let url = '';

    beforeEach(async () => {
      url = kit.databaseUrl('original');
      await loadOriginalMongoDump(kit.client.db(databaseNameOf(url)));
    });

    describeOriginalStore(
      `MongoDB on ${target.name}`,
      {
        async open(): Promise<CvmStorage> {
          const storage = kit.adapter(url);
          await storage.connect();
          return storage;
        },
      },
      () => originalReads('mongodb'),
    );

    describe("prune on the original's store, its current execution naming hand-completed", () => {
      const everything = { olderThan: new Date('2100-01-01T00:00:00.000Z') };
      let lines: string[] = [];

      beforeEach(async () => {
        const original = originalReads('mongodb').outputs['hand-completed'];
        if (original === undefined || original.length === 0) throw new Error('the fixture lacks the output of hand-completed');
        lines = original;
        // The original's own document, as it would have written it: the test store is not upgraded.
        const metadata = kit.client.db(databaseNameOf(url)).collection<{ _id: string; currentExecutionId: string }>('metadata');
        const updated = await metadata.updateOne({ _id: 'current' }, { $set: { currentExecutionId: 'hand-completed' } });
        expect(updated.matchedCount).toBe(1);
      });

      const open = async (): Promise<CvmStorage> => {
        const storage = kit.adapter(url);
        await storage.connect();
        return storage;
      };

      it('keeps the current execution and its output, and the pointer still names it, on a reopened store too', async () => {
        const storage = await open();
        const { ids } = await storage.pruneExecutions(everything);
        expect(ids).not.toContain('hand-completed');
        expect(ids).toContain('hand-error');
        for (const reader of [storage, await open()]) {
          expect(await reader.getCurrentExecutionId()).toBe('hand-completed');
          expect(await reader.getExecution('hand-completed')).not.toBeNull();
          expect(await reader.getOutput('hand-completed')).toStrictEqual(lines);
          expect((await reader.listExecutions()).map((execution) => execution.id)).toStrictEqual(['hand-completed']);
        }
      });

      it('reads the pointer after a prune that declined the current execution alone', async () => {
        const storage = await open();
        expect(await storage.pruneExecutions({ ...everything, states: ['COMPLETED'] })).toStrictEqual({ ids: expect.not.arrayContaining(['hand-completed']) });
        expect(await (await open()).getCurrentExecutionId()).toBe('hand-completed');
        expect(await storage.getCurrentExecutionId()).toBe('hand-completed');
      });

      it("with includeCurrent, deletes it with the original's output and clears the pointer: the same id again starts with no lines", async () => {
        const storage = await open();
        const before = await storage.getExecution('hand-completed');
        if (before === null) throw new Error('hand-completed is missing');
        expect((await storage.pruneExecutions({ ...everything, includeCurrent: true })).ids).toContain('hand-completed');
        expect(await storage.getCurrentExecutionId()).toBeNull();
        expect(await storage.getOutput('hand-completed')).toStrictEqual([]);
        await storage.saveExecution(before);
        await storage.appendOutput('hand-completed', ['new']);
        for (const reader of [storage, await open()]) {
          expect(await reader.getOutput('hand-completed')).toStrictEqual(['new']);
          expect(await reader.getOutputLength('hand-completed')).toBe(1);
          expect(await reader.getCurrentExecutionId()).toBeNull();
        }
      });
    });
  });
}
