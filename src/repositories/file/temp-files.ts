import { createHash } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * How old a temp file of another host or PID namespace (or of an older version of this library,
 * whose names carry no identity) must be before connect() removes it: no save takes this long,
 * so nobody is still writing it.
 */
export const FOREIGN_TEMP_FILE_AGE_MS = 10 * 60 * 1000;

/**
 * Where a process's pid means something: this machine's boot, its hostname and its PID namespace.
 * Two containers sharing a volume differ in namespace (and usually hostname); two machines sharing
 * a network folder differ in boot id. A namespace's /proc inode stays taken while any process in
 * it lives, so the same identity with a dead pid means a dead writer. Where /proc cannot be read
 * (not Linux) the identity is the hostname alone.
 */
function readIdentity(): string {
  const parts = [os.hostname(), readOrEmpty(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()), readOrEmpty(() => readlinkSync('/proc/self/ns/pid'))];
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 12);
}

function readOrEmpty(read: () => string): string {
  try {
    return read();
  } catch {
    return '';
  }
}

/** This process's identity as it appears in its temp file names (12 hex digits). */
export const HOST_IDENTITY = readIdentity();

let counter = 0;

/** `.<name>.<identity>.<pid>.<n>.tmp` beside `target`. */
export function tempPathFor(target: string): string {
  counter += 1;
  return path.join(path.dirname(target), `.${path.basename(target)}.${HOST_IDENTITY}.${process.pid}.${counter}.tmp`);
}

const TEMP_NAME = /^\..+\.([0-9a-f]{12})\.(\d+)\.\d+\.tmp$/;
/** The names written before temp names carried an identity: `.<name>.<pid>.<n>.tmp`. */
const OLD_TEMP_NAME = /^\..+\.(\d+)\.\d+\.tmp$/;

/** Whose temp file a name is: identity null for an old-format name; null when not a temp name. */
export function tempFileOwner(name: string): { identity: string | null; pid: number } | null {
  const match = TEMP_NAME.exec(name);
  if (match) return { identity: match[1], pid: Number(match[2]) };
  const old = OLD_TEMP_NAME.exec(name);
  return old ? { identity: null, pid: Number(old[1]) } : null;
}

/**
 * Whether a temp file (a regular file named `name`, last modified at `modifiedMs`) is a dead
 * writer's leftover: a writer of this host and namespace whose process is gone, or, whoever wrote
 * it, one older than FOREIGN_TEMP_FILE_AGE_MS.
 */
export function isLeftover(name: string, modifiedMs: number, now = Date.now()): boolean {
  const owner = tempFileOwner(name);
  if (owner === null) return false;
  if (now - modifiedMs > FOREIGN_TEMP_FILE_AGE_MS) return true;
  return owner.identity === HOST_IDENTITY && !isProcessAlive(owner.pid);
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
