import type { Execution } from '../../src/types';
import { allBackends, type Store } from './support/backends';
import { recordFigures } from './support/figures';
import { Rng } from './support/rng';
import { firstDifference } from '../support/same-value';
import { RUN_SEED, bySize, printSeed } from './support/size';

printSeed();

/**
 * Concurrency inside one process: many calls in flight at once on one adapter, none awaited
 * before the next is made. Saves of one id never mix, reads see whole records no older than the
 * last acknowledged save, and appends to one execution keep the order of the calls.
 */
const SAME_ID_SAVES = 100;
const ROUNDS = bySize(3, 30);
const INTERLEAVED_SAVES = bySize(60, 500);
const READERS = 4;
const APPENDS = bySize(200, 2_000);
/** A bound on each reader's loop; the readers stop when the writers are done. */
const MAX_READS = 1_000_000;

function versioned(id: string, version: number): Execution {
  return {
    id,
    programId: 'prog',
    state: 'RUNNING',
    pc: version,
    stack: [version, -0, NaN],
    variables: { version, pad: 'v'.repeat((version * 7_919) % 20_000), nested: { type: 'object', properties: { '': Infinity } } },
    created: new Date(Date.UTC(2024, 0, 1)),
    updated: new Date(Date.UTC(2024, 0, 1) + version),
  };
}

/** The problem with `read` as a version of `id`, or null when it is one whole version. */
function wholeVersion(id: string, read: Execution | null): string | null {
  if (read === null) return 'missing';
  const difference = firstDifference(versioned(id, read.pc), read);
  return difference === null ? null : `not a whole saved version: ${difference}`;
}

describe.each(allBackends())('concurrency in one process: $name', (backend) => {
  const figures = { sameIdSaves: 0, interleavedSaves: 0, readsDuringSaves: 0, concurrentAppends: 0, problems: 0 };
  let store: Store;

  beforeAll(async () => {
    await backend.start();
    store = await backend.open();
  });

  afterAll(async () => {
    await backend.stop();
    await recordFigures(`concurrencyInProcess.${backend.name}`, { seed: RUN_SEED, ...figures });
  });

  it(`${SAME_ID_SAVES} concurrent saves of one id leave one whole record (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = `same-${round}`;
      const saves = Array.from({ length: SAME_ID_SAVES }, (_, version) => store.adapter.saveExecution(versioned(id, version)));
      await Promise.all(saves);
      figures.sameIdSaves += SAME_ID_SAVES;
      const stored = await store.adapter.getExecution(id);
      expect(wholeVersion(id, stored)).toBeNull();
      // Every backend applies one process's saves of an id in call order (docs/file.md): the last call wins.
      expect(stored?.pc).toBe(SAME_ID_SAVES - 1);
    }
    const listed = await store.adapter.listExecutions();
    expect(listed.map((e) => e.id).sort()).toEqual(Array.from({ length: ROUNDS }, (_, round) => `same-${round}`).sort());
  });

  it(`reads interleaved with ${INTERLEAVED_SAVES} saves see whole records, never older than the last acknowledged (seed ${RUN_SEED})`, async () => {
    const rng = new Rng(RUN_SEED);
    const ids = ['mix-a', 'mix-b', 'mix-c'];
    const acknowledged = new Map<string, number>();
    const problems: string[] = [];
    let writesDone = false;

    // One writer per id, saving versions in order; each save starts without waiting for reads.
    const writers = ids.map(async (id) => {
      for (let version = 0; version < INTERLEAVED_SAVES; version++) {
        await store.adapter.saveExecution(versioned(id, version));
        acknowledged.set(id, version);
        figures.interleavedSaves += 1;
      }
    });
    const readers = Array.from({ length: READERS }, async () => {
      for (let reads = 0; !writesDone && reads < MAX_READS; reads++) {
        const id = ids[rng.int(0, ids.length - 1)];
        const floor = acknowledged.get(id) ?? -1;
        if (rng.chance(0.2)) {
          const all = await store.adapter.listExecutions();
          for (const read of all.filter((e) => ids.includes(e.id))) {
            const problem = wholeVersion(read.id, read);
            if (problem !== null) problems.push(`list ${read.id}: ${problem}`);
          }
        } else {
          const read = await store.adapter.getExecution(id);
          if (read !== null || floor >= 0) {
            const problem = wholeVersion(id, read);
            if (problem !== null) problems.push(`get ${id}: ${problem}`);
            else if (read!.pc < floor) problems.push(`get ${id}: version ${read!.pc} after ${floor} was acknowledged`);
          }
        }
        figures.readsDuringSaves += 1;
      }
    });
    await Promise.all(writers);
    writesDone = true;
    await Promise.all(readers);
    figures.problems += problems.length;
    expect(problems).toEqual([]);
    for (const id of ids) expect((await store.adapter.getExecution(id))?.pc).toBe(INTERLEAVED_SAVES - 1);
  });

  it(`${APPENDS} concurrent appendOutput calls on one execution keep the order of the calls`, async () => {
    const expected: string[] = [];
    const reads: Promise<string[]>[] = [];
    const appends: Promise<void>[] = [];
    for (let call = 0; call < APPENDS; call++) {
      const lines = Array.from({ length: (call % 3) + 1 }, (_, line) => `call ${call} line ${line}${line === 0 && call % 50 === 0 ? 'x'.repeat(100_000) : ''}`);
      expected.push(...lines);
      appends.push(store.adapter.appendOutput('ordered', lines));
      if (call % 20 === 0) reads.push(store.adapter.getOutput('ordered'));
    }
    await Promise.all(appends);
    figures.concurrentAppends += APPENDS;
    const output = await store.adapter.getOutput('ordered');
    expect(output.length).toBe(expected.length);
    expect(firstDifference(expected, output)).toBeNull();
    // A read made while appends are in flight sees a prefix of the final output: whole calls only.
    for (const read of await Promise.all(reads)) expect(firstDifference(expected.slice(0, read.length), read)).toBeNull();
  });
});
