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
  const query = new Query(filter as Document, MINGO_OPTIONS);
  return (doc) => query.test(doc);
}
