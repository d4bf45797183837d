import { performance } from 'node:perf_hooks';

/** This process's start on the wall clock in µs, and on the monotonic clock in ns. */
const ORIGIN_US = Math.floor(performance.timeOrigin * 1000);
const ORIGIN_NS = process.hrtime.bigint();
let last = 0;

/**
 * The revision a record gets when it is created (or first saved): the clock in microseconds
 * since 1970 (about 1.8e15 in 2026, a safe integer until the year 2255), never the same twice in
 * one process. Every save adds one, and a save takes far more than a microsecond, so a revision
 * read from one incarnation of an id stays below the first revision of any later incarnation: an
 * expectedRevision from before a delete and create never matches (docs/reliability.md,
 * "Revisions across incarnations").
 */
export function firstRevision(): number {
  const now = ORIGIN_US + Number((process.hrtime.bigint() - ORIGIN_NS) / 1000n);
  last = Math.max(now, last + 1);
  return last;
}
