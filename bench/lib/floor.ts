import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * The raw file-system cost of the bytes the library reads and writes, with the same async I/O
 * (fs.promises) a Node server uses, and nothing else: no validation, no codec, no queues, no
 * error mapping. Each function is the least work that gives the same durability guarantee.
 */

/**
 * The strict floor of issue 23, an atomic durable replace: write a temp file, fsync it, rename it
 * over `target`, fsync the folder. With `sync` false (the relaxed floor), the same without the
 * two fsyncs.
 */
export async function durableReplace(target: string, text: string, sync = true): Promise<void> {
  const temp = `${target}.floor-tmp`;
  const handle = await fs.open(temp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    if (sync) await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temp, target);
  if (sync) await fsyncDirectory(path.dirname(target));
}

export async function fsyncDirectory(directory: string): Promise<void> {
  const handle = await fs.open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Appends to one file opened once with O_APPEND: each append is one write() of the record,
 * followed by fsync in the strict floor. Keeping the descriptor open is the floor; opening per
 * call is a cost a library may choose to pay.
 */
export class DurableAppender {
  private constructor(private readonly handle: FileHandle) {}

  static async open(file: string): Promise<DurableAppender> {
    const appender = new DurableAppender(await fs.open(file, 'a'));
    await fsyncDirectory(path.dirname(file));
    return appender;
  }

  /** One write() of `text`, then fsync unless `sync` is false (the relaxed floor). */
  async append(text: string, sync = true): Promise<void> {
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, offset, bytes.length - offset);
      offset += bytesWritten;
    }
    if (sync) await this.handle.sync();
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** Read the whole file as UTF-8 and JSON.parse it. */
export async function readAndParse(file: string): Promise<unknown> {
  return JSON.parse(await fs.readFile(file, 'utf8'));
}

/** List a folder and read + parse every `.json` file in it with at most `limit` reads in flight. */
export async function readFolderParallel(directory: string, limit: number): Promise<unknown[]> {
  const names = (await fs.readdir(directory)).filter((name) => name.endsWith('.json'));
  return mapBounded(names, limit, (name) => readAndParse(path.join(directory, name)));
}

/** `fn` over `items` with at most `limit` calls in flight; results in input order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) results[index] = await fn(items[index]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
