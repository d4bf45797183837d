import { setTimeout as sleep } from 'node:timers/promises';
import { lock } from 'proper-lockfile';

/** A lock older than this (its holder stopped refreshing it: the process died) is taken over. */
const STALE_MS = 10_000;
/** How long to wait for a held lock before failing: long enough for a dead holder's lock to go stale. */
const WAIT_MS = STALE_MS + 5_000;

/**
 * Runs `work` holding the cross-process lock of `file`: proper-lockfile's `<file>.lock` folder,
 * made with an atomic mkdir and refreshed while held, so a crashed holder's lock goes stale and is
 * taken over. Chosen over a hand-made O_EXCL lock file for its tested stale-lock handling. The
 * file itself need not exist. Only a held lock is waited for; any other failure (a missing or
 * read-only folder) rejects at once.
 */
export async function withFileLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  const release = await acquire(file);
  try {
    return await work();
  } finally {
    await release();
  }
}

async function acquire(file: string): Promise<() => Promise<void>> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await lock(file, {
        realpath: false,
        stale: STALE_MS,
        retries: 0,
        // The default throws from a timer, which would crash the host process; a lock can only be
        // compromised here by an event loop stalled beyond STALE_MS, and then the work still finishes.
        onCompromised: () => undefined,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() - started > WAIT_MS) throw error;
      await sleep(Math.min(2 * 1.5 ** attempt, 100));
    }
  }
}
