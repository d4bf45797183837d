import type { BigIntStats } from 'node:fs';
import type { AppendedSpan } from './held-appenders';

/** At most this many log files' lengths are remembered; the oldest is forgotten first. */
const REMEMBERED_FILES = 1_000;

interface Known {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly birthtimeNs: bigint;
  readonly size: bigint;
  readonly lines: number;
}

/*
 * The number of lines of output logs at a size this process saw, so that an append that starts
 * at that size (no write came between, AppendedSpan) knows the length it leaves without reading
 * the file: each pair is a length scanned at that size, or one such pair plus the lines of
 * appends that each started where the one before ended, in the same file.
 */
export class KnownLengths {
  readonly #known = new Map<string, Known>();

  /** Whether an append to `file` may learn its length (it is then worth measuring its span). */
  has(file: string): boolean {
    return this.#known.has(file);
  }

  /** `lines` lines were counted in `file` up to `stats.size`, its last record as this library writes it. */
  seen(file: string, stats: BigIntStats, lines: number): void {
    this.#known.delete(file);
    this.#known.set(file, { dev: stats.dev, ino: stats.ino, birthtimeNs: stats.birthtimeNs, size: stats.size, lines });
    if (this.#known.size > REMEMBERED_FILES) this.#known.delete(this.#known.keys().next().value as string);
  }

  /** The length an append of `count` lines over `span` left; undefined (and forgotten) when it did not start at a size known. */
  appended(file: string, span: AppendedSpan | undefined, count: number): number | undefined {
    const known = this.#known.get(file);
    this.#known.delete(file);
    if (known === undefined || span === undefined) return undefined;
    if (known.dev !== span.dev || known.ino !== span.ino || known.birthtimeNs !== span.birthtimeNs || known.size !== span.before) return undefined;
    const lines = known.lines + count;
    this.#known.set(file, { ...known, size: span.after, lines });
    return lines;
  }

  forget(file: string): void {
    this.#known.delete(file);
  }
}
