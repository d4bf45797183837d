import { lock } from 'proper-lockfile';

/** A lock older than this (its holder stopped refreshing it: the process died) is taken over. */
const STALE_MS = 10_000;

/**
 * Runs `work` holding the cross-process lock of `file`: proper-lockfile's `<file>.lock` folder,
 * made with an atomic mkdir and refreshed while held, so a crashed holder's lock goes stale and is
 * taken over. Chosen over a hand-made O_EXCL lock file for its tested stale-lock handling. The
 * file itself need not exist.
 */
export async function withFileLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  const release = await lock(file, {
    realpath: false,
    stale: STALE_MS,
    retries: { retries: 200, factor: 1.3, minTimeout: 2, maxTimeout: 100 },
    // The default throws from a timer, which would crash the host process; a lock can only be
    // compromised here by an event loop stalled beyond STALE_MS, and then the work still finishes.
    onCompromised: () => undefined,
  });
  try {
    return await work();
  } finally {
    await release();
  }
}
