import { DataSource } from 'typeorm';
import { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import { mongoDataSourceOptions } from '../../src/repositories/mongodb/data-source-options';
import { describeStorageContract, type AdapterOptions } from '../../src/testing';
import { useMongoKit } from '../support/fixtures/mongo';
import { mongoTargets } from '../support/fixtures/mongo-target';

/**
 * The contract's sections that take the same path on every topology: values, ids and validation
 * are encoded, checked and read back by single-document commands, whatever the server. The
 * replica-set stand-in runs the whole contract; the standalone stand-in leaves these sections out
 * and runs the rest, whose deleteExecution, prune and multi-document steps take the path without
 * transactions there. The real-server runs (`npm run test:servers`, a replica set and a
 * standalone server) run the whole contract on both topologies (docs/testing.md).
 */
const SAME_ON_EVERY_TOPOLOGY = [
  'programs',
  'lossless values',
  'default validation: required fields and bounded JSON-like values',
  'default validation accepts what the strict grammar refuses',
  'strict validation refuses what default validation accepts',
  'strict validation of records',
  'strict validation of CVM values',
  'validation of output',
  'ids',
  'seed README usage example',
  'CVM server records: what a real CVM VM saves comes back as saved',
  'replays of the storage calls a real CVM VM made',
  'a recorded CVM trace replayed with history on',
];

for (const target of mongoTargets()) {
  const standaloneStandIn = target.name === 'stand-in standalone';
  const leftOut: string[] = [];
  // The contract's sections are the describes directly inside its top-level one: this drops the listed ones.
  let depth = 0;
  const sectionDescribe = (name: string, body: () => void): void => {
    if (standaloneStandIn && depth === 1 && SAME_ON_EVERY_TOPOLOGY.includes(name)) {
      leftOut.push(name);
      return;
    }
    describe(name, () => {
      depth += 1;
      try {
        body();
      } finally {
        depth -= 1;
      }
    });
  };

  describe(target.name, () => {
    // One server and client for the target's tests. Each test's database is emptied after it and
    // reused by a later test: the indexes a new database needs are made once, not once a test
    // (indexes.test.ts covers making them).
    const kit = useMongoKit(target);
    let storeUrl: string | undefined;
    // On a stand-in, the adapters of a database share one DataSource (connecting one took about a
    // fifth of this file's CPU); the real-server runs, where only a URL is given, connect by URL.
    const shared = new Map<string, DataSource>();
    const adapterOn = (url: string, options?: AdapterOptions): MongoDBStorageAdapter => {
      if (kit.standIn === undefined) return new MongoDBStorageAdapter(url, options);
      let dataSource = shared.get(url);
      if (dataSource === undefined) {
        dataSource = new DataSource(mongoDataSourceOptions({ url }));
        shared.set(url, dataSource);
      }
      return new MongoDBStorageAdapter(dataSource, options);
    };
    afterAll(async () => {
      for (const dataSource of shared.values()) if (dataSource.isInitialized) await dataSource.destroy();
    });

    describeStorageContract(`MongoDB on ${target.name}`, {
      async create(options) {
        storeUrl = kit.reusedDatabaseUrl('contract');
        return adapterOn(storeUrl, options);
      },
      async reopen(options) {
        if (storeUrl === undefined) throw new Error('reopen() before create()');
        return adapterOn(storeUrl, options);
      },
      async cleanup() {
        // The kit empties the test's databases after this, once the contract has disconnected its adapters.
        storeUrl = undefined;
      },
    }, { describe: sectionDescribe, it, beforeEach, afterEach, expect });

    if (standaloneStandIn) {
      it('leaves out exactly the sections that take the same path on every topology', () => {
        expect([...leftOut].sort()).toEqual([...SAME_ON_EVERY_TOPOLOGY].sort());
      });
    }
  });
}
