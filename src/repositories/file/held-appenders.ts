import { promises as fs, type BigIntStats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { nullIfMissing } from '../../util/null-if-missing';
import type { Durability } from './file-options';
import { HELD_APPENDERS, onOutOfDescriptors, withOpenFiles } from './open-files';
import { APPEND_EXISTING, APPEND_OR_CREATE, openRegularFile } from './regular-files';

/** Called with the file's size and the bytes to append, before writing; throw to refuse. */
export type AppendCheck = (currentSize: number, appendedBytes: number) => void;

/** The file an append wrote (its identity) and its size before and after; only when nothing else was written to it meanwhile. */
export interface AppendedSpan {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly birthtimeNs: bigint;
  readonly before: bigint;
  readonly after: bigint;
}

/** The span of the append just made on `handle` from `before`: an fstat after it shows whether another write came between. */
async function spanOf(handle: FileHandle, before: BigIntStats, appended: number): Promise<AppendedSpan | undefined> {
  const after = await handle.stat({ bigint: true });
  if (after.ino !== before.ino || after.size !== before.size + BigInt(appended)) return undefined;
  return { dev: after.dev, ino: after.ino, birthtimeNs: after.birthtimeNs, before: before.size, after: after.size };
}

interface Held {
  readonly owner: HeldAppenders;
  readonly file: string;
  readonly handle: FileHandle;
  inUse: boolean;
  dropped: boolean;
}

/** Every held descriptor of the process, least recently used first: at most HELD_APPENDERS. */
const everyHeld = new Set<Held>();

onOutOfDescriptors(async () => {
  const held = [...everyHeld].filter((entry) => !entry.inUse);
  await Promise.all(held.map((entry) => entry.owner.drop(entry.file)));
  return held.length > 0;
});

function close(held: Held): Promise<void> {
  return held.handle.close().catch(() => undefined);
}

/**
 * Appends to output files: `content` with one write() to a regular file opened O_APPEND without
 * following a link (see regular-files.ts; a file with other hard links is refused). With `strict`
 * durability the file is fsynced after the write, and a new file's folder is opened before the
 * file is created and fsynced after the write; `relaxed` skips both syncs.
 *
 * The files stay open between appends, so that an append to a file appended to before is an fstat and one write(), without an open and a
 * close. The fstat on the descriptor shows whether the path still names the file: once it was
 * removed or replaced (its link count is 0), or linked elsewhere, the descriptor is dropped and
 * the path opened again, exactly as an append that opens it each time would, and with the same
 * window (a removal between the check and the write loses the append in both). At most
 * HELD_APPENDERS are held in the process, across stores; the least recently used one is closed
 * first. The appends to one file run one at a time (the store's write queue), so a held
 * descriptor is used by one append at a time.
 */
export class HeldAppenders {
  readonly #held = new Map<string, Held>();

  /** Appends `content` to `target` (see the class); `check` may refuse before anything is written. */
  /** With `measure`, resolves the append's span (AppendedSpan), or undefined when another write may have come between. */
  async append(target: string, content: string, check: AppendCheck | undefined, durability: Durability, measure = false): Promise<AppendedSpan | undefined> {
    const bytes = Buffer.from(content, 'utf8');
    const strict = durability === 'strict';
    const held = this.#held.get(target);
    if (held !== undefined) {
      everyHeld.delete(held);
      everyHeld.add(held);
      held.inUse = true;
      let written = false;
      try {
        const stats = await held.handle.stat({ bigint: true });
        if (stats.nlink === 1n) {
          check?.(Number(stats.size), bytes.length);
          written = true;
          await writeAll(held.handle, bytes, strict);
          return measure ? await spanOf(held.handle, stats, bytes.length).catch(() => undefined) : undefined;
        }
      } catch (error) {
        // A failed write or sync leaves the descriptor in doubt: the next append opens the file again.
        if (written) void this.drop(target);
        throw error;
      } finally {
        held.inUse = false;
        if (held.dropped) void close(held);
      }
      void this.drop(target);
    }
    const { handle, before } = await withOpenFiles(() => openAndAppend(target, bytes, check, strict));
    this.#hold(target, handle);
    return measure ? spanOf(handle, before, bytes.length).catch(() => undefined) : undefined;
  }

  /** Closes the descriptor of `target`, if held (before this process removes the file). */
  drop(target: string): Promise<void> {
    const held = this.#held.get(target);
    if (held === undefined) return Promise.resolve();
    this.#held.delete(target);
    everyHeld.delete(held);
    held.dropped = true;
    return held.inUse ? Promise.resolve() : close(held);
  }

  /** Closes every descriptor this store holds (on disconnect). */
  async dropAll(): Promise<void> {
    await Promise.all([...this.#held.keys()].map((file) => this.drop(file)));
  }

  /** How many descriptors this store holds, for tests. */
  get size(): number {
    return this.#held.size;
  }

  #hold(file: string, handle: FileHandle): void {
    for (const oldest of everyHeld) {
      if (everyHeld.size < HELD_APPENDERS) break;
      void oldest.owner.drop(oldest.file);
    }
    const held: Held = { owner: this, file, handle, inUse: false, dropped: false };
    this.#held.set(file, held);
    everyHeld.add(held);
  }
}

/**
 * Opens `target` for appending (opening every descriptor before writing a byte) and appends
 * `bytes`; resolves the open descriptor (closed when the append fails).
 */
async function openAndAppend(target: string, bytes: Buffer, check: AppendCheck | undefined, strict: boolean): Promise<{ handle: FileHandle; before: BigIntStats }> {
  const existing = await openRegularFile(target, APPEND_EXISTING, { singleLink: true }).catch(nullIfMissing);
  const folder = existing === null && strict ? await fs.open(path.dirname(target), 'r') : null;
  try {
    const { handle, stats } = existing ?? (await openRegularFile(target, APPEND_OR_CREATE, { singleLink: true }));
    try {
      check?.(Number(stats.size), bytes.length);
      await writeAll(handle, bytes, strict);
      // A new file's folder entry must be made durable too.
      await folder?.sync();
    } catch (error) {
      await handle.close();
      throw error;
    }
    return { handle, before: stats };
  } finally {
    await folder?.close();
  }
}

async function writeAll(handle: FileHandle, bytes: Buffer, sync: boolean): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
  if (sync) await handle.datasync();
}
