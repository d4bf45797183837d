import { Document } from 'bson';
import { Query } from 'mingo';
import { isPlainObject } from './bson-values';
import { CommandError } from './errors';
import { MINGO_OPTIONS } from './matcher';

type PathTree = Map<string, PathTree | true>;

/**
 * Applies a find projection. 0/1 fields and `$slice` are done here so field order follows the
 * stored document and `$slice` alone keeps the other fields (as on a real server); other
 * operators ($elemMatch, positional $, expressions) go through mingo with `_id` moved first.
 */
export function projectDocuments(docs: Document[], projection: Document | undefined | null, filter: Document): Document[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  const slices = Object.entries(projection).filter(([, value]) => isSliceSpec(value));
  const plain = Object.fromEntries(Object.entries(projection).filter(([, value]) => !isSliceSpec(value)));
  if (!isSimpleProjection(plain)) {
    return new Query(filter, MINGO_OPTIONS).find<Document>(docs, projection).all().map(idFirst);
  }
  const inclusion = Object.entries(plain).some(([path, value]) => path !== '_id' && Boolean(value));
  const fields = inclusion ? { ...plain, ...Object.fromEntries(slices.map(([path]) => [path, 1])) } : plain;
  return docs.map((doc) =>
    slices.reduce((out, [path, spec]) => sliceAt(out, path.split('.'), (spec as Document).$slice), projectSimple(doc, fields)),
  );
}

function isSimpleProjection(projection: Document): boolean {
  return Object.entries(projection).every(
    ([path, value]) => !path.includes('$') && (typeof value === 'boolean' || typeof value === 'number'),
  );
}

function isSliceSpec(value: unknown): boolean {
  return isPlainObject(value) && Object.keys(value).length === 1 && '$slice' in value;
}

/** Copies the path down to the array so the stored document is not modified. */
function sliceAt(doc: Document, parts: string[], spec: unknown): Document {
  const [head, ...rest] = parts;
  if (!(head in doc)) return doc;
  const value = doc[head];
  let sliced: unknown = value;
  if (rest.length === 0) sliced = Array.isArray(value) ? sliceArray(value, spec) : value;
  else if (isPlainObject(value)) sliced = sliceAt(value, rest, spec);
  else if (Array.isArray(value)) sliced = value.map((item) => (isPlainObject(item) ? sliceAt(item, rest, spec) : item));
  return { ...doc, [head]: sliced };
}

function sliceArray(items: unknown[], spec: unknown): unknown[] {
  const [skip, limit] = Array.isArray(spec) ? spec.map(Number) : [undefined, Number(spec)];
  if (skip === undefined) return limit >= 0 ? items.slice(0, limit) : items.slice(limit);
  const start = skip >= 0 ? skip : Math.max(items.length + skip, 0);
  return items.slice(start, start + limit);
}

function projectSimple(doc: Document, projection: Document): Document {
  const idSetting = projection._id;
  const others = Object.entries(projection).filter(([path]) => path !== '_id');
  const included = others.filter(([, value]) => Boolean(value)).map(([path]) => path);
  const excluded = others.filter(([, value]) => !value).map(([path]) => path);
  if (included.length > 0 && excluded.length > 0) {
    throw new CommandError(31254, `Cannot do exclusion on field ${excluded[0]} in inclusion projection`);
  }
  const includeMode = included.length > 0 || (others.length === 0 && Boolean(idSetting));
  if (includeMode) {
    if (idSetting === undefined || Boolean(idSetting)) included.unshift('_id');
    return include(doc, buildTree(included));
  }
  if (idSetting !== undefined && !idSetting) excluded.push('_id');
  return exclude(doc, buildTree(excluded));
}

function buildTree(paths: string[]): PathTree {
  const root: PathTree = new Map();
  for (const path of paths) {
    const parts = path.split('.');
    let node = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node.set(part, true);
        return;
      }
      const next = node.get(part);
      if (next === true) return;
      const child: PathTree = next ?? new Map();
      node.set(part, child);
      node = child;
    });
  }
  return root;
}

function include(doc: Document, tree: PathTree): Document {
  const out: Document = {};
  for (const key of Object.keys(doc)) {
    const node = tree.get(key);
    if (node === undefined) continue;
    const value = doc[key];
    if (node === true) out[key] = value;
    else if (isPlainObject(value)) out[key] = include(value, node);
    else if (Array.isArray(value)) out[key] = includeInArray(value, node);
  }
  return out;
}

function includeInArray(items: unknown[], tree: PathTree): unknown[] {
  return items
    .filter((item) => isPlainObject(item) || Array.isArray(item))
    .map((item) => (Array.isArray(item) ? includeInArray(item, tree) : include(item as Document, tree)));
}

function exclude(doc: Document, tree: PathTree): Document {
  const out: Document = {};
  for (const key of Object.keys(doc)) {
    const node = tree.get(key);
    const value = doc[key];
    if (node === true) continue;
    if (node === undefined) out[key] = value;
    else if (isPlainObject(value)) out[key] = exclude(value, node);
    else if (Array.isArray(value)) out[key] = excludeInArray(value, node);
    else out[key] = value;
  }
  return out;
}

function excludeInArray(items: unknown[], tree: PathTree): unknown[] {
  return items.map((item) => {
    if (Array.isArray(item)) return excludeInArray(item, tree);
    return isPlainObject(item) ? exclude(item, tree) : item;
  });
}

function idFirst(doc: Document): Document {
  if (!('_id' in doc)) return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}
