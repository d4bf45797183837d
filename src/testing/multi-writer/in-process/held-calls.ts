import assert from 'node:assert/strict';
import type { CvmStorage } from '../../../adapters/storage-adapter';
import { backendOf } from '../../../adapters/repository-storage-adapter';
import type { StorageBackend } from '../../../repositories/storage-connection';

/** One backend repository of an adapter and the methods of it to hold. */
export interface HeldMethods {
  target: object;
  methods: readonly string[];
}

/** The backend under `adapter`: these tests reach it to hold calls where they enter it. */
export function backendUnder(adapter: CvmStorage): StorageBackend {
  const backend = backendOf(adapter);
  assert.ok(backend !== undefined, 'the in-process multi-writer contract needs adapters built on RepositoryStorageAdapter');
  return backend;
}

/**
 * Runs `call` on every adapter at once, each holding its first call into the backend methods
 * `pick` names until every adapter's has arrived there, then letting them all go in one tick:
 * the calls reach the shared store side by side, each having done everything before it, so a
 * check and its write with a pause between would interleave for certain. Gives each call's
 * outcome, in adapter order. Fails if a call settled without reaching the backend.
 */
export async function heldTogether<T>(
  adapters: readonly CvmStorage[],
  pick: (backend: StorageBackend) => HeldMethods,
  call: (adapter: CvmStorage, index: number) => Promise<T>,
): Promise<PromiseSettledResult<T>[]> {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let arrived = 0;
  const restore: Array<() => void> = [];
  for (const adapter of adapters) {
    const { target, methods } = pick(backendUnder(adapter));
    const repository = target as Record<string, (...args: unknown[]) => Promise<unknown>>;
    let held = false;
    for (const method of methods) {
      const own = Object.prototype.hasOwnProperty.call(repository, method);
      const original = repository[method];
      assert.equal(typeof original, 'function', `the backend has no method ${method}`);
      repository[method] = async (...args: unknown[]) => {
        if (!held) {
          held = true;
          if (++arrived === adapters.length) open();
          await gate;
        }
        return original.apply(repository, args);
      };
      restore.push(() => {
        if (own) repository[method] = original;
        else delete repository[method];
      });
    }
  }
  try {
    // A call that settles before it reaches the backend must not leave the others waiting.
    const outcomes = await Promise.allSettled(adapters.map((adapter, index) => call(adapter, index).finally(open)));
    assert.equal(arrived, adapters.length, `every call reached the backend (${arrived} of ${adapters.length}): ${JSON.stringify(outcomes.map(describeOutcome))}`);
    return outcomes;
  } finally {
    for (const undo of restore) undo();
  }
}

function describeOutcome(outcome: PromiseSettledResult<unknown>): string {
  return outcome.status === 'fulfilled' ? 'fulfilled' : String((outcome.reason as Error)?.message ?? outcome.reason);
}

/** The indexes of the calls that succeeded. */
export function winners(outcomes: readonly PromiseSettledResult<unknown>[]): number[] {
  return outcomes.flatMap((outcome, index) => (outcome.status === 'fulfilled' ? [index] : []));
}

/** Asserts every failed call failed with an instance of `type`. */
export function lostWith(outcomes: readonly PromiseSettledResult<unknown>[], type: new (...args: never[]) => Error, what: string): void {
  for (const [index, outcome] of outcomes.entries()) {
    if (outcome.status === 'rejected') assert.ok(outcome.reason instanceof type, `${what}: call ${index} failed otherwise than by ${type.name}: ${String(outcome.reason)}`);
  }
}
