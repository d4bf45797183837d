import type { CvmStorage } from '../../../adapters/storage-adapter';
import type { OpenOptions } from '../adapter-module';

export interface InProcessMultiWriterHarness<S = unknown> {
  /** A fresh, empty store (a MemoryStore, a data folder, a database URL); one per test. */
  freshStore(): Promise<S>;
  /** A new, unconnected adapter on `store`, with `options.history` as its `history` option when given. Called several times per store. */
  open(store: S, options?: OpenOptions): CvmStorage;
  /** Removes what freshStore() made; called after each test when given. */
  cleanup?(): Promise<void>;
}

/** What a test gets: `count` connected adapters on one fresh store, and a way to open one more on it. */
export interface SharedStore {
  adapters: CvmStorage[];
  /** Another connected adapter on the same store, e.g. to check what the others left. */
  another(): Promise<CvmStorage>;
}

/** Runs `test` with `count` adapters opened (with `options`) on one fresh store, then disconnects them all. */
export async function withAdapters<S>(harness: InProcessMultiWriterHarness<S>, count: number, test: (shared: SharedStore) => Promise<void>, options: OpenOptions = {}): Promise<void> {
  const store = await harness.freshStore();
  const opened: CvmStorage[] = [];
  const another = async (): Promise<CvmStorage> => {
    const adapter = harness.open(store, options);
    opened.push(adapter);
    await adapter.connect();
    return adapter;
  };
  try {
    const adapters: CvmStorage[] = [];
    for (let index = 0; index < count; index++) adapters.push(await another());
    await test({ adapters, another });
  } finally {
    await Promise.allSettled(opened.map((adapter) => adapter.disconnect()));
    await harness.cleanup?.();
  }
}
