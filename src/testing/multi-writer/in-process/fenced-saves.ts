import assert from 'node:assert/strict';
import { AlreadyExistsError, ConflictError } from '../../../errors';
import { absentExecutionId, RESUMED_EXECUTION_ID, resumedExecution, stepLine } from '../records';
import { heldTogether, lostWith, winners } from './held-calls';
import { withAdapters, type InProcessMultiWriterHarness } from './with-adapters';

const WRITERS = 4;
const ROUNDS = 8;
const ABSENT_IDS = 8;

type It = (name: string, body: () => Promise<void>) => void;

/** Fenced resume and "only if absent", raced by adapters of one process. */
export function describeFencedSaveRaces<S>(harness: InProcessMultiWriterHarness<S>, it: It): void {
  it(`${WRITERS} adapters resuming one execution, their fenced saves from each revision let go together: exactly one wins each round, each loser's fenced append is refused, every winning step's line is stored once`, () =>
    withAdapters(harness, WRITERS, async ({ adapters, another }) => {
      await adapters[0].createExecution(resumedExecution(0, -1));
      const won: Array<{ revision: number; writer: number }> = [];
      for (let round = 0; round < ROUNDS; round++) {
        const reads = await Promise.all(adapters.map((adapter) => adapter.readExecution(RESUMED_EXECUTION_ID)));
        const revision = reads[0]?.revision ?? -1;
        assert.deepStrictEqual(reads.map((read) => read?.revision), adapters.map(() => revision), 'every adapter read the same revision');
        const saves = await heldTogether(
          adapters,
          (backend) => ({ target: backend.executions, methods: ['save'] }),
          (adapter, writer) => adapter.saveExecution(resumedExecution(revision, writer), { expectedRevision: revision, output: [stepLine(revision, writer)] }),
        );
        const winning = winners(saves);
        assert.equal(winning.length, 1, `round ${round}: exactly one fenced save from revision ${revision} won, not ${JSON.stringify(winning)}`);
        lostWith(saves, ConflictError, `round ${round}`);
        won.push({ revision, writer: winning[0] });
        for (const [writer, adapter] of adapters.entries()) {
          if (writer === winning[0]) continue;
          await assert.rejects(adapter.appendOutput(RESUMED_EXECUTION_ID, [`stale append by ${writer} at ${revision}`], { expectedRevision: revision }), ConflictError, 'a loser\'s append fenced on the revision it lost from');
        }
      }

      const check = await another();
      const first = won[0].revision;
      assert.deepStrictEqual(won.map(({ revision }) => revision), Array.from({ length: ROUNDS }, (_, round) => first + round), 'one winner from each revision, no gap');
      const last = won[won.length - 1];
      assert.deepStrictEqual(await check.readExecution(RESUMED_EXECUTION_ID), { execution: resumedExecution(last.revision, last.writer), revision: last.revision + 1 });
      const lines = won.map(({ revision, writer }) => stepLine(revision, writer));
      assert.deepStrictEqual(await check.getOutput(RESUMED_EXECUTION_ID), lines, 'each winning step\'s line once, in revision order, and nothing else');
      assert.equal(await check.getOutputLength(RESUMED_EXECUTION_ID), ROUNDS);
    }));

  it(`createExecution on one adapter and saveExecution with expectedRevision null on ${WRITERS - 1} others, let go together: exactly one stores each id, whichever adapter creates`, () =>
    withAdapters(harness, WRITERS, async ({ adapters, another }) => {
      const check = await another();
      for (let n = 0; n < ABSENT_IDS; n++) {
        const id = absentExecutionId(n);
        // Each adapter creates in turn, so the create reaches the store before, between and after the saves.
        const creator = n % WRITERS;
        const stores = await heldTogether(
          adapters,
          (backend) => ({ target: backend.executions, methods: ['create', 'save'] }),
          (adapter, writer) => {
            const execution = { ...resumedExecution(0, writer), id };
            return writer === creator ? adapter.createExecution(execution) : adapter.saveExecution(execution, { expectedRevision: null });
          },
        );
        const storing = winners(stores);
        assert.equal(storing.length, 1, `${id} stored by exactly one adapter, not ${JSON.stringify(storing)}`);
        for (const [writer, outcome] of stores.entries()) {
          if (outcome.status === 'rejected') assert.ok(outcome.reason instanceof (writer === creator ? AlreadyExistsError : ConflictError), `adapter ${writer} refused otherwise: ${String(outcome.reason)}`);
        }
        assert.deepStrictEqual(await check.getExecution(id), { ...resumedExecution(0, storing[0]), id });
      }
    }));
}
