import { Document } from 'bson';
import { CollectionState, idKeyOf } from './collection';

/** Hooks a transaction uses to detect conflicts and record its writes. */
export interface WriteGuard {
  beforeWrite(ns: string, id: string): void;
  afterWrite(ns: string, id: string, doc: Document | null): void;
}

export function splitNamespace(ns: string): { db: string; collection: string } {
  const dot = ns.indexOf('.');
  return { db: ns.slice(0, dot), collection: ns.slice(dot + 1) };
}

/**
 * One view of all databases: the live data, or a transaction's private snapshot.
 * Copy-on-write: `snapshot()` freezes every collection state and shares it; the first write
 * through either view to a frozen collection clones that collection for the writer.
 */
export class Catalog {
  guard?: WriteGuard;

  constructor(private readonly collections: Map<string, CollectionState> = new Map()) {}

  snapshot(): Catalog {
    for (const state of this.collections.values()) state.frozen = true;
    return new Catalog(new Map(this.collections));
  }

  read(ns: string): CollectionState | undefined {
    return this.collections.get(ns);
  }

  /** A collection state this view may mutate, created implicitly if missing. */
  write(ns: string): CollectionState {
    const state = this.collections.get(ns);
    if (!state) {
      const created = CollectionState.create(ns);
      this.collections.set(ns, created);
      return created;
    }
    if (!state.frozen) return state;
    const copy = state.clone();
    this.collections.set(ns, copy);
    return copy;
  }

  install(state: CollectionState): void {
    this.collections.set(state.ns, state);
  }

  drop(ns: string): CollectionState | undefined {
    const state = this.collections.get(ns);
    this.collections.delete(ns);
    return state;
  }

  namespaces(db?: string): string[] {
    return [...this.collections.keys()].filter((ns) => db === undefined || splitNamespace(ns).db === db);
  }

  databases(): string[] {
    return [...new Set(this.namespaces().map((ns) => splitNamespace(ns).db))];
  }

  insertDoc(ns: string, doc: Document): void {
    const id = idKeyOf(doc);
    this.guard?.beforeWrite(ns, id);
    this.write(ns).insert(doc);
    this.guard?.afterWrite(ns, id, doc);
  }

  replaceDoc(ns: string, id: string, doc: Document): void {
    this.guard?.beforeWrite(ns, id);
    this.write(ns).replace(id, doc);
    this.guard?.afterWrite(ns, id, doc);
  }

  removeDoc(ns: string, id: string): void {
    this.guard?.beforeWrite(ns, id);
    this.write(ns).remove(id);
    this.guard?.afterWrite(ns, id, null);
  }
}
