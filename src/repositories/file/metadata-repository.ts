import { MetadataRepository } from '../metadata-repository';
import { writeFileDurably, writeFileKeepingOpen } from './durable-fs';
import { withFileLock } from './file-lock';
import type { FileStore } from './file-store';
import { settingsFile, storedMetadataOf, type StoredMetadata } from './metadata-file';

const UNCHANGED = Symbol('unchanged');

/**
 * All settings in one `metadata.json` (`{ format, settings }`), replaced atomically. Each
 * read-modify-write holds the file's cross-process lock (file-lock.ts), so set and compareAndSet
 * are atomic across processes too.
 */
export class FileMetadataRepository extends MetadataRepository {
  constructor(private readonly store: FileStore) {
    super();
  }

  async get(key: string): Promise<string | null> {
    return valueOf(await this.read(), key);
  }

  /**
   * Setting the value already stored writes nothing and takes no lock: the read that finds it is
   * the point where the set takes effect, as a write of the same value would be.
   */
  set(key: string, value: string | null): Promise<void> {
    return this.update(key, () => value, value).then(() => undefined);
  }

  compareAndSet(key: string, expected: string | null, next: string | null): Promise<boolean> {
    return this.update(key, (current) => (current === expected ? next : UNCHANGED));
  }

  /**
   * Runs `work` with the current value of `key`, holding metadata.json's lock, so that no set or
   * compareAndSet of any process comes in between; stores the value it resolves to, unless
   * `undefined`.
   */
  async whileHolding(key: string, work: (current: string | null) => Promise<string | null | undefined>): Promise<void> {
    await this.update(key, async (current) => {
      const next = await work(current);
      return next === undefined ? UNCHANGED : next;
    });
  }

  /**
   * Applies `change` to the current value under the write queue and the file's lock; false when it
   * declined. With `unlessAlready`, a value read as equal to it before the lock is the answer.
   */
  private async update(
    key: string,
    change: (current: string | null) => string | null | typeof UNCHANGED | Promise<string | null | typeof UNCHANGED>,
    unlessAlready?: string | null,
  ): Promise<boolean> {
    const file = this.store.metadataPath;
    return this.store.writes.run(file, () =>
      this.store.io(file, 'update', async () => {
        if (unlessAlready !== undefined && valueOf(await this.read(), key) === unlessAlready) return true;
        return withFileLock(file, async () => {
          const settings = await this.read();
          const current = valueOf(settings, key);
          const next = await change(current);
          if (next === UNCHANGED) return false;
          if (next === current) return true;
          const updated = settingsFile({ ...settings, [key]: next });
          this.store.forget(file);
          await this.store.io(file, 'write', () => this.write(file, JSON.stringify(updated)));
          return true;
        });
      }),
    );
  }

  /** Replaces the file; with the cache on, keeps it as written (written-files.ts), so that reads of it cost one lstat. */
  private async write(file: string, text: string): Promise<void> {
    if (!this.store.cache.enabled) return writeFileDurably(file, text, this.store.durability);
    const { handle, identity } = await writeFileKeepingOpen(file, text, this.store.durability);
    this.store.written.remember(file, handle, identity, undefined, { text });
  }

  private async read(): Promise<StoredMetadata> {
    const file = this.store.metadataPath;
    const content = await this.store.readJson(file);
    if (content === null) return {};
    return storedMetadataOf(content.value, file);
  }
}

function valueOf(settings: StoredMetadata, key: string): string | null {
  return Object.hasOwn(settings, key) ? settings[key] : null;
}
