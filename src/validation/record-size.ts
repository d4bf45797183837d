/** UTF-16 code units of every string and key in an acyclic, depth-bounded tree. */
export function countChars(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (typeof value !== 'object' || value === null) return 0;
  let total = 0;
  if (Array.isArray(value)) {
    for (const item of value) total += countChars(item);
    return total;
  }
  for (const key of Object.keys(value)) total += key.length + countChars((value as Record<string, unknown>)[key]);
  return total;
}
