import type { ParsedQuery } from '../record-query';

/** The order of every list and query, which the `{ created: 1, id: 1 }` indexes (or their suffix) serve. */
export const QUERY_SORT = { created: 1, id: 1 } as const;

/**
 * The MongoDB filter of a parsed query. The cursor becomes `created >= c` (index bounds on the
 * `created` of `{ created, id }`, `{ state, created, id }` or `{ programId, created, id }`) with
 * `created > c or id > i` as a filter on the keys the index scan returns; `state` and
 * `programId` are equalities on an index prefix. The last change is `updated`, or `created` where
 * `updated` is missing or null, so those bounds are filters the server applies to each document
 * the index scan fetches, not index bounds.
 */
export function mongoQueryFilter(query: ParsedQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  const and: object[] = [];
  if (query.states !== null) filter.state = query.states.length === 1 ? query.states[0] : { $in: [...query.states] };
  if (query.programId !== null) filter.programId = query.programId;
  if (query.after !== null) {
    filter.created = { $gte: query.after.created };
    and.push({ $or: [{ created: { $gt: query.after.created } }, { id: { $gt: query.after.id } }] });
  }
  if (query.updatedBefore !== null) and.push(lastChanged('$lt', query.updatedBefore));
  if (query.updatedAfter !== null) and.push(lastChanged('$gt', query.updatedAfter));
  if (and.length > 0) filter.$and = and;
  return filter;
}

/**
 * The index a query names as its hint, by key: `{ state, created, id }` when it filters by
 * state, else `{ programId, created, id }` when by program, else `{ created, id }` (the same key
 * in `programs`). Without the hint a planner may prefer a collection scan once a filter holds an
 * `$or` (SecantusDB's does, with the cursor's or the last-change test); with it, the server walks
 * that index in order and applies the rest of the filter to what it fetches. connect() creates
 * every one of them (mongodb-schema.ts).
 */
export function mongoQueryHint(query: ParsedQuery): Record<string, 1> {
  if (query.states !== null) return { state: 1, created: 1, id: 1 };
  if (query.programId !== null) return { programId: 1, created: 1, id: 1 };
  return { created: 1, id: 1 };
}

function lastChanged(operator: '$lt' | '$gt', bound: Date): object {
  return { $or: [{ updated: { [operator]: bound } }, { updated: null, created: { [operator]: bound } }] };
}
