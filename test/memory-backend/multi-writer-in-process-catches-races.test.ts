import { MemoryStorageAdapter, type MemoryStore } from '../../src/adapters/memory-storage-adapter';
import { RepositoryStorageAdapter } from '../../src/adapters/repository-storage-adapter';
import { AlreadyExistsError, ConflictError } from '../../src/errors';
import { CURRENT_EXECUTION_KEY } from '../../src/repositories/current-execution-key';
import { createMemoryBackend } from '../../src/repositories/memory';
import type { StorageBackend } from '../../src/repositories/storage-connection';
import { describeInProcessMultiWriterContract } from '../../src/testing';
import type { OpenOptions } from '../../src/testing/multi-writer/adapter-module';

/*
 * The in-process multi-writer contract must fail on a backend whose conditional writes check,
 * pause, then write. Each flaw below turns one of the memory backend's one-step writes into such a
 * check-then-act (a pause of one event-loop turn between the check and the write); the contract,
 * run unchanged on it, must fail the races of that write, and the real memory backend passes them
 * all (multi-writer-in-process.test.ts).
 */

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

type Flaw = (backend: StorageBackend, store: MemoryStore) => void;

const FLAWS: Record<string, { flaw: Flaw; fails: RegExp[] }> = {
  'a fenced save that checks the revision, then writes': {
    flaw: (backend, store) => {
      const save = backend.executions.save.bind(backend.executions);
      backend.executions.save = async (record, options) => {
        const expected = options?.expectedRevision;
        const before = store.executions.get(record.id)?.revision ?? null;
        if (expected !== undefined && expected !== before) throw new ConflictError('execution id', record.id, expected, before);
        await pause();
        return save(record, expected === undefined ? options : { ...options, expectedRevision: store.executions.get(record.id)?.revision ?? null });
      };
    },
    fails: [/^4 adapters resuming one execution/, /^createExecution on one adapter and saveExecution with expectedRevision null/, /^4 adapters forking one revision onto the same new id/],
  },
  'a create that checks the id is free, then writes': {
    flaw: (backend, store) => {
      const save = backend.executions.save.bind(backend.executions);
      const saveFirst = async (record: Parameters<typeof save>[0], options?: Parameters<typeof save>[1]) => {
        if (store.executions.has(record.id)) throw (options === undefined ? new AlreadyExistsError('execution id', record.id) : new ConflictError('execution id', record.id, null, 0));
        await pause();
        return save(record, { ...options, expectedRevision: store.executions.get(record.id)?.revision ?? null });
      };
      backend.executions.create = (record) => saveFirst(record);
      const fenced = backend.executions.save;
      backend.executions.save = (record, options) => (options?.expectedRevision === null ? saveFirst(record, options) : fenced(record, options));
    },
    fails: [/^createExecution on one adapter and saveExecution with expectedRevision null/, /^4 adapters forking one revision onto the same new id/],
  },
  'a compareAndSet that compares, then sets': {
    flaw: (backend, store) => {
      backend.metadata.compareAndSet = async (key, expected, next) => {
        if ((store.metadata.get(key) ?? null) !== expected) return false;
        await pause();
        await backend.metadata.set(key, next);
        return true;
      };
    },
    fails: [/^4 adapters' compareAndSet of the current execution/],
  },
  'an append that reads the lines, then writes them back with its own': {
    flaw: (backend, store) => {
      backend.outputs.append = async (executionId, lines) => {
        const stored = store.outputs.get(executionId) ?? { lines: [], bytes: 0 };
        await pause();
        store.outputs.set(executionId, { lines: [...stored.lines, ...lines], bytes: stored.bytes });
      };
    },
    fails: [/^4 adapters appending to one execution/],
  },
  'a prune\'s delete that checks the revision and the pointer, then deletes': {
    flaw: (backend, store) => {
      backend.deleteExecutionIfUnchanged = async (executionId, { revision, keepIfCurrent }) => {
        if (keepIfCurrent && store.metadata.get(CURRENT_EXECUTION_KEY) === executionId) return false;
        if (store.executions.get(executionId)?.revision !== revision) return false;
        await pause();
        await backend.deleteExecution?.(executionId);
        return true;
      };
    },
    fails: [/^a save on another adapter started as the prune's conditional delete/],
  },
};

interface Collected {
  name: string;
  body: () => Promise<void>;
}

/** The contract's tests on the memory backend with `flaw`, collected rather than run. */
function contractWith(flaw: Flaw): Collected[] {
  const tests: Collected[] = [];
  describeInProcessMultiWriterContract(
    'memory with a flaw',
    {
      freshStore: async () => new MemoryStorageAdapter().store,
      open: (store, options: OpenOptions = {}) => {
        const backend = createMemoryBackend(store);
        flaw(backend, store);
        return new RepositoryStorageAdapter(backend, options);
      },
    },
    { describe: (_name, body) => body(), it: (name, body) => tests.push({ name, body }) },
  );
  return tests;
}

async function failing(tests: Collected[]): Promise<string[]> {
  const failed: string[] = [];
  for (const test of tests) await test.body().catch(() => failed.push(test.name));
  return failed;
}

describe('the in-process multi-writer contract catches a check-then-act write', () => {
  for (const [name, { flaw, fails }] of Object.entries(FLAWS)) {
    it(`fails the races of ${name}`, async () => {
      const tests = contractWith(flaw);
      const targeted = tests.filter((test) => fails.some((pattern) => pattern.test(test.name)));
      expect(targeted).toHaveLength(fails.length);
      expect(await failing(targeted)).toEqual(targeted.map((test) => test.name));
    });
  }

  it('passes every race on the memory backend without a flaw', async () => {
    expect(await failing(contractWith(() => undefined))).toEqual([]);
  });
});
