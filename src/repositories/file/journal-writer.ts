import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { encodeJournal, type JournalLine } from './index-journal';
import { withOpenFiles } from './open-files';

/**
 * One record folder's journal, opened once for the changes going on together in this process: a
 * change's `b` line, its `a` line and those of the changes beside it go through one O_APPEND
 * descriptor, closed when the last of them is over. A save opens the journal once instead of
 * once per line; the path is opened again at the next change, as appendJournal opens it per call.
 */
export class JournalWriter {
  #handle: Promise<FileHandle> | null = null;
  #users = 0;

  constructor(private readonly journal: string) {}

  /** Runs `work`, holding the journal open for the `append` calls made inside it. */
  async holding<T>(work: () => Promise<T>): Promise<T> {
    this.#users += 1;
    try {
      return await work();
    } finally {
      this.#users -= 1;
      if (this.#users === 0) await this.#close();
    }
  }

  /** Appends lines in one write (several writes only if the system wrote part of them), as appendJournal does. */
  async append(lines: JournalLine[]): Promise<void> {
    const handle = await this.#open();
    const bytes = Buffer.from(encodeJournal(lines), 'utf8');
    for (let written = 0; written < bytes.length; ) written += (await handle.write(bytes, written, bytes.length - written)).bytesWritten;
  }

  #open(): Promise<FileHandle> {
    this.#handle ??= withOpenFiles(() => fs.open(this.journal, 'a', 0o666)).catch((error: unknown) => {
      this.#handle = null;
      throw error;
    });
    return this.#handle;
  }

  async #close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = null;
    if (handle !== null) await handle.then((opened) => opened.close()).catch(() => undefined);
  }
}
