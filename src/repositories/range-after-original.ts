import type { CheckedOutputRange } from '../validation/output-range';

/**
 * The range of an output that is the original package's lines followed by this package's log:
 * the part of `range` within `original`, then the rest read from the log by `readLog`, which is
 * not called when the original lines fill the range.
 */
export async function rangeAfterOriginal(
  original: readonly string[],
  { from, limit }: CheckedOutputRange,
  readLog: (range: CheckedOutputRange) => Promise<string[]>,
): Promise<string[]> {
  const head = original.slice(from, limit === undefined ? undefined : from + limit);
  const logLimit = limit === undefined ? undefined : limit - head.length;
  if (logLimit === 0) return head;
  const tail = await readLog({ from: Math.max(0, from - original.length), limit: logLimit });
  return head.length === 0 ? tail : [...head, ...tail];
}
