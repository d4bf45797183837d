import { Document } from 'bson';
import { Query } from 'mingo';
import { isPlainObject } from './bson-values';
import { CommandError } from './errors';
import { MINGO_OPTIONS } from './matcher';

type PathTree = Map<string, PathTree | true>;

/**
 * Applies a find projection. Plain 0/1 projections are done here so field order follows the
 * stored document (as on a real server); operator projections ($slice, $elemMatch, positional $,
 * expressions) go through mingo with `_id` moved back to the front.
 */
export function projectDocuments(docs: Document[], projection: Document | undefined | null, filter: Document): Document[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  if (isSimpleProjection(projection)) return docs.map((doc) => projectSimple(doc, projection));
  const projected = new Query(filter, MINGO_OPTIONS).find<Document>(docs, projection).all();
  return projected.map(idFirst);
}

function isSimpleProjection(projection: Document): boolean {
  return Object.entries(projection).every(
    ([path, value]) => !path.includes('$') && (typeof value === 'boolean' || typeof value === 'number'),
  );
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
