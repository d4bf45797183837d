import type { TestStorage } from '../../src/testing';

/** An app serving HTTP on a loopback port. */
export interface RunningHttpApp {
  /** The base URL, e.g. `http://127.0.0.1:51234`. */
  url: string;
  /** Stops listening and releases the app. */
  close(): Promise<void>;
}

/** The jest spy `silenceErrorLog()` returns: the suite asserts on what the app logged as errors. */
export interface ErrorLogSpy {
  readonly mock: { readonly calls: readonly (readonly unknown[])[] };
  mockRestore(): void;
}

/** How the suite runs one example app. */
export interface HttpApiHarness {
  /** Starts the app over `storage` (connected), listening on 127.0.0.1 at a free port. */
  start(storage: TestStorage): Promise<RunningHttpApp>;
  /**
   * Replaces the app's error logger with a silent jest spy and returns the spy; the suite restores
   * it. The first argument of each call must be the error the app is answering for.
   */
  silenceErrorLog(): ErrorLogSpy;
}
