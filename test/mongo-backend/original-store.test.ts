import type { CvmStorage } from '../../src';
import { databaseNameOf, mongoTargets, uniqueDatabaseUrl, useMongoKit } from '../support/fixtures';
import { describeOriginalStore } from '../support/original-store-suite';
import { loadOriginalMongoDump, originalReads } from '../support/original-stores';

// What the original read of its store: parsed once (1.5 MB), each use gets a copy of its own.
const reads = originalReads('mongodb');

/** A deep copy of parsed EJSON, made in this realm (structuredClone's objects fail plain-object checks under jest). */
function copyOf<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(copyOf) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) throw new Error(`copyOf: unexpected ${Object.prototype.toString.call(value)}`);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(copy, key, { value: copyOf((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
  }
  return copy as T;
}

for (const target of mongoTargets()) {
  describe(`MongoDB on ${target.name}`, () => {
    const kit = useMongoKit(target);
    let url = '';
    // On a stand-in the dump is loaded once and each test gets an in-process copy of it.
    let template: string | undefined;

    beforeAll(async () => {
      if (kit.standIn === undefined) return;
      template = databaseNameOf(uniqueDatabaseUrl(kit.url, 'original_template'));
      await loadOriginalMongoDump(kit.client.db(template));
    });

    afterAll(() => {
      if (template !== undefined) kit.standIn?.dropDatabase(template);
    });

    beforeEach(async () => {
      url = kit.databaseUrl('original');
      if (template !== undefined && kit.standIn !== undefined) kit.standIn.copyDatabase(template, databaseNameOf(url));
      else await loadOriginalMongoDump(kit.client.db(databaseNameOf(url)));
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
      () => copyOf(reads),
    );

    describe("prune on the original's store, its current execution naming hand-completed", () => {
      const everything = { olderThan: new Date('2100-01-01T00:00:00.000Z') };
      let lines: string[] = [];

      beforeEach(async () => {
        const original = copyOf(reads).outputs['hand-completed'];
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
