import type { RepositoryStorageAdapter } from '../adapters/repository-storage-adapter';
import type { CliIO } from './cli-io';
import type { Reporter } from './reporter';
import { openStore, type OpenOptions, type StoreTarget } from './store-target';

/** What every command gets: its streams, how to print, and the store it works on. */
export interface CommandContext {
  io: CliIO;
  reporter: Reporter;
  store: StoreTarget;
  serverSelectionTimeoutMS?: number;
}

/** Opens a store, runs `work` on it, and always disconnects. */
export async function withStore<T>(
  ctx: CommandContext,
  target: StoreTarget,
  work: (adapter: RepositoryStorageAdapter) => Promise<T>,
  options: OpenOptions = {},
): Promise<T> {
  const adapter = await openStore(target, { serverSelectionTimeoutMS: ctx.serverSelectionTimeoutMS, ...options });
  try {
    return await work(adapter);
  } finally {
    await adapter.disconnect();
  }
}
