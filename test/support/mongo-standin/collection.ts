import { Document, EJSON, UUID } from 'bson';
import { valueKey } from './bson-values';
import { CommandError } from './errors';
import { IndexKey, IndexSpec, IndexState } from './indexes';

export function idKeyOf(doc: Document): string {
  return valueKey(doc._id);
}

/**
 * Documents of one collection in natural (insertion) order, keyed by `_id`, plus its indexes.
 * Stored documents are never mutated: updates replace them, so snapshots can share them.
 * `frozen` marks a state shared with a snapshot; writers must clone it first (see Catalog).
 */
export class CollectionState {
  frozen = false;

  constructor(
    readonly ns: string,
    readonly uuid: UUID,
    readonly options: Document,
    private readonly docs: Map<string, Document> = new Map(),
    readonly indexes: IndexState[] = [],
  ) {}

  static create(ns: string, options: Document = {}): CollectionState {
    return new CollectionState(ns, new UUID(), options);
  }

  clone(ns: string = this.ns, uuid: UUID = this.uuid): CollectionState {
    return new CollectionState(
      ns,
      uuid,
      this.options,
      new Map(this.docs),
      this.indexes.map((index) => index.clone()),
    );
  }

  get size(): number {
    return this.docs.size;
  }

  get(id: string): Document | undefined {
    return this.docs.get(id);
  }

  documents(): Document[] {
    return [...this.docs.values()];
  }

  insert(doc: Document): void {
    assertStorableDepth(doc);
    const id = idKeyOf(doc);
    if (this.docs.has(id)) {
      throw duplicateKeyError(this.ns, '_id_', ['_id'], { id, values: [doc._id] });
    }
    this.assertUnique(doc, undefined);
    this.docs.set(id, doc);
    for (const index of this.indexes) index.add(doc, id);
  }

  replace(id: string, doc: Document): void {
    const previous = this.docs.get(id);
    if (!previous) throw new Error(`replace of missing document ${id}`);
    assertStorableDepth(doc);
    this.assertUnique(doc, id);
    for (const index of this.indexes) index.remove(previous, id);
    this.docs.set(id, doc);
    for (const index of this.indexes) index.add(doc, id);
  }

  remove(id: string): Document | undefined {
    const previous = this.docs.get(id);
    if (!previous) return undefined;
    this.docs.delete(id);
    for (const index of this.indexes) index.remove(previous, id);
    return previous;
  }

  /** Builds the index over existing documents; fails with a duplicate key error if it is unique and violated. */
  addIndex(spec: IndexSpec): void {
    const index = new IndexState(spec);
    for (const [id, doc] of this.docs) {
      const conflict = index.findConflict(doc, id);
      if (conflict) throw duplicateKeyError(this.ns, spec.name, index.fields, conflict);
      index.add(doc, id);
    }
    this.indexes.push(index);
  }

  dropIndex(name: string): void {
    const position = this.indexes.findIndex((index) => index.spec.name === name);
    if (position >= 0) this.indexes.splice(position, 1);
  }

  private assertUnique(doc: Document, ownId: string | undefined): void {
    for (const index of this.indexes) {
      const conflict = index.findConflict(doc, ownId);
      if (conflict) throw duplicateKeyError(this.ns, index.spec.name, index.fields, conflict, index.spec.key);
    }
  }
}

function duplicateKeyError(
  ns: string,
  indexName: string,
  fields: string[],
  key: IndexKey,
  keyPattern: Document = Object.fromEntries(fields.map((field) => [field, 1])),
): CommandError {
  const keyValue = Object.fromEntries(fields.map((field, i) => [field, key.values[i] ?? null]));
  const shown = fields.map((field, i) => `${field}: ${EJSON.stringify(key.values[i] ?? null, { relaxed: true })}`);
  return CommandError.of(
    'DuplicateKey',
    `E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: { ${shown.join(', ')} }`,
    { keyPattern, keyValue },
  );
}

/** A real server refuses to store a document nested more than 100 levels (each object or array is one). */
export const MAX_STORED_NESTING = 100;

function assertStorableDepth(doc: Document): void {
  if (nestedDeeperThan(doc, MAX_STORED_NESTING)) {
    throw new CommandError(15, `cannot insert document because it exceeds ${MAX_STORED_NESTING} levels of nesting`);
  }
}

/** Whether `value` nests more than `levels` objects or arrays; it stops looking at that depth. */
function nestedDeeperThan(value: unknown, levels: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    if (levels === 0) return true;
    for (const item of value) if (nestedDeeperThan(item, levels - 1)) return true;
    return false;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  if (levels === 0) return true;
  for (const key in value) if (nestedDeeperThan((value as Record<string, unknown>)[key], levels - 1)) return true;
  return false;
}
