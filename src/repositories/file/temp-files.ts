import path from 'node:path';

let counter = 0;

/**
 * Temp files carry the writer's pid, so a connect() can tell a crash's leftovers (their process is
 * gone) from another live process's write in progress, which it must not delete.
 */
export function tempPathFor(target: string): string {
  counter += 1;
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${counter}.tmp`);
}

const TEMP_NAME = /^\..+\.(\d+)\.\d+\.tmp$/;

/** The pid in a temp file's name, or null when the name is not one of ours. */
export function tempFileOwner(name: string): number | null {
  const match = TEMP_NAME.exec(name);
  return match ? Number(match[1]) : null;
}

export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
