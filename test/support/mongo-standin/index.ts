/**
 * In-process MongoDB stand-in for tests: a TCP server on 127.0.0.1 speaking enough of the wire
 * protocol (OP_MSG; OP_QUERY/OP_REPLY for the handshake only) that the real `mongodb` 7 driver and
 * TypeORM's MongoDB driver run against it unchanged. Data lives in memory; queries, operator
 * projections, update operators and pipelines are evaluated by mingo.
 *
 * NOT implemented (details and exact behaviour in ./README.md): authentication and TLS, wire
 * compression, exhaust/streaming monitoring, change streams and oplog, read/write concern and
 * read preference semantics (accepted, ignored), replication and sharding, query planning (all
 * queries scan; text/geo/hashed/TTL indexes are metadata only, only unique indexes act), any
 * collation other than simple, server-side JavaScript, $out/$merge, int64/decimal arithmetic
 * and range comparison inside mingo, schema validation, capped/time-series/view collections,
 * session and cursor timeouts, per-statement retryable-write history. Transactions are
 * copy-on-write snapshots with first-writer-wins WriteConflict (112); writes outside a
 * transaction never block but make a conflicting transaction's commit fail with 112.
 */
import { UUID } from 'bson';
import { splitNamespace } from './catalog';
import { idKeyOf } from './collection';
import { InjectedFailure } from './faults';
import { StandInServer } from './server';
import { ServerState, StandInMode } from './state';
import { StandInStats } from './stats';

export type { InjectedFailure } from './faults';
export type { StandInMode } from './state';
export type { StandInStats } from './stats';

export interface MongoStandInOptions {
  mode?: StandInMode;
  /** Replica set name advertised in replicaSet mode. Default `rs0`. */
  replicaSetName?: string;
}

export interface MongoStandIn {
  /** `mongodb://127.0.0.1:PORT/` (with `?replicaSet=NAME` in replicaSet mode). */
  readonly url: string;
  readonly port: number;
  readonly mode: StandInMode;
  /** Commands received since start or the last `resetStats()`. */
  stats(): StandInStats;
  resetStats(): void;
  /**
   * Makes the next `times` commands named `commandName` fail with `{ ok: 0, code, errmsg, codeName }`.
   * Note the driver retries retryable reads/writes once on retryable codes (e.g. 91, 189, 10107, 11600).
   */
  failNext(commandName: string, failure: InjectedFailure, times?: number): void;
  /** Drops all databases, cursors, sessions and open transactions. */
  reset(): void;
  /** Drops one database in-process, as `dropDatabase` would, without a round trip. */
  dropDatabase(name: string): void;
  /** Deletes every document of one database in-process, keeping its collections and indexes. */
  emptyDatabase(name: string): void;
  /** Replaces database `to` by a copy of database `from` (documents, indexes, options), in-process. */
  copyDatabase(from: string, to: string): void;
  /** Closes the listener and destroys every connection. */
  close(): Promise<void>;
}

export async function startMongoStandIn(options: MongoStandInOptions = {}): Promise<MongoStandIn> {
  const mode = options.mode ?? 'standalone';
  const replicaSetName = options.replicaSetName ?? 'rs0';
  const state = new ServerState(mode, replicaSetName);
  const server = new StandInServer(state);
  const port = await server.listen();
  state.host = `127.0.0.1:${port}`;
  const query = mode === 'replicaSet' ? `?replicaSet=${encodeURIComponent(replicaSetName)}` : '';
  let closing: Promise<void> | undefined;
  return {
    url: `mongodb://${state.host}/${query}`,
    port,
    mode,
    stats: () => state.stats.snapshot(),
    resetStats: () => state.stats.reset(),
    failNext: (commandName, failure, times = 1) => state.faults.add(commandName, failure, times),
    reset: () => state.reset(),
    dropDatabase: (name) => {
      for (const ns of state.live.namespaces(name)) state.live.drop(ns);
    },
    copyDatabase: (from, to) => {
      for (const ns of state.live.namespaces(to)) state.live.drop(ns);
      for (const ns of state.live.namespaces(from)) {
        const source = state.live.read(ns);
        if (source) state.live.install(source.clone(`${to}.${splitNamespace(ns).collection}`, new UUID()));
      }
    },
    emptyDatabase: (name) => {
      for (const ns of state.live.namespaces(name)) {
        const collection = state.live.write(ns);
        for (const document of collection.documents()) collection.remove(idKeyOf(document));
      }
    },
    close: () => {
      closing ??= server.close().then(() => {
        state.reset();
        state.faults.clear();
      });
      return closing;
    },
  };
}
