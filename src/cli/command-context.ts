import type { RepositoryStorageAdapter } from '../adapters/repository-storage-adapter';
import type { CliIO } from './cli-io';
import type { Reporter } from './reporter';
import { describeStore, openStore, type OpenOptions, type StoreTarget } from './store-target';

/** What every command gets: its streams, how to print, and the store it works on. */
export interface CommandContext {
  io: CliIO;
  reporter: Reporter;
  store: StoreTarget;
  serverSelectionTimeoutMS?: number;
  operationTimeoutMS?: number;
}

/** Opens a store, runs `work` on it, and always disconnects. */
export async function withStore<T>(
  ctx: CommandContext,
  target: StoreTarget,
  work: (adapter: RepositoryStorageAdapter) => Promise<T>,
  options: OpenOptions = {},
): Promise<T> {
  const adapter = await openStore(target, { serverSelectionTimeoutMS: ctx.serverSelectionTimeoutMS, operationTimeoutMS: ctx.operationTimeoutMS, ...options });
  if (target === ctx.store) await announceStore(ctx);
  try {
    return await work(adapter);
  } finally {
    await adapter.disconnect();
  }
}

const announced = new WeakSet<CommandContext>();

/** Prints, once per command, which store it works on and how it was chosen. */
export async function announceStore(ctx: CommandContext): Promise<void> {
  if (announced.has(ctx)) return;
  announced.add(ctx);
  await ctx.reporter.store(describeStore(ctx.store), ctx.store.source);
}
