import { MongoClient, TopologyType } from 'mongodb';
import { MongoStandIn, startMongoStandIn } from '../support/mongo-standin';

async function connectObservingTopology(url: string): Promise<{ client: MongoClient; types: TopologyType[] }> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 2000 });
  const types: TopologyType[] = [];
  client.on('topologyDescriptionChanged', (event) => types.push(event.newDescription.type));
  await client.connect();
  return { client, types };
}

describe('mongo stand-in handshake (standalone)', () => {
  let standIn: MongoStandIn;
  let client: MongoClient;
  let types: TopologyType[];

  beforeAll(async () => {
    standIn = await startMongoStandIn({ mode: 'standalone' });
    ({ client, types } = await connectObservingTopology(standIn.url));
  });

  afterAll(async () => {
    await client?.close();
    await standIn?.close();
  });

  it('is reached at a mongodb://127.0.0.1:<port>/ URL and discovered as a single server', () => {
    expect(standIn.url).toBe(`mongodb://127.0.0.1:${standIn.port}/`);
    expect(standIn.mode).toBe('standalone');
    expect(types[types.length - 1]).toBe(TopologyType.Single);
  });

  it('reports a standalone hello with sessions and wire version 21', async () => {
    const hello = await client.db('admin').command({ hello: 1 });
    expect(hello).toMatchObject({ ok: 1, isWritablePrimary: true, maxWireVersion: 21, minWireVersion: 0, logicalSessionTimeoutMinutes: 30 });
    expect(hello.setName).toBeUndefined();
    expect(hello.topologyVersion).toBeUndefined();
  });

  it('answers ping, buildInfo and getParameter', async () => {
    const admin = client.db('admin');
    expect(await admin.command({ ping: 1 })).toEqual({ ok: 1 });
    expect(await admin.command({ buildInfo: 1 })).toMatchObject({ version: '7.0.0', versionArray: [7, 0, 0, 0] });
    expect(await admin.command({ getParameter: 1, featureCompatibilityVersion: 1 })).toMatchObject({
      featureCompatibilityVersion: { version: '7.0' },
    });
  });
});

describe('mongo stand-in handshake (replica set)', () => {
  let standIn: MongoStandIn;
  let client: MongoClient;
  let types: TopologyType[];

  beforeAll(async () => {
    standIn = await startMongoStandIn({ mode: 'replicaSet' });
    ({ client, types } = await connectObservingTopology(standIn.url));
  });

  afterAll(async () => {
    await client?.close();
    await standIn?.close();
  });

  it('puts the replica set name in the URL and is discovered as a replica set with a primary', () => {
    expect(standIn.url).toBe(`mongodb://127.0.0.1:${standIn.port}/?replicaSet=rs0`);
    expect(types[types.length - 1]).toBe(TopologyType.ReplicaSetWithPrimary);
  });

  it('describes itself as the writable primary of a one-member set', async () => {
    const host = `127.0.0.1:${standIn.port}`;
    const hello = await client.db('admin').command({ hello: 1 });
    expect(hello).toMatchObject({ ok: 1, setName: 'rs0', hosts: [host], primary: host, me: host, isWritablePrimary: true, secondary: false });
  });

  it('lists databases and collections', async () => {
    await client.db('alpha').collection('one').insertOne({ a: 1 });
    await client.db('alpha').createCollection('two');
    const dbs = await client.db('admin').admin().listDatabases();
    expect(dbs.databases.map((db) => db.name)).toContain('alpha');
    const names = (await client.db('alpha').listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    expect(names).toEqual(['one', 'two']);
    const filtered = await client.db('alpha').listCollections({ name: 'two' }).toArray();
    expect(filtered).toHaveLength(1);
    expect(filtered[0]).toMatchObject({ name: 'two', type: 'collection' });
    await expect(client.db('alpha').createCollection('two')).rejects.toMatchObject({ code: 48 });
    await client.db('alpha').dropDatabase();
    expect(await client.db('alpha').listCollections().toArray()).toEqual([]);
  });
});
