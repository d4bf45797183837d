import { Document } from 'bson';
import { Query } from 'mingo';

/** mingo options shared by queries, projections, updates and pipelines: no server-side JavaScript. */
type MingoOptions = NonNullable<ConstructorParameters<typeof Query>[1]>;

export const MINGO_OPTIONS: MingoOptions = { scriptEnabled: false, idKey: '_id' };

export type Matcher = (doc: Document) => boolean;

export function isEmptyFilter(filter: Document | undefined | null): boolean {
  return filter == null || Object.keys(filter).length === 0;
}

export function compileFilter(filter: Document | undefined | null): Matcher {
  if (isEmptyFilter(filter)) return () => true;
  const equalities = plainEqualities(filter as Document);
  let query: Query | undefined;
  const mingoTest = (doc: Document): boolean => (query ??= new Query(filter as Document, MINGO_OPTIONS)).test(doc);
  if (equalities === undefined) {
    query = new Query(filter as Document, MINGO_OPTIONS);
    return mingoTest;
  }
  return (doc) => {
    for (const [field, wanted] of equalities) {
      const value: unknown = doc[field];
      if (value === wanted) continue;
      // An array, an int64 or another BSON value may still equal it: mingo decides.
      if (typeof value === 'object' && value !== null) return mingoTest(doc);
      return false;
    }
    return true;
  };
}

/**
 * `{ field: value, ... }` with top-level fields and string, boolean or non-NaN number values, the
 * filters the backend sends by the thousand, as pairs; else undefined. Such a filter matches a
 * document whose fields hold these same primitives without mingo (building a mingo Query copies
 * its operator tables, a tenth of a contract test's stand-in time).
 */
function plainEqualities(filter: Document): Array<[string, string | number | boolean]> | undefined {
  const pairs: Array<[string, string | number | boolean]> = [];
  for (const [field, value] of Object.entries(filter)) {
    if (field.startsWith('$') || field.includes('.')) return undefined;
    if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && !Number.isNaN(value))) pairs.push([field, value]);
    else return undefined;
  }
  return pairs;
}
