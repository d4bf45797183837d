/**
 * The write concern and read preference the backend asks for (docs/scaling.md says why):
 * `w: 'majority'`, so an acknowledged save is on a majority of the replica set and survives the
 * failover of its primary, and reads from the primary, so a read sees every acknowledged write.
 * A connection string that sets `w` or `readPreference` itself keeps its own.
 */
export const DEFAULT_WRITE_CONCERN = { w: 'majority' } as const;
export const DEFAULT_READ_PREFERENCE = 'primary';

export interface ConsistencyOptions {
  writeConcern?: typeof DEFAULT_WRITE_CONCERN;
  readPreference?: typeof DEFAULT_READ_PREFERENCE;
}

/** The client options to add to a connection to `url`: the defaults it does not override. */
export function consistencyOptionsFor(url: string): ConsistencyOptions {
  const given = queryKeys(url);
  return {
    ...(given.has('w') ? {} : { writeConcern: DEFAULT_WRITE_CONCERN }),
    ...(given.has('readpreference') ? {} : { readPreference: DEFAULT_READ_PREFERENCE }),
  };
}

/** The option names in the URL's query, lower-cased (the driver reads them case-insensitively). */
function queryKeys(url: string): Set<string> {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  return new Set(
    query
      .split(/[&;]/)
      .map((pair) => pair.split('=')[0].trim().toLowerCase())
      .filter(Boolean),
  );
}
