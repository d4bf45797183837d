import { MongoClient, ObjectId } from 'mongodb';
import { Column, DataSource, Entity, Index, ObjectIdColumn } from 'typeorm';
import { MongoStandIn, StandInMode, startMongoStandIn } from '../support/mongo-standin';
import { uniqueDatabaseUrl } from '../support/fixtures/mongo-target';

@Entity({ name: 'standin_widgets' })
@Index('widgets_tenant_sku_unique', ['tenant', 'sku'], { unique: true })
class StandInWidget {
  @ObjectIdColumn()
  _id?: ObjectId;

  @Column()
  tenant!: string;

  @Column()
  @Index('widgets_sku')
  sku!: string;

  @Column()
  qty!: number;
}

describe.each<StandInMode>(['standalone', 'replicaSet'])('TypeORM 1.1 against the mongo stand-in (%s)', (mode) => {
  let standIn: MongoStandIn;
  let dataSource: DataSource;
  let url: string;

  beforeAll(async () => {
    standIn = await startMongoStandIn({ mode });
    const databaseUrl = uniqueDatabaseUrl(standIn.url, 'typeorm');
    url = `${databaseUrl}${databaseUrl.includes('?') ? '&' : '?'}serverSelectionTimeoutMS=2000`;
    dataSource = new DataSource({ type: 'mongodb', url, entities: [StandInWidget], synchronize: true });
    await dataSource.initialize();
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await standIn?.close();
  });

  it('initializes and creates the indexes declared with @Index', async () => {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 2000 });
    try {
      const indexes = await client.db().collection('standin_widgets').indexes();
      expect(indexes.map((index) => ({ name: index.name, key: index.key, unique: index.unique ?? false }))).toEqual(
        expect.arrayContaining([
          { name: '_id_', key: { _id: 1 }, unique: false },
          { name: 'widgets_tenant_sku_unique', key: { tenant: 1, sku: 1 }, unique: true },
          { name: 'widgets_sku', key: { sku: 1 }, unique: false },
        ]),
      );
      expect(indexes).toHaveLength(3);
    } finally {
      await client.close();
    }
  });

  it('inserts, finds and deletes through a MongoRepository', async () => {
    const repository = dataSource.getMongoRepository(StandInWidget);
    await repository.insertMany([
      { tenant: 't1', sku: 'a', qty: 1 },
      { tenant: 't1', sku: 'b', qty: 2 },
      { tenant: 't2', sku: 'a', qty: 3 },
    ]);
    const found = await repository.find({ where: { tenant: 't1' }, order: { sku: 'DESC' } });
    expect(found.map((widget) => [widget.sku, widget.qty])).toEqual([
      ['b', 2],
      ['a', 1],
    ]);
    expect(found[0]).toBeInstanceOf(StandInWidget);
    expect(found[0]._id).toBeInstanceOf(ObjectId);
    await expect(repository.insertOne({ tenant: 't2', sku: 'a', qty: 9 })).rejects.toMatchObject({ code: 11000 });
    const removed = await repository.deleteMany({ tenant: 't1' });
    expect(removed.deletedCount).toBe(2);
    expect(await repository.count({})).toBe(1);
    const survivor = await repository.findOneBy({ sku: 'a' });
    expect(survivor).toMatchObject({ tenant: 't2', sku: 'a', qty: 3 });
  });
});
