import path from 'node:path';

/**
 * How big each reliability case runs, and the seed of its random choices. `npm test` runs the CI
 * size; `npm run test:stress` sets CVM_STRESS=1 and runs the full size.
 */
export const STRESS = process.env.CVM_STRESS === '1';

export function bySize<T>(ci: T, stress: T): T {
  return STRESS ? stress : ci;
}

/**
 * The seed when CVM_SEED is not set, so `npm test` (and CI) generates the same data and choices
 * on every run: a failure there replays by running again. It is the seed of a passing CI-size run
 * recorded in docs/reliability.md.
 */
export const PINNED_SEED = 346853126;

/**
 * The seed of this run: CVM_SEED when set (an integer from 0 to 2^32 - 1, or `random` for a fresh
 * one), else PINNED_SEED. Every test that uses it names it in its title; printSeed() prints it.
 */
export const RUN_SEED: number = seedFrom(process.env.CVM_SEED);

function seedFrom(value: string | undefined): number {
  if (value === undefined || value === '') return PINNED_SEED;
  if (value === 'random') return (Date.now() ^ (process.pid << 8)) >>> 0;
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`CVM_SEED must be an integer from 0 to 4294967295 or "random", not ${JSON.stringify(value)}`);
  return seed;
}

/** Prints the run's seed and how to replay it, once before the calling file's tests. */
export function printSeed(): void {
  beforeAll(() => {
    const source = process.env.CVM_SEED ? `CVM_SEED=${process.env.CVM_SEED}` : 'pinned; CVM_SEED=<n> or CVM_SEED=random for another';
    console.log(`seed ${RUN_SEED} (${source}); replay: CVM_SEED=${RUN_SEED} npx jest ${path.relative(process.cwd(), expect.getState().testPath ?? '')}`);
  });
}
