import { Semaphore } from './semaphore';

/**
 * The most file descriptors the file backend holds open at once in one process, across every
 * FileStore. The default soft limit is 1,024 on most Linux systems; 128 leaves the rest to the
 * application (sockets, logs, MongoDB) and still keeps two cores' worth of fsyncs busy.
 */
export const MAX_OPEN_FILES = 128;

/** Every file operation holds at most this many descriptors at a time (a file and its folder). */
export const DESCRIPTORS_PER_OPERATION = 2;

const operations = new Semaphore(MAX_OPEN_FILES / DESCRIPTORS_PER_OPERATION);

/**
 * Runs one file operation (opening at most DESCRIPTORS_PER_OPERATION descriptors and closing them
 * before it settles) once fewer than MAX_OPEN_FILES / DESCRIPTORS_PER_OPERATION others run. Never
 * nest calls: a task that waits for a second slot while holding one can deadlock.
 */
export function withOpenFiles<T>(operation: () => Promise<T>): Promise<T> {
  return operations.use(operation);
}

/** File operations running now, for tests. */
export function openFileOperations(): number {
  return operations.active;
}
