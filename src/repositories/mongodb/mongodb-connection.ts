import { DataSource, type EntityTarget, type MongoRepository, type ObjectLiteral } from 'typeorm';
import type { ClientSession, MongoClient } from './driver-types';
import { ConnectionError, NotConnectedError, StorageIOError, ValidationError } from '../../errors';
import { scrubConnectionText } from '../../util/mask-url';
import type { StorageConnection } from '../storage-connection';
import { DEFAULT_OPERATION_TIMEOUT_MS, DEFAULT_SERVER_SELECTION_TIMEOUT_MS, mongoDataSourceOptions } from './data-source-options';
import { appliesUpdatesAtomically, supportsTransactions } from './deployment';
import { storageIo } from '../storage-io';
import { isMissingIndexError, scrubSecret } from './mongodb-errors';
import { ensureIndexes, hasUniqueIndexes, missingEntities } from './mongodb-schema';
import { selectionHint } from './selection-hint';
import { findOriginalDocuments, NO_ORIGINAL_DOCUMENTS, type OriginalDocuments } from './original-store';

export interface MongoConnectionOptions {
  /** How long connect() waits for a usable server, in ms; 5000 by default. Only with a URL. */
  serverSelectionTimeoutMS?: number;
  /** The database; defaults to the URL's path, else `cvm`. Only with a URL. */
  database?: string;
  /**
   * How long one database call may wait for the server, in ms; 30000 by default. A call still
   * unanswered then fails with ConnectionError (whether a write it sent was applied is unknown),
   * and so do the calls of the next server-selection timeout, at once. With a URL it is also the
   * driver's socketTimeoutMS.
   */
  operationTimeoutMS?: number;
  /**
   * Only read: connect() creates no index or collection, and a query whose index is missing runs
   * without its hint instead of creating it (the command-line tool's read-only commands).
   */
  readOnly?: boolean;
}

/** How long after a check a write that created a document trusts its collection's unique indexes (docs/mongodb.md). */
export const INDEX_CHECK_INTERVAL_MS = 1000;

/**
 * The MongoDB database the repositories share. Built from a URL it owns its DataSource; given an
 * app's DataSource it initializes it if needed and never destroys it. connect() makes sure the
 * indexes exist and learns whether the server takes transactions.
 */
export class MongoConnection implements StorageConnection {
  /** Where this connects, without the password: safe for messages and logs. */
  readonly target: string;
  private dataSource: DataSource | null;
  private readonly url: string | undefined;
  /** The URL whose password must not reach an error: ours, or the one in the app's DataSource options. */
  private readonly secretUrl: string | undefined;
  private connected = false;
  private opening: Promise<void> | null = null;
  private closing: Promise<void> | null = null;
  private transactions = false;
  /**
   * Whether the server runs updates given as a pipeline (MongoDB 4.2 and later); assumed until a
   * server refuses one, then false until the next connect(), which may reach another server.
   */
  pipelineUpdates = true;
  /**
   * Whether the server applies a filtered update atomically (not FerretDB 1.x), learned on
   * connect: appends push onto an open output chunk only then (output-buckets.ts).
   */
  atomicUpdates = true;
  /** Which of the original package's own documents the database held on connect (original-store.ts). */
  original: OriginalDocuments = NO_ORIGINAL_DOCUMENTS;
  /** Whether queries name their index as a hint: false once a read-only connection found one missing. */
  queryHints = true;
  private epoch = 0;
  /** The re-creation of missing indexes under way, shared by the calls that found one gone. */
  private restoring: Promise<void> | null = null;
  /** When a write that created a document last checked its collection's unique indexes, by collection. */
  private readonly indexesCheckedAt = new Map<string, number>();
  private readonly running = new Set<Promise<unknown>>();
  /** The last time a database call found no usable server: calls fail with it until `until`. */
  private unreachable: { until: number; error: unknown } | null = null;

