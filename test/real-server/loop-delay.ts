import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * `work`'s result and the event loop's worst delay while it ran, in ms: on a loaded machine every
 * timer (operationTimeoutMS's included) fires that late, so a time bound allows for it.
 */
export async function withLoopDelay<T>(work: () => Promise<T>): Promise<{ result: T; lagMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  try {
    const result = await work();
    return { result, lagMs: histogram.max / 1e6 };
  } finally {
    histogram.disable();
  }
}
