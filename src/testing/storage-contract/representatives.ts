/**
 * Picks the cases of a validation table that every backend runs. The whole tables run once
 * against the pure validators (the package's test/validation/); a backend only has to prove that
 * it calls them and stores nothing on a refusal, which a few cases per rule show.
 */

/** The first case for each distinct key (e.g. each path of the issue), in table order. */
export function firstPerKey<T>(cases: readonly T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return cases.filter((item) => {
    const key = keyOf(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The cross product of `values` and `places` as [value, place] pairs: all of them, or (with
 * `diagonal`) one per value, the i-th value in the (i mod places)-th place, so every value and,
 * when there are at least as many values as places, every place is used.
 */
export function crossCases<V, P>(values: readonly V[], places: readonly P[], diagonal: boolean): [V, P][] {
  if (diagonal) return values.map((value, i) => [value, places[i % places.length]]);
  return values.flatMap((value) => places.map((place): [V, P] => [value, place]));
}
