import { Document } from 'bson';
import { compareValues, isPlainObject, valueKey } from './bson-values';
import { CollectionState } from './collection';
import { CommandError } from './errors';
import { compileFilter, isEmptyFilter } from './matcher';
import { pathValues } from './paths';

export interface SelectOptions {
  sort?: Document | null;
  skip?: number;
  /** 0 means no limit. */
  limit?: number;
}

/** Documents of `state` matching `filter`, sorted, skipped and limited. */
export function selectDocuments(
  state: CollectionState | undefined,
  filter: Document | undefined | null,
  options: SelectOptions = {},
): Document[] {
  if (!state) return [];
  const sort = isEmptyFilter(options.sort) ? undefined : (options.sort as Document);
  const skip = Math.max(0, options.skip ?? 0);
  const limit = Math.max(0, options.limit ?? 0);
  const direct = directIdLookup(state, filter);
  if (direct) return direct.slice(skip, limit > 0 ? skip + limit : undefined);

  const matches = compileFilter(filter);
  const candidates = state.documents();
  if (!sort) {
    const out: Document[] = [];
    let skipped = 0;
    for (const doc of candidates) {
      if (!matches(doc)) continue;
      if (skipped < skip) {
        skipped++;
        continue;
      }
      out.push(doc);
      if (limit > 0 && out.length >= limit) break;
    }
    return out;
  }
  const sorted = sortDocuments(candidates.filter(matches), sort);
  return sorted.slice(skip, limit > 0 ? skip + limit : undefined);
}

/** `{ _id: <plain value> }` is answered from the primary key map instead of a scan. */
function directIdLookup(state: CollectionState, filter: Document | undefined | null): Document[] | undefined {
  if (!filter) return undefined;
  const keys = Object.keys(filter);
  if (keys.length !== 1 || keys[0] !== '_id') return undefined;
  const value = filter._id;
  if (value instanceof RegExp || Array.isArray(value)) return undefined;
  if (isPlainObject(value) && Object.keys(value).some((key) => key.startsWith('$'))) return undefined;
  const doc = state.get(valueKey(value));
  return doc ? [doc] : [];
}

export function sortDocuments(docs: Document[], sort: Document): Document[] {
  const fields = Object.entries(sort).map(([path, direction]) => {
    if (path === '$natural') return { path, direction: Number(direction) < 0 ? -1 : 1, natural: true };
    if (direction !== 1 && direction !== -1) {
      throw CommandError.of('BadValue', `stand-in sort supports only 1/-1 directions (got ${JSON.stringify(direction)} for ${path})`);
    }
    return { path, direction, natural: false };
  });
  if (fields.length === 1 && fields[0].natural) return fields[0].direction < 0 ? [...docs].reverse() : [...docs];
  const keyed = docs.map((doc, position) => ({
    doc,
    position,
    keys: fields.map((field) => sortKey(doc, field.path, field.direction)),
  }));
  keyed.sort((a, b) => {
    for (let i = 0; i < fields.length; i++) {
      if (fields[i].natural) continue;
      const order = compareValues(a.keys[i], b.keys[i]) * fields[i].direction;
      if (order !== 0) return order;
    }
    return a.position - b.position;
  });
  return keyed.map((entry) => entry.doc);
}

/** Arrays sort by their smallest element ascending and their largest descending; missing sorts as null. */
function sortKey(doc: Document, path: string, direction: number): unknown {
  const values = pathValues(doc, path, true);
  if (values.length === 0) return null;
  return values.reduce((best, value) => (compareValues(value, best) * direction < 0 ? value : best));
}
