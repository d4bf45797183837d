import type { FileHandle } from 'node:fs/promises';
import { currentIdentity, type FileIdentity } from './file-identity';
import { HELD_WRITTEN, onOutOfDescriptors } from './open-files';
import type { StoredHead } from './stored-revision';

/** A record file as this process wrote it, with the written file kept open. */
interface Written {
  readonly file: string;
  readonly identity: FileIdentity;
  readonly head: StoredHead | undefined;
  readonly handle: FileHandle;
  /** What was written: its text, or the value whose JSON text it is, until parsed. */
  content: { text: string } | { value: unknown };
  users: number;
  dropped: boolean;
}

/** Every held written file of the process, least recently used first: at most HELD_WRITTEN. */
const everyWritten = new Map<Written, WrittenFiles>();

onOutOfDescriptors(async () => {
  const held = [...everyWritten].filter(([entry]) => entry.users === 0);
  await Promise.all(held.map(([entry, owner]) => owner.drop(entry.file)));
  return held.length > 0;
});

function close(entry: Written): Promise<void> {
  return entry.handle.close().catch(() => undefined);
}

/**
 * The record files this process wrote last, each with what it wrote and the descriptor it wrote
 * it with, still open. While that descriptor is open the file's inode cannot be freed, so
 * no other file can get its number: a path whose identity (device, inode, size, modification
 * time) is the one written names that very file, with the text written, however recently it was
 * written (the library never changes a record file in place; a file another process saved has
 * another inode). So a read or an unfenced save of a file this process wrote costs one lstat
 * instead of reading it. At most HELD_WRITTEN are held in the process, across stores.
 */
export class WrittenFiles {
  readonly #entries = new Map<string, Written>();

  /**
   * Keeps `file` as written with `handle` (which it owns from now on). `content` is the text
   * written, or the value it is the JSON text of, when reading that value back as JSON.parse
   * would is left to the caller's decoder (a record document: its dates are Date objects).
   */
  remember(file: string, handle: FileHandle, identity: FileIdentity, head: StoredHead | undefined, content: { text: string } | { value: unknown }): void {
    void this.drop(file);
    for (const [oldest, owner] of everyWritten) {
      if (everyWritten.size < HELD_WRITTEN) break;
      void owner.drop(oldest.file);
    }
    const entry: Written = { file, identity, head, handle, content, users: 0, dropped: false };
    this.#entries.set(file, entry);
    everyWritten.set(entry, this);
  }

  /**
   * The head of the file as this process wrote it, if the path still names the file written;
   * undefined otherwise (the caller reads the file).
   */
  async head(file: string): Promise<StoredHead | undefined> {
    return (await this.#current(file))?.head;
  }

  /** The parsed content of the file as written (see head); never mutate it. */
  async content(file: string, parse: (text: string) => unknown): Promise<{ value: unknown } | undefined> {
    const entry = await this.#current(file);
    if (entry === undefined) return undefined;
    if ('text' in entry.content) entry.content = { value: parse(entry.content.text) };
    return entry.content;
  }

  async #current(file: string): Promise<Written | undefined> {
    const entry = this.#entries.get(file);
    if (entry === undefined) return undefined;
    everyWritten.delete(entry);
    everyWritten.set(entry, this);
    // Kept open until the lstat answered, so that the inode is not reused meanwhile.
    entry.users += 1;
    try {
      if ((await currentIdentity(file).catch(() => null)) === entry.identity) return entry;
    } finally {
      entry.users -= 1;
      if (entry.dropped && entry.users === 0) void close(entry);
    }
    if (this.#entries.get(file) === entry) void this.drop(file);
    return undefined;
  }

  drop(file: string): Promise<void> {
    const entry = this.#entries.get(file);
    if (entry === undefined) return Promise.resolve();
    this.#entries.delete(file);
    everyWritten.delete(entry);
    entry.dropped = true;
    return entry.users === 0 ? close(entry) : Promise.resolve();
  }

  async dropAll(): Promise<void> {
    await Promise.all([...this.#entries.keys()].map((file) => this.drop(file)));
  }

  /** How many files this store holds, for tests. */
  get size(): number {
    return this.#entries.size;
  }
}
