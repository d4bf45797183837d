import { MongoClient } from 'mongodb';
import { databaseNameOf, startMongoServer } from '../support/fixtures/mongo';
import { mongoTargets, standInTarget, uniqueDatabaseUrl } from '../support/fixtures/mongo-target';

describe('uniqueDatabaseUrl', () => {
  it('replaces an existing database and keeps credentials, hosts and the query string', () => {
    const url = uniqueDatabaseUrl('mongodb://user:p%40ss@h1:27017,h2:27018/old?replicaSet=rs0&w=majority', 'suite');
    expect(url).toMatch(/^mongodb:\/\/user:p%40ss@h1:27017,h2:27018\/suite_[a-z0-9]+_[0-9a-f]{8}\?replicaSet=rs0&w=majority$/);
  });

  it('adds a database when the URL has none, with or without a trailing slash', () => {
    expect(uniqueDatabaseUrl('mongodb://127.0.0.1:1234', 'a')).toMatch(/^mongodb:\/\/127\.0\.0\.1:1234\/a_[a-z0-9]+_[0-9a-f]{8}$/);
    expect(uniqueDatabaseUrl('mongodb://127.0.0.1:1234/?replicaSet=rs0', 'a')).toMatch(
      /^mongodb:\/\/127\.0\.0\.1:1234\/a_[a-z0-9]+_[0-9a-f]{8}\?replicaSet=rs0$/,
    );
    expect(uniqueDatabaseUrl('mongodb+srv://cluster.example.net/x', 'a')).toMatch(/^mongodb\+srv:\/\/cluster\.example\.net\/a_/);
  });

  it('produces a different, MongoDB-safe name each time', () => {
    const first = uniqueDatabaseUrl('mongodb://h/', 'my suite.v1/x');
    const second = uniqueDatabaseUrl('mongodb://h/', 'my suite.v1/x');
    expect(first).not.toBe(second);
    const name = first.slice('mongodb://h/'.length);
    expect(name).toMatch(/^my_suite_v1_x_/);
    expect(name.length).toBeLessThanOrEqual(63);
  });

  it('rejects strings that are not MongoDB URLs', () => {
    expect(() => uniqueDatabaseUrl('postgres://h/db', 'a')).toThrow('not a MongoDB connection string');
  });
});

describe('mongoTargets', () => {
  const saved = process.env.MONGODB_URL;

  afterEach(() => {
    if (saved === undefined) delete process.env.MONGODB_URL;
    else process.env.MONGODB_URL = saved;
  });

  it('uses MONGODB_URL when it is set, with a no-op stop', async () => {
    process.env.MONGODB_URL = 'mongodb://db.example:27017/?replicaSet=prod';
    const targets = mongoTargets();
    expect(targets.map((target) => target.name)).toEqual(['mongodb (MONGODB_URL)']);
    const handle = await targets[0].start();
    expect(handle.url).toBe('mongodb://db.example:27017/?replicaSet=prod');
    expect(handle.standIn).toBeUndefined();
    await expect(handle.stop()).resolves.toBeUndefined();
  });

  it('otherwise starts stand-ins in both modes that a client can use', async () => {
    delete process.env.MONGODB_URL;
    const targets = mongoTargets();
    expect(targets.map((target) => target.name)).toEqual(['stand-in standalone', 'stand-in replica set']);
    for (const target of targets) {
      const handle = await target.start();
      const client = new MongoClient(uniqueDatabaseUrl(handle.url, 'target'), { serverSelectionTimeoutMS: 2000 });
      try {
        await client.db().collection('t').insertOne({ ok: true });
        expect(await client.db().collection('t').countDocuments()).toBe(1);
        expect(handle.standIn?.stats().byCommand.insert).toBe(1);
      } finally {
        await client.close();
        await handle.stop();
      }
    }
    expect(targets.length).toBe(2);
  });
});

describe('startMongoServer on a stand-in', () => {
  it('drops the databases databaseUrl() named and empties those reusedDatabaseUrl() named, in-process, keeping their indexes', async () => {
    const server = await startMongoServer(standInTarget('stand-in standalone', 'standalone'));
    try {
      const dropped = databaseNameOf(server.databaseUrl('dropped'));
      const reusedUrl = server.reusedDatabaseUrl('reused');
      const reused = databaseNameOf(reusedUrl);
      const other = server.client.db('other_db').collection('t');
      await other.insertOne({ kept: true });
      await server.client.db(dropped).collection('t').insertOne({ n: 1 });
      const records = server.client.db(reused).collection('records');
      await records.createIndex({ key: 1 }, { unique: true, name: 'key_unique' });
      await records.insertMany([{ key: 'a' }, { key: 'b' }]);
      server.standIn?.resetStats();

      await server.dropDatabases();

      expect(server.standIn?.stats().total).toBe(0);
      const names = (await server.client.db('admin').admin().listDatabases()).databases.map((database) => database.name);
      expect(names).not.toContain(dropped);
      expect(await records.countDocuments()).toBe(0);
      expect((await records.indexes()).map((index) => index.name)).toEqual(['_id_', 'key_unique']);
      await records.insertOne({ key: 'a' });
      await expect(records.insertOne({ key: 'a' })).rejects.toMatchObject({ code: 11000 });
      expect(await other.countDocuments()).toBe(1);
      expect(server.reusedDatabaseUrl('reused')).toBe(reusedUrl);
    } finally {
      await server.stop();
    }
  });
});

describe('MongoStandIn.copyDatabase', () => {
  it('replaces the target database by a copy of the source, with its indexes; writes to one leave the other alone', async () => {
    const server = await startMongoServer(standInTarget('stand-in replica set', 'replicaSet'));
    try {
      const source = server.client.db('copy_source').collection('records');
      await source.createIndex({ key: 1 }, { unique: true, name: 'key_unique' });
      await source.insertMany([{ key: 'a' }, { key: 'b' }]);
      await server.client.db('copy_target').collection('stale').insertOne({ gone: true });

      server.standIn?.copyDatabase('copy_source', 'copy_target');

      const target = server.client.db('copy_target');
      expect((await target.listCollections({}, { nameOnly: true }).toArray()).map((collection) => collection.name)).toEqual(['records']);
      expect((await target.collection('records').find({}, { projection: { _id: 0 } }).toArray())).toEqual([{ key: 'a' }, { key: 'b' }]);
      expect((await target.collection('records').indexes()).map((index) => index.name)).toEqual(['_id_', 'key_unique']);
      await expect(target.collection('records').insertOne({ key: 'a' })).rejects.toMatchObject({ code: 11000 });
      await target.collection('records').deleteOne({ key: 'b' });
      await source.insertOne({ key: 'c' });
      expect(await target.collection('records').countDocuments()).toBe(1);
      expect(await source.countDocuments()).toBe(3);
    } finally {
      server.standIn?.dropDatabase('copy_source');
      server.standIn?.dropDatabase('copy_target');
      await server.stop();
    }
  });
});
