/** Sorts records by creation time, then id (by code unit), as every list() returns them. */
export function byCreatedThenId(a: { created: Date; id: string }, b: { created: Date; id: string }): number {
  const difference = a.created.getTime() - b.created.getTime();
  if (difference !== 0) return difference;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
