import type { CvmStorage } from '../../adapters/storage-adapter';
import type { HistoryOptions } from '../../types';
import type { ValidationMode } from '../../validation/validation-mode';
import { afterEach, beforeEach } from './runner';

/** Options every backend's adapter takes. */
export interface AdapterOptions {
  validation?: ValidationMode;
  /** Passed on to the adapter's own `history` option. */
  history?: HistoryOptions;
}

export interface ContractHarness {
  /** A NEW, not yet connected adapter with `options` on a fresh, empty store (a fresh data dir / database). */
  create(options?: AdapterOptions): Promise<CvmStorage>;
  /**
   * A second, not yet connected adapter on the SAME store as the most recent create(), to prove
   * data is persisted, not cached; with `options` when given, else the backend's defaults.
   */
  reopen(options?: AdapterOptions): Promise<CvmStorage>;
  /** Called after each test: remove what create() made. */
  cleanup(): Promise<void>;
}

/** What one test of the contract works with; every adapter it opens is disconnected after the test. */
export interface ContractSession {
  /** The connected adapter on this test's fresh store (only with `connect: true`). */
  readonly adapter: CvmStorage;
  /** harness.create(), not connected; the store it opens becomes this test's store. */
  create(): Promise<CvmStorage>;
  /** harness.reopen(), not connected; with `options` instead of the session's when given. */
  openSameStore(options?: AdapterOptions): Promise<CvmStorage>;
  /** Disconnects `adapter`, opens and connects a second adapter on the same store, and makes it `adapter`. */
  reopen(): Promise<CvmStorage>;
}

/**
 * Registers beforeEach/afterEach hooks in the calling describe. With `connect: true` each test
 * starts with a connected adapter on a fresh store; afterwards every adapter the test opened and
 * left connected is disconnected and harness.cleanup() runs. Every adapter the session opens
 * (reopened ones too) validates in `options.validation`, else the default mode, and keeps history
 * as `options.history` says.
 */
export function useSession(harness: ContractHarness, options: { connect: boolean; validation?: ValidationMode; history?: HistoryOptions }): ContractSession {
  const adapterOptions: AdapterOptions = {
    ...(options.validation === undefined ? {} : { validation: options.validation }),
    ...(options.history === undefined ? {} : { history: options.history }),
  };
  let current: CvmStorage | undefined;
  let opened: CvmStorage[] = [];

  const track = (adapter: CvmStorage): CvmStorage => {
    opened.push(adapter);
    return adapter;
  };

  beforeEach(async () => {
    current = undefined;
    opened = [];
    if (options.connect) {
      current = track(await harness.create(adapterOptions));
      await current.connect();
    }
  });

  afterEach(async () => {
    const toClose = opened;
    opened = [];
    current = undefined;
    try {
      for (const adapter of toClose) {
        if (adapter.isConnected()) await adapter.disconnect();
      }
    } finally {
      await harness.cleanup();
    }
  });

  return {
    get adapter(): CvmStorage {
      if (current === undefined) throw new Error('no connected adapter: use create() in this describe');
      return current;
    },
    async create() {
      return track(await harness.create(adapterOptions));
    },
    async openSameStore(override?: AdapterOptions) {
      return track(await harness.reopen(override ?? adapterOptions));
    },
    async reopen() {
      if (current?.isConnected()) await current.disconnect();
      current = track(await harness.reopen(adapterOptions));
      await current.connect();
      return current;
    },
  };
}
