import { Document } from 'bson';
import { isPlainObject } from './bson-values';

const DIGITS = /^\d+$/;

/**
 * All values reached by a dotted path, descending into arrays like MongoDB does.
 * With `expandLeafArrays` an array found at the end of the path contributes its elements
 * (index keys, sort keys); otherwise the array itself is returned.
 */
export function pathValues(root: unknown, path: string, expandLeafArrays: boolean): unknown[] {
  const out: unknown[] = [];
  collect(root, path.split('.'), 0, expandLeafArrays, out);
  return out;
}

function collect(value: unknown, parts: string[], depth: number, expand: boolean, out: unknown[]): void {
  if (depth === parts.length) {
    if (value === undefined) return;
    if (expand && Array.isArray(value)) out.push(...value);
    else out.push(value);
    return;
  }
  const part = parts[depth];
  if (Array.isArray(value)) {
    if (DIGITS.test(part)) {
      collect(value[Number(part)], parts, depth + 1, expand, out);
      return;
    }
    for (const item of value) if (isPlainObject(item)) collect(item, parts, depth, expand, out);
    return;
  }
  if (isPlainObject(value) && Object.prototype.hasOwnProperty.call(value, part)) {
    collect(value[part], parts, depth + 1, expand, out);
  }
}

/** Sets a dotted path on a plain document, creating intermediate sub-documents. */
export function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let target: Document = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(target[part])) target[part] = {};
    target = target[part] as Document;
  }
  target[parts[parts.length - 1]] = value;
}

/** Reads a dotted path through sub-documents only (no array traversal). */
export function getPath(doc: Document, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (!isPlainObject(value)) return undefined;
    value = value[part];
  }
  return value;
}
