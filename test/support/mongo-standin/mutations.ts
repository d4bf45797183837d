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
  const plain = samePlainValue(a, b);
  if (plain !== undefined) return plain;
  return Buffer.from(serialize(a)).equals(Buffer.from(serialize(b)));
}

/**
 * Whether two values encode to the same bytes, decided without encoding them when they are plain
 * objects, arrays, strings, booleans, null and numbers (an update that changes a document usually
 * differs in its first fields); undefined, leaving it to the bytes, wherever a value of another
 * kind (undefined, a BSON class, a Date, NaN) or a different set of keys is met.
 */
function samePlainValue(a: unknown, b: unknown): boolean | undefined {
  const kind = plainKind(a);
  if (kind === undefined || plainKind(b) === undefined) return undefined;
  if (kind !== plainKind(b)) return false;
  if (kind !== 'array' && kind !== 'object') return Object.is(a, b);
  const aKeys = Object.keys(a as object);
  const bKeys = Object.keys(b as object);
  if (aKeys.length !== bKeys.length) return undefined;
  for (let i = 0; i < aKeys.length; i++) {
    if (aKeys[i] !== bKeys[i]) return undefined;
    const same = samePlainValue((a as Record<string, unknown>)[aKeys[i]], (b as Record<string, unknown>)[bKeys[i]]);
    if (same !== true) return same;
  }
  return true;
}

/** The BSON type a plain value encodes as (an integer and a fraction differ); undefined for the others. */
function plainKind(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return typeof value;
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : Number.isInteger(value) && !Object.is(value, -0) ? 'integer' : 'fraction';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return 'object';
  return undefined;
}
