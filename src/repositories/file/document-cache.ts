import type { FileIdentity } from './file-identity';

/** A parsed JSON file as it was when its identity was taken. Callers must not mutate `document`. */
export interface CachedDocument {
  identity: FileIdentity;
  document: unknown;
  /** The file's size: what the entry counts against the bound. */
  bytes: number;
}

/**
 * The parsed documents of recently read files, by path, least recently used first out, holding
 * at most `maxBytes` of file bytes in all. `maxBytes` 0 turns it off: it then holds nothing.
 */
export class DocumentCache {
  private readonly entries = new Map<string, CachedDocument>();
  private held = 0;
  /** Reads answered from the cache since it was made (for tests and figures). */
  hits = 0;

  constructor(readonly maxBytes: number) {}

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  /** The entry for `file`, made the most recently used. */
  get(file: string): CachedDocument | undefined {
    const entry = this.entries.get(file);
    if (entry !== undefined) {
      this.entries.delete(file);
      this.entries.set(file, entry);
    }
    return entry;
  }

  set(file: string, entry: CachedDocument): void {
    this.delete(file);
    if (entry.bytes > this.maxBytes) return;
    this.entries.set(file, entry);
    this.held += entry.bytes;
    for (const [oldest, { bytes }] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.held -= bytes;
    }
  }

  delete(file: string): void {
    const entry = this.entries.get(file);
    if (entry === undefined) return;
    this.entries.delete(file);
    this.held -= entry.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.held = 0;
  }

  /** How many files and how many of their bytes it holds now. */
  get usage(): { files: number; bytes: number } {
    return { files: this.entries.size, bytes: this.held };
  }
}
