import type * as ProperLockfile from 'proper-lockfile';

/** proper-lockfile (with graceful-fs, retry and signal-exit) loads at the first lock, not at import. */
let lockfile: typeof ProperLockfile | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadLockfile = (): typeof ProperLockfile => (lockfile ??= require('proper-lockfile') as typeof ProperLockfile);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A lock older than this (its holder stopped refreshing it: the process died) is taken over. */
let staleMs = 10_000;
/** How long to wait for a held lock beyond staleMs before failing. */
const WAIT_BEYOND_STALE_MS = 5_000;

/**
 * For tests that stop a holder past its lease: the stale time of the locks this process takes
 * and judges (proper-lockfile's minimum is 2000 ms). Every process sharing the store must use
 * the same.
 */
export function setLockStaleMs(ms: number): void {
  staleMs = ms;
}

/** What release() rejects with when the lock was taken over while held (its holder was stopped past staleMs). */
const TAKEN_OVER = new Set(['ENOTACQUIRED', 'ERELEASED', 'ECOMPROMISED']);

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
    // A fenced save does not rely on the lock to be the only writer (revision-claims.ts): what
    // `work` did stands, and its outcome is the caller's answer.
    await release().catch((error: NodeJS.ErrnoException) => {
      if (!TAKEN_OVER.has(error.code ?? '')) throw error;
    });
  }
}

async function acquire(file: string): Promise<() => Promise<void>> {
  const started = Date.now();
  const { lock } = loadLockfile();
  for (let attempt = 0; ; attempt++) {
    try {
      return await lock(file, {
        realpath: false,
        stale: staleMs,
        retries: 0,
        // The default throws from a timer, which would crash the host process; a lock can only be
        // compromised here by an event loop stalled beyond staleMs, and then the work still finishes.
        onCompromised: () => undefined,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() - started > staleMs + WAIT_BEYOND_STALE_MS) throw error;
      await sleep(Math.min(2 * 1.5 ** attempt, 100));
    }
  }
}