  constructor(
    urlOrDataSource: string | DataSource,
    private readonly options: MongoConnectionOptions = {},
  ) {
    for (const field of ['serverSelectionTimeoutMS', 'operationTimeoutMS'] as const) {
      const value = options[field];
      if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
        throw new ValidationError('MongoConnectionOptions', [{ path: field, constraints: { isPositive: `${field} must be a positive number of ms` } }]);
      }
    }
    if (options.readOnly !== undefined && typeof options.readOnly !== 'boolean') {
      throw new ValidationError('MongoConnectionOptions', [{ path: 'readOnly', constraints: { isBoolean: 'readOnly must be true or false' } }]);
    }
    if (typeof urlOrDataSource === 'string') {
      this.url = urlOrDataSource;
      this.secretUrl = urlOrDataSource;
      this.dataSource = null;
      this.target = scrubConnectionText(urlOrDataSource, urlOrDataSource);
    } else {
      this.url = undefined;
      this.secretUrl = (urlOrDataSource.options as { url?: string }).url;
      this.dataSource = urlOrDataSource;
      this.target = describe(urlOrDataSource);
    }
  }

  connect(): Promise<void> {
    if (this.connected && this.closing === null) return Promise.resolve();
    this.opening ??= this.open().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  /** Waits for the operations already started, then closes the client if this connection owns it. */
  disconnect(): Promise<void> {
    this.closing ??= this.close().finally(() => {
      this.closing = null;
    });
    return this.closing;
  }

  isConnected(): boolean {
    return this.connected;
  }

  /** True after connect() to a replica set or sharded cluster. */
  get supportsTransactions(): boolean {
    return this.transactions;
  }

  /** Grows on every connect(), so caches of server state can tell they may be stale. */
  get generation(): number {
    return this.epoch;
  }

  /**
   * Runs one repository operation, keeping disconnect() from closing the client under it. Whether
   * the store is connected is the adapter's check, made before any repository is called.
   */
  track<T>(work: () => Promise<T>): Promise<T> {
    const running = work();
    this.running.add(running);
    const forget = (): void => {
      this.running.delete(running);
    };
    running.then(forget, forget);
    return running;
  }

  /**
   * Runs a database call, turning a driver failure into a StorageIOError naming what it was about,
   * and a call that finds no server, or that the server does not answer within operationTimeoutMS,
   * into a ConnectionError. For
   * one server-selection timeout after a call found no usable server or timed out, calls fail at
   * once with that failure: the calls queued behind a dead server fail together, not one timeout
   * each. After that, calls try the server again, so the adapter recovers by itself when it returns.
   */
  async io<T>(location: string, operation: string, action: () => Promise<T>): Promise<T> {
    const unreachable = this.unreachable;
    if (unreachable !== null && Date.now() < unreachable.until) {
      const what = unreachable.error instanceof ConnectionError ? 'a call timed out moments ago' : 'the server could not be reached moments ago';
      throw new ConnectionError(this.target, `${what}; failing fast: ${operation} ${location}`, { cause: unreachable.error });
    }
    try {
      const result = await this.withinTimeout(location, operation, () => storageIo(location, operation, () => this.recovering(action)));
      this.unreachable = null;
      return result;
    } catch (error) {
      if (error instanceof ConnectionError) {
        scrubSecret(error.cause, this.secretUrl);
        this.unreachable = { until: Date.now() + this.failFastMs, error };
      } else if (error instanceof StorageIOError) {
        scrubSecret(error.cause, this.secretUrl);
        if (isUnreachable(error.cause)) {
          // No server answers: the same failure as at connect(), so HTTP apps answer 503, not 500.
          this.unreachable = { until: Date.now() + this.failFastMs, error: error.cause };
          throw new ConnectionError(this.target, `the server cannot be reached: ${operation} ${location}${selectionHint(error.cause, this.secretUrl)}`, { cause: error.cause });
        }
      }
      throw error;
    }
  }

  /**
   * `action`, and when it finds an index gone (the database was dropped, the server restarted
   * empty), `action` once more after the indexes are re-created; a read-only connection instead
   * stops sending hints. Never more than one retry: a second refusal is the caller's error.
   */
  private async recovering<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (!isMissingIndexError(error)) throw error;
      if (this.options.readOnly === true) this.queryHints = false;
      else await this.restoreIndexes();
      return action();
    }
  }

  private restoreIndexes(): Promise<void> {
    this.restoring ??= ensureIndexes(this.requireDataSource()).finally(() => {
      this.restoring = null;
    });
    return this.restoring;
  }

  /**
   * Called by a write that created a document: an insert into a dropped collection succeeds and
   * re-creates it without its unique indexes, so at most once per INDEX_CHECK_INTERVAL_MS per
   * collection this lists the collection's indexes and re-creates them all when a unique one is
   * gone. A check that fails is left to the next one, or to the next query that finds an index gone.
   */
  async afterCreate(collection: string, entity: EntityTarget<ObjectLiteral>): Promise<void> {
    if (this.options.readOnly === true) return;
    const now = Date.now();
    if (now - (this.indexesCheckedAt.get(collection) ?? -Infinity) < INDEX_CHECK_INTERVAL_MS) return;
    this.indexesCheckedAt.set(collection, now);
    try {
      if (!(await hasUniqueIndexes(this.requireDataSource(), entity))) await this.restoreIndexes();
    } catch {
      this.indexesCheckedAt.delete(collection);
    }
  }

  /**
   * `call`, or a ConnectionError once it has run operationTimeoutMS without an answer, or as soon
   * as the driver gives up on a socket that timed out. A call given up on may still settle later;
   * its outcome is dropped.
   */
  private withinTimeout<T>(location: string, operation: string, call: () => Promise<T>): Promise<T> {
    const ms = this.options.operationTimeoutMS ?? DEFAULT_OPERATION_TIMEOUT_MS;
    const timedOut = (cause?: unknown) =>
      new ConnectionError(this.target, `the server did not answer within ${ms} ms (operationTimeoutMS): ${operation} ${location}`, { cause });
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(timedOut()), ms);
      call().then(
        (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof StorageIOError && isTimeout(error.cause) ? timedOut(error.cause) : error);
        },
      );
    });
  }

  /** How long calls fail fast after the server was found unreachable: one server-selection timeout. */
  private get failFastMs(): number {
    return this.options.serverSelectionTimeoutMS ?? DEFAULT_SERVER_SELECTION_TIMEOUT_MS;
  }

  /** The names of the collections in the database the repositories use, sorted. */
  collectionNames(): Promise<string[]> {
    return this.track(() =>
      this.io(this.target, 'listCollections', async () => {
        // The database TypeORM's repositories use: the configured one, else the URL's.
        const database = (this.requireDataSource().driver as { database?: string }).database;
        const collections = await this.client().db(database).listCollections({}, { nameOnly: true }).toArray();
        return collections.map((collection) => collection.name).sort();
      }),
    );
  }

  /** The DataSource, for collections no entity names (the original package's, original-store.ts). */
  get source(): DataSource {
    return this.requireDataSource();
  }

  repository<T extends ObjectLiteral>(entity: EntityTarget<T>): MongoRepository<T> {
    return this.requireDataSource().getMongoRepository(entity);
  }

  /** Runs `work` in one transaction, retried by the driver on transient errors; commits or aborts. */
  async withTransaction(work: (session: ClientSession) => Promise<void>): Promise<void> {
    const session = this.client().startSession();
    try {
      await session.withTransaction(() => work(session));
    } finally {
      await session.endSession();
    }
  }

  private async open(): Promise<void> {
    if (this.closing) await this.closing;
    if (this.connected) return;
    let dataSource: DataSource | null = null;
    try {
      const { readOnly: _readOnly, ...urlOptions } = this.options;
      dataSource = this.dataSource ?? new DataSource(mongoDataSourceOptions({ url: this.url as string, ...urlOptions }));
      this.dataSource = dataSource;
      if (dataSource.options.type !== 'mongodb') {
        throw new ConnectionError(this.target, `the DataSource is of type ${dataSource.options.type}, not mongodb`);
      }
      if (!dataSource.isInitialized) await dataSource.initialize();
      const missing = missingEntities(dataSource);
      if (missing !== null) throw new ConnectionError(this.target, missing);
      if (this.options.readOnly !== true) await ensureIndexes(dataSource);
      this.queryHints = true;
      this.indexesCheckedAt.clear();
      this.original = await findOriginalDocuments(dataSource);
      this.transactions = await supportsTransactions(this.client());
      this.atomicUpdates = await appliesUpdatesAtomically(this.client());
      this.pipelineUpdates = true;
    } catch (error) {
      if (this.url !== undefined) {
        this.dataSource = null;
        if (dataSource?.isInitialized) await dataSource.destroy().catch(() => undefined);
      }
      if (error instanceof ConnectionError) throw error;
      const message = scrubSecret(error, this.secretUrl);
      throw new ConnectionError(this.target, `${message}${selectionHint(error, this.secretUrl)}`, { cause: error });
    }
    this.epoch += 1;
    this.connected = true;
  }

  private async close(): Promise<void> {
    if (this.opening) await this.opening.catch(() => undefined);
    if (!this.connected) return;
    this.connected = false;
    while (this.running.size > 0) await Promise.allSettled(this.running);
    if (this.url !== undefined && this.dataSource?.isInitialized) {
      const owned = this.dataSource;
      this.dataSource = null;
      await owned.destroy();
    }
  }

  private requireDataSource(): DataSource {
    if (this.dataSource === null) throw new NotConnectedError();
    return this.dataSource;
  }

  private client(): MongoClient {
    return this.requireDataSource().mongoManager.mongoQueryRunner.databaseConnection;
  }
}

/** The driver's errors for a server it cannot reach or lost the connection to. */
const UNREACHABLE_ERRORS = new Set(['MongoServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoTopologyClosedError']);

/** The driver's errors for a call that got no answer in time (socketTimeoutMS, timeoutMS). */
const TIMEOUT_ERRORS = new Set(['MongoNetworkTimeoutError', 'MongoOperationTimeoutError']);

function isTimeout(error: unknown): boolean {
  return error instanceof Error && TIMEOUT_ERRORS.has(error.name);
}

function isUnreachable(error: unknown): boolean {
  return error instanceof Error && UNREACHABLE_ERRORS.has(error.name);
}

function describe(dataSource: DataSource): string {
  const options = dataSource.options as { url?: string; database?: string };
  const where = options.url === undefined ? 'MongoDB' : scrubConnectionText(options.url, options.url);
  return options.database === undefined ? `${where} (app DataSource)` : `${where} database ${options.database} (app DataSource)`;
}
