import { promises as fs } from 'node:fs';
import path from 'node:path';
import { nullIfMissing } from '../../util/null-if-missing';
import type { Durability } from './file-options';
import { removeFileDurably } from './durable-fs';
import { HOST_IDENTITY, isLeftover } from './temp-files';

let counter = 0;

/**
 * `.<name>.<identity>.<pid>.<n>.aside` beside `target`: not a temp name (temp-files.ts), so
 * connect() never deletes it as a leftover; it puts it back instead (putBackLeftover).
 */
function asidePathFor(target: string): string {
  counter += 1;
  return path.join(path.dirname(target), `.${path.basename(target)}.${HOST_IDENTITY}.${process.pid}.${counter}.aside`);
}

const ASIDE_NAME = /^\.(.+)\.[0-9a-f]{12}\.\d+\.\d+\.aside$/;

/** The name of the file a set-aside file `name` was moved from; null when `name` is no set-aside name. */
export function setAsideFrom(name: string): string | null {
  return ASIDE_NAME.exec(name)?.[1] ?? null;
}

/**
 * Moves the file at `target` to a fresh set-aside name beside it, atomically (one rename), and
 * returns that name; null when there is no file. A save that renames its file in afterwards lands
 * beside it, untouched.
 */
export async function setAside(target: string): Promise<string | null> {
  const aside = asidePathFor(target);
  return (await fs.rename(target, aside).catch(nullIfMissing)) === null ? null : aside;
}

/**
 * Hard-links `moved` back to `target` unless a file landed there since (the link fails with
 * EEXIST then, and the newer file stays); true when it was linked. `moved` itself stays.
 */
export async function linkBack(moved: string, target: string): Promise<boolean> {
  try {
    await fs.link(moved, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  }
}

/** Puts a set-aside file back at `target` (see linkBack), then removes the set-aside name. */
export async function putBack(aside: string, target: string, durability: Durability): Promise<void> {
  await linkBack(aside, target);
  await removeFileDurably(aside, durability);
}

/**
 * On connect: puts back the set-aside file `name` in `folder` of a prune that died (or stopped for
 * longer than any prune takes) between moving the record aside and deciding; when a record file
 * is there again, that newer file stays and the set-aside one is removed. True when `name` was one.
 */
export async function putBackLeftover(folder: string, name: string, modifiedMs: number, durability: Durability): Promise<boolean> {
  const from = setAsideFrom(name);
  if (from === null) return false;
  // isLeftover reads the owner from a temp name; the set-aside name carries the same fields.
  if (isLeftover(`${name.slice(0, -'.aside'.length)}.tmp`, modifiedMs)) await putBack(path.join(folder, name), path.join(folder, from), durability);
  return true;
}
