import { Document } from 'bson';
import { isPlainObject, valueKey } from './bson-values';
import { compileFilter, Matcher } from './matcher';
import { pathValues } from './paths';

export interface IndexSpec extends Document {
  v: number;
  key: Document;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
}

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

export function defaultIndexName(key: Document): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}_${String(direction)}`)
    .join('_');
}

export interface IndexKey {
  /** Canonical string of the key tuple. */
  id: string;
  values: unknown[];
}

const MAX_KEYS_PER_DOCUMENT = 10_000;

/** A secondary index. Only unique indexes keep entries; the others are metadata for listIndexes. */
export class IndexState {
  readonly fields: string[];
  private readonly partial?: Matcher;

  constructor(
    readonly spec: IndexSpec,
    private readonly entries: Map<string, string> = new Map(),
  ) {
    this.fields = Object.keys(spec.key);
    if (isPlainObject(spec.partialFilterExpression)) this.partial = compileFilter(spec.partialFilterExpression);
  }

  get unique(): boolean {
    return this.spec.unique === true;
  }

  clone(): IndexState {
    return new IndexState(this.spec, new Map(this.entries));
  }

  /** The keys a document contributes; none when sparse/partial options exclude it. */
  keysOf(doc: Document): IndexKey[] {
    if (this.partial && !this.partial(doc)) return [];
    const perField = this.fields.map((field) => distinct(pathValues(doc, field, true)));
    if (this.spec.sparse === true && perField.every((values) => values.length === 0)) return [];
    let tuples: unknown[][] = [[]];
    for (const values of perField) {
      const options = values.length === 0 ? [null] : values;
      tuples = tuples.flatMap((tuple) => options.map((value) => [...tuple, value]));
      if (tuples.length > MAX_KEYS_PER_DOCUMENT) throw new Error(`too many index keys for index ${this.spec.name}`);
    }
    return tuples.map((values) => ({ id: JSON.stringify(values.map(valueKey)), values }));
  }

  /** The first key of `doc` already owned by another document, if this index is unique. */
  findConflict(doc: Document, ownId: string | undefined): IndexKey | undefined {
    if (!this.unique) return undefined;
    return this.keysOf(doc).find((key) => {
      const owner = this.entries.get(key.id);
      return owner !== undefined && owner !== ownId;
    });
  }

  add(doc: Document, id: string): void {
    if (!this.unique) return;
    for (const key of this.keysOf(doc)) this.entries.set(key.id, id);
  }

  remove(doc: Document, id: string): void {
    if (!this.unique) return;
    for (const key of this.keysOf(doc)) if (this.entries.get(key.id) === id) this.entries.delete(key.id);
  }
}

function distinct(values: unknown[]): unknown[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = valueKey(value);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
