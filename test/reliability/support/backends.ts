import path from 'node:path';
import { EJSON } from 'bson';
import { FileStorageAdapter } from '../../../src/adapters/file-storage-adapter';
import { MongoDBStorageAdapter } from '../../../src/adapters/mongodb-storage-adapter';
import type { CvmStorage } from '../../../src/adapters/storage-adapter';
import { databaseNameOf, startMongoServer, type MongoServer } from '../../support/fixtures/mongo';
import { mongoTargets } from '../../support/fixtures/mongo-target';
import { makeTempDir, removeTempDir } from '../../support/fixtures/temp-folders';
import { snapshotTree } from './tree-snapshot';
import type { ValidationMode } from '../../../src/validation/validation-mode';

/** One connected adapter on fresh storage, with a way to see everything the backend holds. */
export interface Store {
  adapter: CvmStorage;
  /** A second connected adapter on the same storage, as another process would have (disconnected by stop()). */
  openAnother(): Promise<CvmStorage>;
  /** Everything stored, as comparable data: equal snapshots mean nothing changed. */
  snapshot(): Promise<unknown>;
  /** The data folder (file backend only). */
  dataDir?: string;
  /** The raw documents of a collection (MongoDB only). */
  rawDocuments?(collection: string): Promise<Record<string, unknown>[]>;
  /** Writes a document behind the adapter's back, as damage would (MongoDB only). */
  insertRaw?(collection: string, document: Record<string, unknown>): Promise<void>;
}

export interface Backend {
  name: string;
  kind: 'file' | 'mongodb';
  /** Call in beforeAll. */
  start(): Promise<void>;
  /** A connected adapter on storage of its own, validating in `options.validation` (default mode otherwise). */
  open(options?: { validation?: ValidationMode }): Promise<Store>;
  /** Call in afterAll: disconnects every adapter opened and removes what they stored. */
  stop(): Promise<void>;
}

export function fileBackend(): Backend {
  let root = '';
  let count = 0;
  const adapters: CvmStorage[] = [];
  return {
    name: 'file',
    kind: 'file',
    async start() {
      root = makeTempDir('cvm-reliability-');
    },
    async open(options) {
      // The data folder sits four folders deep in the snapshot, so a write that escaped it by
      // a few `..` would show too.
      const sandbox = path.join(root, `store-${count++}`);
      const dataDir = path.join(sandbox, 'a', 'b', 'c', 'data');
      // None of the suites on these stores is about durability (crash-safety.test.ts is): relaxed
      // skips the fsyncs.
      const fileOptions = { durability: 'relaxed', ...options } as const;
      const adapter = new FileStorageAdapter(dataDir, fileOptions);
      await adapter.connect();
      adapters.push(adapter);
      const openAnother = async (): Promise<CvmStorage> => {
        const another = new FileStorageAdapter(dataDir, fileOptions);
        await another.connect();
        adapters.push(another);
        return another;
      };
      return { adapter, openAnother, dataDir, snapshot: () => snapshotTree(sandbox) };
    },
    async stop() {
      for (const adapter of adapters.splice(0)) if (adapter.isConnected()) await adapter.disconnect();
      if (root) removeTempDir(root);
    },
  };
}

/** The MongoDB targets of test/support/fixtures/mongo-target: a real server when MONGODB_URL is set, else stand-ins. */
export function mongoBackends(): Backend[] {
  return mongoTargets().map((target) => {
    let server: MongoServer | undefined;
    const adapters: CvmStorage[] = [];
    return {
      name: `mongodb ${target.name}`,
      kind: 'mongodb',
      async start() {
        server = await startMongoServer(target);
      },
      async open(options) {
        if (!server) throw new Error('start() the backend first');
        const url = server.databaseUrl('cvm_reliability');
        const adapter = new MongoDBStorageAdapter(url, options);
        await adapter.connect();
        adapters.push(adapter);
        const db = server.client.db(databaseNameOf(url));
        const rawDocuments = async (collection: string) => (await db.collection(collection).find({}).toArray()) as Record<string, unknown>[];
        const insertRaw = async (collection: string, document: Record<string, unknown>) => {
          await db.collection(collection).insertOne(document);
        };
        const openAnother = async (): Promise<CvmStorage> => {
          const another = new MongoDBStorageAdapter(url, options);
          await another.connect();
          adapters.push(another);
          return another;
        };
        return {
          adapter,
          openAnother,
          rawDocuments,
          insertRaw,
          // The whole database: other test files may share the server, so other databases are theirs.
          snapshot: async () => {
            const all: Record<string, string[]> = {};
            for (const { name: collection } of await db.listCollections().toArray()) {
              const documents = await db.collection(collection).find({}).toArray();
              all[collection] = documents.map((document) => EJSON.stringify(document, { relaxed: false })).sort();
            }
            return all;
          },
        };
      },
      async stop() {
        for (const adapter of adapters.splice(0)) if (adapter.isConnected()) await adapter.disconnect();
        await server?.stop();
        server = undefined;
      },
    };
  });
}

export function allBackends(): Backend[] {
  return [fileBackend(), ...mongoBackends()];
}

/**
 * The file backend and one MongoDB target (the replica-set stand-in, or the server at MONGODB_URL):
 * for suites about what single-document writes encode, check and read back, which take the same
 * path on every topology (test/mongo-backend/contract.test.ts lists the contract's such sections).
 */
export function oneBackendPerEncoding(): Backend[] {
  return [fileBackend(), ...mongoBackends().slice(-1)];
}

/** Starts `backend` before the calling describe's tests and opens one store on it; stops it after them. */
export function useStore(backend: Backend, options?: { validation?: ValidationMode }): { readonly store: Store } {
  const holder = {} as { store: Store };
  beforeAll(async () => {
    await backend.start();
    holder.store = await backend.open(options);
  });
  afterAll(() => backend.stop());
  return holder;
}
