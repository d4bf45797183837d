/**
 * How big each reliability case runs. `npm test` runs the CI size; `npm run test:stress` sets
 * CVM_STRESS=1 and runs the full size. CVM_SEED pins the random choices of a run to replay it.
 */
export const STRESS = process.env.CVM_STRESS === '1';

export function bySize<T>(ci: T, stress: T): T {
  return STRESS ? stress : ci;
}

/** The seed of this run: CVM_SEED when set, else a fresh one (printed in every failure message). */
export const RUN_SEED: number = process.env.CVM_SEED ? Number(process.env.CVM_SEED) : (Date.now() ^ (process.pid << 8)) >>> 0;
