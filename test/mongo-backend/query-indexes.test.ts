import type { CommandStartedEvent, Document } from 'mongodb';
import type { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import type { ExecutionQuery } from '../../src';
import { newExecution } from '../../src/testing';
import { mongoTargets } from '../support/fixtures/mongo-target';
import { useMongoKit } from '../support/fixtures/mongo';

/** Each query shape queryExecutions / queryPrograms / pruneExecutions sends, and the index that should serve it. */
const SHAPES: { name: string; kind: 'executions' | 'programs'; query: ExecutionQuery; index: string }[] = [
  { name: 'every execution', kind: 'executions', query: {}, index: 'executions_created_id' },
  { name: 'executions after a cursor', kind: 'executions', query: { limit: 1 }, index: 'executions_created_id' },
  { name: 'executions by updated (prune)', kind: 'executions', query: { updatedBefore: new Date(Date.UTC(2030, 0)) }, index: 'executions_created_id' },
  { name: 'executions in one state', kind: 'executions', query: { state: 'COMPLETED' }, index: 'executions_state_created_id' },
  { name: 'executions in two states, by updated (prune --state)', kind: 'executions', query: { state: ['COMPLETED', 'ERROR'], updatedBefore: new Date(Date.UTC(2030, 0)) }, index: 'executions_state_created_id' },
  { name: 'executions of one program', kind: 'executions', query: { programId: 'p1', updatedAfter: new Date(0) }, index: 'executions_program_created_id' },
  { name: 'programs by updated', kind: 'programs', query: { updatedAfter: new Date(0) }, index: 'programs_created_id' },
];

/** The real servers of `npm run test:servers` answer explain; the stand-in has no query planner and refuses it. */
const onRealServer = process.env.MONGODB_URL !== undefined;
const itOnRealServer = onRealServer ? it : it.skip;

for (const target of mongoTargets()) {
  describe(`query indexes on ${target.name}`, () => {
    const kit = useMongoKit(target);

    /** The `find` commands the adapter sends for each shape, on a store with a few records, a second page included. */
    async function findsOf(adapter: MongoDBStorageAdapter, commands: CommandStartedEvent[]): Promise<{ shape: (typeof SHAPES)[number]; find: Document }[]> {
      for (let i = 0; i < 3; i++) {
        const execution = newExecution(`e${i}`, 'p1', new Date(Date.UTC(2026, 0, 1, 0, 0, i)));
        await adapter.saveExecution({ ...execution, state: i === 1 ? 'ERROR' : 'COMPLETED' });
      }
      const found: { shape: (typeof SHAPES)[number]; find: Document }[] = [];
      for (const shape of SHAPES) {
        commands.length = 0;
        const page = shape.kind === 'executions' ? await adapter.queryExecutions(shape.query) : await adapter.queryPrograms(shape.query);
        if (page.next !== null && shape.kind === 'executions') await adapter.queryExecutions({ ...shape.query, after: page.next });
        const finds = commands.filter((c) => c.commandName === 'find' && c.command.find === shape.kind).map((c) => c.command);
        expect(finds.length).toBeGreaterThan(0);
        for (const find of finds) found.push({ shape, find });
      }
      return found;
    }

    it('every query sorts { created: 1, id: 1 } after equalities that, with the sort, are the prefix of an index connect() made', async () => {
      const { adapter, commands } = await kit.monitoredAdapter();
      const finds = await findsOf(adapter, commands);
      for (const { shape, find } of finds) {
        const indexes = await kit.client.db(find.$db as string).collection(shape.kind).listIndexes().toArray();
        const index = indexes.find((i) => i.name === shape.index);
        expect({ shape: shape.name, index: index?.name }).toStrictEqual({ shape: shape.name, index: shape.index });
        const filter = find.filter as Record<string, unknown>;
        // The driver sends the sort as a Map (to keep its key order).
        const sort = (find.sort instanceof Map ? Object.fromEntries(find.sort) : find.sort) as Record<string, unknown>;
        // Equality (or $in) fields at the top level, then the sort: exactly the index's key, in order.
        const equalities: string[] = Object.keys(filter).filter((key) => key === 'state' || key === 'programId');
        expect({ shape: shape.name, key: [...equalities, ...Object.keys(sort)] }).toStrictEqual({ shape: shape.name, key: Object.keys(index!.key as object) });
        expect({ shape: shape.name, sort }).toStrictEqual({ shape: shape.name, sort: { created: 1, id: 1 } });
        // The only other top-level field is the cursor's range on `created`; everything else is inside $and.
        expect(Object.keys(filter).filter((key) => !equalities.includes(key) && key !== '$and' && key !== 'created')).toStrictEqual([]);
        expect(typeof find.limit).toBe('number');
        // The hint names the index by its key, so the server walks that index in order (see query-filter.ts).
        const hint = (find.hint instanceof Map ? Object.fromEntries(find.hint) : find.hint) as unknown;
        expect({ shape: shape.name, hint }).toStrictEqual({ shape: shape.name, hint: { ...(index!.key as object) } });
      }
    });

    itOnRealServer('explain: every query is an index scan of its index, never a collection scan (real servers only)', async () => {
      const { adapter, commands } = await kit.monitoredAdapter();
      const finds = await findsOf(adapter, commands);
      for (const { shape, find } of finds) {
        const explained = await kit.client.db(find.$db as string).command({
          explain: { find: find.find, filter: find.filter, sort: find.sort, hint: find.hint, limit: find.limit, projection: find.projection },
          verbosity: 'queryPlanner',
        });
        const plan = (explained.queryPlanner as Document | undefined)?.winningPlan;
        const stages = stagesOf(plan, 'stage');
        // Not asserted: the absence of a SORT stage. SecantusDB 0.7 adds one over any hinted index scan.
        expect({ shape: shape.name, collectionScan: stages.includes('COLLSCAN'), indexScan: stages.includes('IXSCAN') }).toStrictEqual({
          shape: shape.name,
          collectionScan: false,
          indexScan: true,
        });
        expect({ shape: shape.name, indexes: [...new Set(stagesOf(plan, 'indexName'))] }).toStrictEqual({ shape: shape.name, indexes: [shape.index] });
      }
    });
  });
}

/** Every value of `field` (`stage`, `indexName`) in an explain plan, however deeply its stages nest (inputStage, inputStages, queryPlan). */
function stagesOf(plan: unknown, field: string): string[] {
  if (plan === null || typeof plan !== 'object') return [];
  if (Array.isArray(plan)) return plan.flatMap((stage) => stagesOf(stage, field));
  const found: string[] = [];
  for (const [key, value] of Object.entries(plan as Record<string, unknown>)) {
    if (key === field && typeof value === 'string') found.push(value);
    else found.push(...stagesOf(value, field));
  }
  return found;
}
