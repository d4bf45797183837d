import { MongoClient, type CommandStartedEvent } from 'mongodb';
import { DataSource } from 'typeorm';
import { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import type { MongoConnectionOptions } from '../../src/repositories/mongo';
import { mongoDataSourceOptions } from '../../src/repositories/mongo/data-source-options';
import type { MongoStandIn } from '../support/mongo-standin';
import { uniqueDatabaseUrl, type MongoTarget, type MongoTargetHandle } from '../support/mongo-target';

/** What a test of the MongoDB backend works with on one target server. */
export interface MongoKit {
  /** The target's stand-in, or undefined on a real server. */
  readonly standIn: MongoStandIn | undefined;
  /** A URL naming a database of its own, dropped after the test. */
  databaseUrl(prefix?: string): string;
  /** A new, unconnected adapter, disconnected after the test. */
  adapter(url: string, options?: MongoConnectionOptions): MongoDBStorageAdapter;
  /** A connected adapter on a database of its own. */
  connectedAdapter(): Promise<MongoDBStorageAdapter>;
  /**
   * A connected adapter over an app-style DataSource with command monitoring: `commands` lists
   * the name of every command the adapter sent, in order.
   */
  monitoredAdapter(url?: string): Promise<{ adapter: MongoDBStorageAdapter; dataSource: DataSource; commands: CommandStartedEvent[] }>;
  /** A raw driver client on the server, for reading what is really stored. */
  client(): MongoClient;
}

/**
 * Starts the target before the describe's tests and stops it after them; after each test,
 * disconnects what the test opened and drops the databases it made.
 */
export function useMongoKit(target: MongoTarget): MongoKit {
  let handle: MongoTargetHandle | undefined;
  let rawClient: MongoClient | undefined;
  let adapters: MongoDBStorageAdapter[] = [];
  let dataSources: DataSource[] = [];
  let databases: string[] = [];

  beforeAll(async () => {
    handle = await target.start();
    rawClient = await MongoClient.connect(handle.url, { serverSelectionTimeoutMS: 5000 });
  });

  afterEach(async () => {
    const opened = adapters;
    const sources = dataSources;
    const dropped = databases;
    adapters = [];
    dataSources = [];
    databases = [];
    for (const adapter of opened) if (adapter.isConnected()) await adapter.disconnect();
    for (const dataSource of sources) if (dataSource.isInitialized) await dataSource.destroy();
    for (const name of dropped) await rawClient?.db(name).dropDatabase();
  });

  afterAll(async () => {
    await rawClient?.close();
    await handle?.stop();
  });

  const kit: MongoKit = {
    get standIn() {
      return handle?.standIn;
    },
    databaseUrl(prefix = 'cvm_test') {
      if (handle === undefined) throw new Error('the target is not started: use the kit inside a test');
      const url = uniqueDatabaseUrl(handle.url, prefix);
      databases.push(databaseNameOf(url));
      return url;
    },
    adapter(url, options) {
      const adapter = new MongoDBStorageAdapter(url, options);
      adapters.push(adapter);
      return adapter;
    },
    async connectedAdapter() {
      const adapter = kit.adapter(kit.databaseUrl());
      await adapter.connect();
      return adapter;
    },
    async monitoredAdapter(url = kit.databaseUrl()) {
      const dataSource = new DataSource({ ...mongoDataSourceOptions({ url }), monitorCommands: true });
      dataSources.push(dataSource);
      await dataSource.initialize();
      const commands: CommandStartedEvent[] = [];
      dataSource.mongoManager.mongoQueryRunner.databaseConnection.on('commandStarted', (event) => commands.push(event as CommandStartedEvent));
      const adapter = new MongoDBStorageAdapter(dataSource);
      adapters.push(adapter);
      await adapter.connect();
      return { adapter, dataSource, commands };
    },
    client() {
      if (rawClient === undefined) throw new Error('the target is not started: use the kit inside a test');
      return rawClient;
    },
  };
  return kit;
}

/** The database named in the path of a URL made by uniqueDatabaseUrl(). */
export function databaseNameOf(url: string): string {
  const name = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?]+)/.exec(url)?.[1];
  if (name === undefined) throw new Error(`no database in ${url}`);
  return name;
}

/** The names of the commands in `events`, leaving out the driver's own housekeeping. */
export function commandNames(events: readonly CommandStartedEvent[]): string[] {
  return events.map((event) => event.commandName).filter((name) => !['hello', 'isMaster', 'ping', 'endSessions'].includes(name));
}
