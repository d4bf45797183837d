import { Document, Long } from 'bson';
import { isPlainObject, valueKey } from './bson-values';
import { Catalog } from './catalog';
import { CommandError } from './errors';
import { noSuchTransaction, Transaction } from './transactions';

/** Commands a real server accepts inside a multi-document transaction (DDL is not supported here). */
const TRANSACTION_COMMANDS = new Set([
  'find',
  'getMore',
  'killCursors',
  'insert',
  'update',
  'delete',
  'findAndModify',
  'aggregate',
  'distinct',
  'commitTransaction',
  'abortTransaction',
]);

const RETRYABLE_WRITE_COMMANDS = new Set(['insert', 'update', 'delete', 'findAndModify']);

interface SessionState {
  txn?: Transaction;
  lastRetryableWrite?: { txnNumber: bigint; command: string; reply: Document };
}

/** What a command runs against once its session fields (lsid, txnNumber, autocommit...) are applied. */
export interface SessionBinding {
  view: Catalog;
  txn?: Transaction;
  /** Set for a retryable write: call `remember` with its reply. */
  remember?: (reply: Document) => void;
  /** Reply of an already-applied retryable write with the same txnNumber (sent without re-executing). */
  replay?: Document;
}

export class SessionManager {
  private readonly sessions = new Map<string, SessionState>();

  constructor(
    private readonly supportsTransactions: boolean,
    private readonly live: () => Catalog,
  ) {}

  bind(command: string, body: Document): SessionBinding {
    if (body.txnNumber == null) return { view: this.live() };
    if (!this.supportsTransactions) {
      throw CommandError.of('IllegalOperation', 'Transaction numbers are only allowed on a replica set member or mongos');
    }
    const session = this.session(body.lsid);
    const txnNumber = toBigInt(body.txnNumber);
    if (body.autocommit === false) {
      const txn = this.transaction(session, command, body.startTransaction === true, txnNumber);
      return { view: txn.view, txn };
    }
    if (!RETRYABLE_WRITE_COMMANDS.has(command)) {
      throw CommandError.of('InvalidOptions', `txnNumber may only be provided for multi-document transactions and retryable write commands (not ${command})`);
    }
    const last = session.lastRetryableWrite;
    if (last && last.txnNumber === txnNumber && last.command === command) return { view: this.live(), replay: last.reply };
    if (last && txnNumber < last.txnNumber) throw tooOld(txnNumber, last.txnNumber);
    session.txn?.abort();
    return {
      view: this.live(),
      remember: (reply) => {
        session.lastRetryableWrite = { txnNumber, command, reply };
      },
    };
  }

  commit(txn: Transaction | undefined): Document {
    if (!txn) throw CommandError.of('InvalidOptions', 'commitTransaction must be run within a transaction');
    if (txn.state === 'aborted') throw noSuchTransaction(txn.txnNumber);
    if (txn.state === 'active') txn.commit();
    return { ok: 1 };
  }

  abort(txn: Transaction | undefined): Document {
    if (!txn) throw CommandError.of('InvalidOptions', 'abortTransaction must be run within a transaction');
    if (txn.state === 'committed') throw CommandError.of('TransactionCommitted', 'Cannot abort a committed transaction');
    if (txn.state === 'aborted') throw noSuchTransaction(txn.txnNumber);
    txn.abort();
    return { ok: 1 };
  }

  end(lsids: unknown[]): void {
    for (const lsid of lsids) {
      if (!isPlainObject(lsid)) continue;
      const key = valueKey(lsid.id);
      this.sessions.get(key)?.txn?.abort();
      this.sessions.delete(key);
    }
  }

  endAll(): void {
    for (const session of this.sessions.values()) session.txn?.abort();
    this.sessions.clear();
  }

  private *activeTransactions(): Iterable<Transaction> {
    for (const session of this.sessions.values()) if (session.txn?.state === 'active') yield session.txn;
  }

  private session(lsid: unknown): SessionState {
    if (!isPlainObject(lsid) || lsid.id == null) {
      throw CommandError.of('InvalidOptions', 'Transaction number requires a session ID to also be specified');
    }
    const key = valueKey(lsid.id);
    let session = this.sessions.get(key);
    if (!session) {
      session = {};
      this.sessions.set(key, session);
    }
    return session;
  }

  private transaction(session: SessionState, command: string, start: boolean, txnNumber: bigint): Transaction {
    const current = session.txn;
    if (!TRANSACTION_COMMANDS.has(command)) {
      if (!start && current?.txnNumber === txnNumber) current.abort();
      throw CommandError.of('OperationNotSupportedInTransaction', `Cannot run '${command}' in a multi-document transaction.`);
    }
    if (current && txnNumber < current.txnNumber) throw tooOld(txnNumber, current.txnNumber);
    if (start) {
      if (current && current.txnNumber === txnNumber) {
        throw CommandError.of('ConflictingOperationInProgress', `Transaction ${txnNumber} has already been started`);
      }
      current?.abort();
      const txn = new Transaction(txnNumber, this.live, () => this.activeTransactions());
      session.txn = txn;
      return txn;
    }
    if (!current || current.txnNumber !== txnNumber || current.state === 'aborted') throw noSuchTransaction(txnNumber);
    if (current.state === 'committed' && command !== 'commitTransaction' && command !== 'abortTransaction') {
      throw CommandError.of('TransactionCommitted', `Transaction ${txnNumber} has been committed.`);
    }
    return current;
  }
}

function toBigInt(value: unknown): bigint {
  if (value instanceof Long) return value.toBigInt();
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  throw CommandError.of('TypeMismatch', 'txnNumber must be an integer');
}

function tooOld(txnNumber: bigint, current: bigint): CommandError {
  return CommandError.of(
    'TransactionTooOld',
    `Cannot start transaction ${txnNumber} on session because a newer transaction ${current} has already started`,
  );
}
