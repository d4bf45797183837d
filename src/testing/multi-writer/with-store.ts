import type { CvmStorage } from '../../adapters/storage-adapter';
import { loadOpen, type OpenOptions } from './adapter-module';
import type { Writer } from './processes';

export interface MultiWriterHarness {
  /**
   * The absolute path of a module exporting `open(store: string, options?: OpenOptions): CvmStorage`
   * (a new, unconnected adapter on that store, with `options.history` as the adapter's `history`
   * option when given). Every writer process loads it to open the store; so does the suite, to
   * check what the writers left.
   */
  adapterModule: string;
  /** The name of a fresh, empty store for `open` (a data folder, a database URL); one per test. */
  freshStore(): Promise<string>;
  /** Removes what freshStore() made; called after each test when given. */
  cleanup?(): Promise<void>;
}

async function openAdapter(harness: MultiWriterHarness, store: string, options: OpenOptions): Promise<CvmStorage> {
  const adapter = (await loadOpen(harness.adapterModule))(store, options);
  await adapter.connect();
  return adapter;
}

/** Runs `test` on a fresh store with a connected adapter (opened with `options`), then stops every writer it started. */
export async function withStore(harness: MultiWriterHarness, test: (store: string, adapter: CvmStorage, writers: Writer[]) => Promise<void>, options: OpenOptions = {}): Promise<void> {
  const store = await harness.freshStore();
  const adapter = await openAdapter(harness, store, options);
  const writers: Writer[] = [];
  try {
    await test(store, adapter, writers);
  } finally {
    for (const writer of writers) writer.child.kill('SIGKILL');
    await Promise.all(writers.map((writer) => writer.exited));
    await adapter.disconnect();
    await harness.cleanup?.();
  }
}

