import { Long } from 'mongodb';
import type { StandInMode } from '../support/mongo-standin';
import { useStandIn } from '../support/fixtures/mongo';

interface Numbered {
  _id: number;
  group: number;
  pad: string;
}

describe.each<StandInMode>(['standalone', 'replicaSet'])('mongo stand-in cursors (%s)', (mode) => {
  const docs = Array.from({ length: 1000 }, (_, i) => ({ _id: i, group: i % 4, pad: 'x'.repeat(i % 7) }));
  // The tests share the 1,000 documents stored once.
  const kit = useStandIn(mode, { dropBetweenTests: false });

  beforeAll(async () => {
    await kit.client.db('cursors').collection<Numbered>('many').insertMany(docs);
  });

  beforeEach(() => kit.standIn.resetStats());

  const many = () => kit.client.db('cursors').collection<Numbered>('many');

  it('reads 1,000 documents in batches of 100 with nine getMores', async () => {
    const all = await many().find({}, { batchSize: 100 }).sort({ _id: 1 }).toArray();
    expect(all.map((doc) => doc._id)).toEqual(docs.map((doc) => doc._id));
    expect(kit.standIn.stats().byCommand).toMatchObject({ find: 1, getMore: 9 });
  });

  it('uses a first batch of 101 documents by default and continues with getMore', async () => {
    const first = await kit.client.db('cursors').command({ find: 'many', filter: {} }, { promoteLongs: false });
    expect(first.cursor.firstBatch).toHaveLength(101);
    expect(Long.isLong(first.cursor.id) && !first.cursor.id.isZero()).toBe(true);
    const rest = await kit.client.db('cursors').command({ getMore: first.cursor.id, collection: 'many' }, { promoteLongs: false });
    expect(rest.cursor.nextBatch).toHaveLength(899);
    expect(rest.cursor.id.isZero()).toBe(true);
  });

  it('reports cursor id 0 when the first batch holds everything, or with singleBatch', async () => {
    const whole = await kit.client.db('cursors').command({ find: 'many', filter: { group: 1 }, batchSize: 1000 }, { promoteLongs: false });
    expect(whole.cursor.firstBatch).toHaveLength(250);
    expect(whole.cursor.id.isZero()).toBe(true);
    const single = await kit.client.db('cursors').command({ find: 'many', filter: {}, batchSize: 5, singleBatch: true }, { promoteLongs: false });
    expect(single.cursor.firstBatch).toHaveLength(5);
    expect(single.cursor.id.isZero()).toBe(true);
  });

  it('pages aggregate results through getMore', async () => {
    const grouped = await many()
      .aggregate([{ $match: { group: { $in: [0, 2] } } }, { $project: { _id: 1 } }], { batchSize: 50 })
      .toArray();
    expect(grouped).toHaveLength(500);
    expect(kit.standIn.stats().byCommand).toMatchObject({ aggregate: 1, getMore: 9 });
  });

  it('frees a cursor on killCursors so later getMores fail with CursorNotFound', async () => {
    const cursor = many().find({}, { batchSize: 10 });
    for (let i = 0; i < 15; i++) await cursor.next();
    const id = cursor.id as Long;
    expect(id.isZero()).toBe(false);
    await cursor.close();
    expect(kit.standIn.stats().byCommand).toMatchObject({ find: 1, getMore: 1, killCursors: 1 });
    await expect(kit.client.db('cursors').command({ getMore: id, collection: 'many' })).rejects.toMatchObject({
      code: 43,
      codeName: 'CursorNotFound',
    });
  });

  it('applies limit and skip across batches', async () => {
    const page = await many().find({}, { batchSize: 7, skip: 990, limit: 30 }).toArray();
    expect(page.map((doc) => doc._id)).toEqual([990, 991, 992, 993, 994, 995, 996, 997, 998, 999]);
  });
});
