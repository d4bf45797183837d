import type { CvmStorage } from '../../adapters/storage-adapter';
import type { HistoryOptions } from '../../types';

/** What a test asks of the adapter beside the store: `history` for the history races (history-races.ts). */
export interface OpenOptions {
  history?: HistoryOptions;
}

type Open = (store: string, options?: OpenOptions) => CvmStorage;

/** The `open(store, options)` an adapter module exports (by name, or on its default export for an ES module). */
export async function loadOpen(adapterModule: string): Promise<Open> {
  const loaded = (await import(adapterModule)) as { open?: Open; default?: { open?: Open } };
  const open = loaded.open ?? loaded.default?.open;
  if (open === undefined) throw new Error(`${adapterModule} exports no open(store) function`);
  return open;
}

/** The environment variable the history races set in their writers: the `keep` they open the store with. */
export const HISTORY_KEEP_VARIABLE = 'CVM_MULTI_WRITER_HISTORY_KEEP';

/** The options a writer process opens the store with, from its environment. */
export function openOptionsOf(env: NodeJS.ProcessEnv): OpenOptions {
  const keep = env[HISTORY_KEEP_VARIABLE];
  if (keep === undefined || keep === '') return {};
  return { history: { keep: keep === 'all' ? 'all' : Number(keep) } };
}
