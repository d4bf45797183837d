import { Document } from 'bson';
import { Catalog, WriteGuard } from './catalog';
import { CommandError } from './errors';

interface WriteRecord {
  ns: string;
  id: string;
  doc: Document | null;
}

export type TransactionState = 'active' | 'committed' | 'aborted';

const TRANSIENT = { errorLabels: ['TransientTransactionError'] };

export function writeConflict(): CommandError {
  return CommandError.of(
    'WriteConflict',
    'Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.',
    TRANSIENT,
  );
}

export function noSuchTransaction(txnNumber: bigint, detail = 'has been aborted'): CommandError {
  return CommandError.of('NoSuchTransaction', `Transaction with { txnNumber: ${txnNumber} } ${detail}.`, TRANSIENT);
}

/**
 * A multi-document transaction: reads and writes go to a private copy-on-write snapshot of the
 * live catalog taken at its first command; commit replays its writes, in order, onto live data.
 * First writer wins: touching a document that changed in live data since the snapshot, or that
 * another open transaction has written, fails with WriteConflict (TransientTransactionError).
 */
export class Transaction implements WriteGuard {
  state: TransactionState = 'active';
  private snapshotView: Catalog;
  private origin: Catalog;
  private log: WriteRecord[] = [];
  private readonly touched = new Set<string>();

  constructor(
    readonly txnNumber: bigint,
    private readonly live: () => Catalog,
    private readonly peers: () => Iterable<Transaction>,
  ) {
    this.origin = live().snapshot();
    this.snapshotView = this.origin.snapshot();
    this.snapshotView.guard = this;
  }

  /** The transaction's private data; empty once it has ended. */
  get view(): Catalog {
    return this.snapshotView;
  }

  touches(ns: string, id: string): boolean {
    return this.touched.has(touchKey(ns, id));
  }

  beforeWrite(ns: string, id: string): void {
    if (this.changedSinceStart(ns, id)) throw writeConflict();
    for (const peer of this.peers()) {
      if (peer !== this && peer.state === 'active' && peer.touches(ns, id)) throw writeConflict();
    }
  }

  afterWrite(ns: string, id: string, doc: Document | null): void {
    this.log.push({ ns, id, doc });
    this.touched.add(touchKey(ns, id));
  }

  abort(): void {
    if (this.state !== 'active') return;
    this.state = 'aborted';
    this.release();
  }

  /** Applies all writes to live data atomically, or none of them (the transaction is then aborted). */
  commit(): void {
    try {
      for (const { ns, id } of this.log) if (this.changedSinceStart(ns, id)) throw writeConflict();
      this.replay(this.live());
      this.state = 'committed';
    } catch (error) {
      this.state = 'aborted';
      throw error;
    } finally {
      this.release();
    }
  }

  /** Ended transactions stay attached to their session (for retried commits) without pinning old data. */
  private release(): void {
    this.origin = new Catalog();
    this.snapshotView = new Catalog();
    this.log = [];
    this.touched.clear();
  }

  private replay(live: Catalog): void {
    const undo: Array<() => void> = [];
    const created: string[] = [];
    try {
      for (const { ns, id, doc } of this.log) {
        if (!live.read(ns)) created.push(ns);
        const state = live.write(ns);
        const previous = state.get(id);
        if (doc === null) {
          if (!previous) continue;
          state.remove(id);
          undo.push(() => state.insert(previous));
        } else if (previous) {
          state.replace(id, doc);
          undo.push(() => state.replace(id, previous));
        } else {
          state.insert(doc);
          undo.push(() => state.remove(id));
        }
      }
    } catch (error) {
      for (const step of undo.reverse()) step();
      for (const ns of created) live.drop(ns);
      throw error;
    }
  }

  private changedSinceStart(ns: string, id: string): boolean {
    return this.live().read(ns)?.get(id) !== this.origin.read(ns)?.get(id);
  }
}

function touchKey(ns: string, id: string): string {
  return `${ns}\u0000${id}`;
}
