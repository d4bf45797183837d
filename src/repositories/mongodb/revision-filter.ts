import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { MongoConnection } from './mongodb-connection';

/** The revision of a stored document: its `revision`, or 1 for a document written before revisions. */
export function revisionOf(document: object): number {
  const revision = (document as { revision?: unknown }).revision;
  return typeof revision === 'number' ? revision : 1;
}

/** The filter of the record `id` at `revision`; revision 1 also matches a document without the field. */
export function atExpectedRevision(id: string, revision: number): Record<string, unknown> {
  return revision === 1 ? { id, revision: { $in: [1, null] } } : { id, revision };
}

/**
 * The update pipeline that replaces a document with `document` at the stored revision plus one
 * (`first` when there is none, or a document written before revisions), keeping its `_id`.
 * `$literal` keeps every value as it is: a string such as "$where" is data.
 */
export function nextRevisionOf(document: object, first: number): object[] {
  const revision = { $cond: [{ $eq: [{ $ifNull: ['$revision', null] }, null] }, first, { $add: ['$revision', 1] }] };
  return [{ $replaceWith: { $mergeObjects: [{ _id: '$_id' }, { $literal: document }, { revision }] } }];
}

/** The revision of the stored document with this `id`, or null when there is none (one `find`). */
export async function storedRevisionOf(connection: MongoConnection, entity: EntityTarget<ObjectLiteral>, id: string): Promise<number | null> {
  const [document] = await connection.repository(entity).createCursor({ id }).project({ _id: 0, revision: 1 }).limit(1).toArray();
  return document === undefined ? null : revisionOf(document);
}
