import assert from 'node:assert/strict';
import type { CvmStorage } from '../../../adapters/storage-adapter';
import { AlreadyExistsError } from '../../../errors';
import { RESUMED_EXECUTION_ID, resumedExecution, stepLine } from '../records';
import { backendUnder, heldTogether, lostWith, winners } from './held-calls';
import { withAdapters, type InProcessMultiWriterHarness } from './with-adapters';

const WRITERS = 4;
const STEPS = 3;
const FORK_ID = 'multi-writer-fork';
const HISTORY = { history: { keep: 10 } };

type It = (name: string, body: () => Promise<void>) => void;

/** The source execution, created and resumed STEPS times with one line a step; gives its created revision. */
async function seedSource(adapter: CvmStorage): Promise<number> {
  await adapter.createExecution(resumedExecution(0, -1));
  const first = (await adapter.readExecution(RESUMED_EXECUTION_ID))?.revision ?? -1;
  for (let step = 0; step < STEPS; step++) {
    const revision = first + step;
    await adapter.saveExecution(resumedExecution(revision, 0), { expectedRevision: revision, output: [stepLine(revision, 0)] });
  }
  return first;
}

/** The state and lines the source had at `first + steps`. */
function sourceAt(first: number, steps: number): { execution: ReturnType<typeof resumedExecution>; lines: string[] } {
  return {
    execution: steps === 0 ? resumedExecution(0, -1) : resumedExecution(first + steps - 1, 0),
    lines: Array.from({ length: steps }, (_, step) => stepLine(first + step, 0)),
  };
}

/** forkExecution raced by adapters of one process (history on). */
export function describeForkRaces<S>(harness: InProcessMultiWriterHarness<S>, it: It): void {
  it(`${WRITERS} adapters forking one revision onto the same new id, let go together: exactly one creates it, with the source's lines at that revision once; the others get AlreadyExistsError`, () =>
    withAdapters(
      harness,
      WRITERS,
      async ({ adapters, another }) => {
        const first = await seedSource(adapters[0]);
        const revision = first + 2;
        const forks = await heldTogether(
          adapters,
          (backend) => ({ target: backend.executions, methods: ['save'] }),
          (adapter) => adapter.forkExecution(RESUMED_EXECUTION_ID, { revision, newId: FORK_ID }),
        );
        const forking = winners(forks);
        assert.equal(forking.length, 1, `exactly one fork created ${FORK_ID}, not ${JSON.stringify(forking)}`);
        lostWith(forks, AlreadyExistsError, 'a fork onto an id another fork created');
        const expected = sourceAt(first, 2);
        const check = await another();
        assert.deepStrictEqual(await check.getExecution(FORK_ID), { ...expected.execution, id: FORK_ID });
        assert.deepStrictEqual(await check.getOutput(FORK_ID), expected.lines, 'the lines at that revision, once');
        assert.deepStrictEqual(await check.getOutput(RESUMED_EXECUTION_ID), sourceAt(first, STEPS).lines, 'the source untouched');
      },
      HISTORY,
    ));

  it('a fenced save of the source on another adapter that lands while a fork of its current revision reads the lines: the fork has the state and lines of that revision only', () =>
    withAdapters(
      harness,
      2,
      async ({ adapters: [forker, other] }) => {
        const first = await seedSource(forker);
        const revision = first + STEPS;
        const outputs = backendUnder(forker).outputs;
        const get = outputs.get.bind(outputs);
        let saved = false;
        outputs.get = async (executionId, range) => {
          if (executionId === RESUMED_EXECUTION_ID && !saved) {
            saved = true;
            await other.saveExecution(resumedExecution(revision, 1), { expectedRevision: revision, output: [stepLine(revision, 1)] });
          }
          return get(executionId, range);
        };
        const forked = await forker.forkExecution(RESUMED_EXECUTION_ID, { revision, newId: FORK_ID });
        assert.ok(saved, 'the source was saved while the fork read its lines');
        const expected = sourceAt(first, STEPS);
        assert.deepStrictEqual(forked?.execution, { ...expected.execution, id: FORK_ID });
        assert.deepStrictEqual(await other.getOutput(FORK_ID), expected.lines, 'the lines at the forked revision, not the later step\'s');
        assert.deepStrictEqual(await other.readExecution(RESUMED_EXECUTION_ID), { execution: resumedExecution(revision, 1), revision: revision + 1 });
      },
      HISTORY,
    ));
}
