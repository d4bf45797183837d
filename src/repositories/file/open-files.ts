import { Semaphore } from './semaphore';

/**
 * The most file descriptors the file backend holds open at once in one process, across every
 * FileStore. The default soft limit is 1,024 on most Linux systems; 128 leaves the rest to the
 * application (sockets, logs, MongoDB) and still keeps two cores' worth of fsyncs busy.
 */
export const MAX_OPEN_FILES = 128;

/** Every file operation holds at most this many descriptors at a time (a file and its folder). */
export const DESCRIPTORS_PER_OPERATION = 2;

/** Output files kept open between appends (held-appenders.ts). */
export const HELD_APPENDERS = 16;

/** Record files kept open after this process wrote them (written-files.ts). */
export const HELD_WRITTEN = 16;

/** The descriptors held between operations, out of MAX_OPEN_FILES. */
export const HELD_DESCRIPTORS = HELD_APPENDERS + HELD_WRITTEN;

/** File operations that may run at once: the descriptors the held ones leave, two each. */
export const MAX_FILE_OPERATIONS = (MAX_OPEN_FILES - HELD_DESCRIPTORS) / DESCRIPTORS_PER_OPERATION;

const operations = new Semaphore(MAX_FILE_OPERATIONS);

/**
 * Runs one file operation (opening at most DESCRIPTORS_PER_OPERATION descriptors and closing them
 * before it settles, except one it hands to the held appenders or written files) once fewer than
 * MAX_FILE_OPERATIONS others run. Never
 * nest calls: a task that waits for a second slot while holding one can deadlock.
 */
export function withOpenFiles<T>(operation: () => Promise<T>): Promise<T> {
  return operations.use(async () => {
    try {
      return await operation();
    } catch (error) {
      // Out of descriptors (the process's limit is lower than ours, or others use them): the held
      // ones go first. The operation failed opening, before it wrote a byte, so it may run again.
      if (!isOutOfDescriptors(error) || !(await releaseHeld())) throw error;
      return operation();
    }
  });
}

const releasers: (() => Promise<boolean>)[] = [];

/** Registers a closer of held descriptors (the held appenders, the written files); it resolves whether it closed any. */
export function onOutOfDescriptors(release: () => Promise<boolean>): void {
  releasers.push(release);
}

async function releaseHeld(): Promise<boolean> {
  const released = await Promise.all(releasers.map((release) => release()));
  return released.includes(true);
}

function isOutOfDescriptors(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EMFILE' || code === 'ENFILE';
}

/** File operations running now, for tests. */
export function openFileOperations(): number {
  return operations.active;
}
