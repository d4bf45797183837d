import { StorageError } from '../../src/errors';
import type { Execution } from '../../src/types';
import type { ValidationMode } from '../../src/validation/validation-mode';
import { oneBackendPerEncoding, type Store } from './support/backends';

/**
 * A record whose getter gives a valid value when checked and something else when read again is
 * either stored as it was first read or refused with a StorageError, in both validation modes;
 * never an internal error from deeper down (such as the codec's).
 */
function recordWithChangingGetter(): Execution {
  let reads = 0;
  const variables = {};
  Object.defineProperty(variables, 'x', {
    enumerable: true,
    get: () => (++reads === 1 ? 1 : () => 'not storable'),
  });
  return { id: 'getter', programId: 'p', state: 'RUNNING', pc: 0, stack: [], variables, created: new Date(0) } as Execution;
}

const MODES: ValidationMode[] = ['compatible', 'strict'];

describe.each(oneBackendPerEncoding())('a changing getter never surfaces an internal error: $name', (backend) => {
  const stores = new Map<ValidationMode, Store>();

  beforeAll(async () => {
    await backend.start();
    for (const validation of MODES) stores.set(validation, await backend.open({ validation }));
  });

  afterAll(async () => {
    await backend.stop();
  });

  it.each(MODES)('validation: %s', async (validation) => {
    const { adapter } = stores.get(validation) as Store;
    const outcome = await adapter.saveExecution(recordWithChangingGetter()).then(
      () => null,
      (error: unknown) => error,
    );
    if (outcome === null) {
      expect((await adapter.getExecution('getter'))?.variables).toStrictEqual({ x: 1 });
    } else {
      expect(outcome).toBeInstanceOf(StorageError);
      expect(await adapter.getExecution('getter')).toBeNull();
    }
  });
});
