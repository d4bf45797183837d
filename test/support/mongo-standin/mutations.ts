import { Document, serialize } from 'bson';
import { Catalog } from './catalog';
import { idKeyOf } from './collection';
import { CommandError } from './errors';
import { selectDocuments } from './query';
import { applyUpdate, isReplacement, upsertDocument, UpdateSpec } from './update';

export interface UpdateStatement {
  filter: Document;
  update: UpdateSpec;
  multi: boolean;
  upsert: boolean;
  arrayFilters?: Document[];
  sort?: Document;
}

export interface UpdateOutcome {
  matched: number;
  modified: number;
  upsertedId?: unknown;
  /** First matched document before / after the update (or the upserted document). */
  before?: Document;
  after?: Document;
}

export function updateDocuments(view: Catalog, ns: string, statement: UpdateStatement): UpdateOutcome {
  const { filter, update, multi, upsert, arrayFilters, sort } = statement;
  if (multi && isReplacement(update)) {
    throw CommandError.of('FailedToParse', 'multi update is not supported for replacement-style update');
  }
  const matched = selectDocuments(view.read(ns), filter, { sort, limit: multi ? 0 : 1 });
  if (matched.length === 0) {
    if (!upsert) return { matched: 0, modified: 0 };
    const inserted = upsertDocument(filter, update, arrayFilters);
    view.insertDoc(ns, inserted);
    return { matched: 0, modified: 0, upsertedId: inserted._id, after: inserted };
  }
  let modified = 0;
  let after: Document | undefined;
  for (const doc of matched) {
    const next = applyUpdate(doc, update, { filter, arrayFilters, inserting: false });
    after ??= next;
    if (sameBytes(doc, next)) continue;
    view.replaceDoc(ns, idKeyOf(doc), next);
    modified++;
  }
  return { matched: matched.length, modified, before: matched[0], after };
}

/** Removes the matching documents (at most one when `justOne`) and returns them. */
export function deleteDocuments(view: Catalog, ns: string, filter: Document, justOne: boolean, sort?: Document): Document[] {
  const matched = selectDocuments(view.read(ns), filter, { sort, limit: justOne ? 1 : 0 });
  for (const doc of matched) view.removeDoc(ns, idKeyOf(doc));
  return matched;
}

/** A real server skips no-op updates (nModified 0); compare encoded bytes so type changes count. */
function sameBytes(a: Document, b: Document): boolean {
  return Buffer.from(serialize(a)).equals(Buffer.from(serialize(b)));
}
