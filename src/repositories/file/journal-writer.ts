import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { encodeJournal, type JournalLine } from './index-journal';
import { onOutOfDescriptors, withOpenFiles } from './open-files';

/** The writers holding a descriptor now, across stores. */
const holdingOpen = new Set<JournalWriter>();

// Out of descriptors, a journal open between a change's two lines is closed like the other held
// ones (its next line opens it again), so a change needs no more descriptors than before.
onOutOfDescriptors(async () => {
  const idle = [...holdingOpen].filter((writer) => writer.idle);
  await Promise.all(idle.map((writer) => writer.close()));
  return idle.length > 0;
});

/**
 * One record folder's journal, opened once for the changes going on together in this process: a
 * change's `b` line, its `a` line and those of the changes beside it go through one O_APPEND
 * descriptor, closed when the last of them is over. A save opens the journal once instead of
 * once per line; the path is opened again at the next change, as appendJournal opens it per call.
 * Out of descriptors, the journal is closed between the lines like any held descriptor.
 */
export class JournalWriter {
  #handle: Promise<FileHandle> | null = null;
  #users = 0;
  #writing = 0;

  constructor(private readonly journal: string) {}

  /** Runs `work`, holding the journal open for the `append` calls made inside it. */
  async holding<T>(work: () => Promise<T>): Promise<T> {
    this.#users += 1;
    try {
      return await work();
    } finally {
      this.#users -= 1;
      if (this.#users === 0) await this.close();
    }
  }

  /** Appends lines in one write (several writes only if the system wrote part of them), as appendJournal does. */
  async append(lines: JournalLine[]): Promise<void> {
    this.#writing += 1;
    try {
      const handle = await this.#open();
      const bytes = Buffer.from(encodeJournal(lines), 'utf8');
      for (let written = 0; written < bytes.length; ) written += (await handle.write(bytes, written, bytes.length - written)).bytesWritten;
    } finally {
      this.#writing -= 1;
    }
  }

  /** Open, and no line being written through it. */
  get idle(): boolean {
    return this.#handle !== null && this.#writing === 0;
  }

  /** Closes the descriptor, if open; a later append opens the path again. */
  async close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = null;
    holdingOpen.delete(this);
    if (handle !== null) await handle.then((opened) => opened.close()).catch(() => undefined);
  }

  #open(): Promise<FileHandle> {
    if (this.#handle === null) {
      const opening = withOpenFiles(() => fs.open(this.journal, 'a', 0o666)).catch((error: unknown) => {
        if (this.#handle === opening) this.close().catch(() => undefined);
        throw error;
      });
      this.#handle = opening;
      holdingOpen.add(this);
    }
    return this.#handle;
  }
}
