import { Binary, Decimal128, Document, Long, ObjectId } from 'mongodb';
import type { StandInMode } from '../support/mongo-standin';
import { useStandIn } from '../support/fixtures/mongo';

type Item = Document & { _id?: number | string | ObjectId };

describe.each<StandInMode>(['standalone', 'replicaSet'])('mongo stand-in CRUD (%s)', (mode) => {
  const kit = useStandIn(mode);

  const items = () => kit.client.db('crud').collection<Item>('items');

  it('round-trips special doubles, dates, ids, int64, binary, decimals and nested documents', async () => {
    const id = new ObjectId();
    const when = new Date('2024-02-29T12:34:56.789Z');
    await items().insertOne({
      _id: id,
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      negInf: Number.NEGATIVE_INFINITY,
      negZero: -0,
      fraction: 0.1 + 0.2,
      when,
      long: Long.fromString('9007199254740993'),
      bin: new Binary(Buffer.from([1, 2, 3]), 0),
      dec: Decimal128.fromString('1.10'),
      nested: { list: [1, 'two', { three: [3] }], empty: {}, nothing: null },
      text: 'héllo ✓',
    });
    const doc = (await items().findOne({ _id: id }, { promoteLongs: false })) as Document;
    expect(Number.isNaN(doc.nan)).toBe(true);
    expect(doc.inf).toBe(Number.POSITIVE_INFINITY);
    expect(doc.negInf).toBe(Number.NEGATIVE_INFINITY);
    expect(Object.is(doc.negZero, -0)).toBe(true);
    expect(doc.fraction).toBe(0.1 + 0.2);
    expect(doc.when).toEqual(when);
    expect(doc.long).toBeInstanceOf(Long);
    expect((doc.long as Long).toString()).toBe('9007199254740993');
    expect(Buffer.from((doc.bin as Binary).buffer)).toEqual(Buffer.from([1, 2, 3]));
    expect((doc.dec as Decimal128).toString()).toBe('1.10');
    expect(doc.nested).toEqual({ list: [1, 'two', { three: [3] }], empty: {}, nothing: null });
    expect(doc.text).toBe('héllo ✓');
    expect(Object.keys(doc)[0]).toBe('_id');
  });

  it('finds with filter, sort, projection, skip and limit', async () => {
    await items().insertMany(
      Array.from({ length: 10 }, (_, i) => ({ _id: i, n: i, parity: i % 2 === 0 ? 'even' : 'odd', tags: [`t${i}`] })),
    );
    const docs = await items()
      .find({ parity: 'even', n: { $gte: 2 } }, { projection: { n: 1, _id: 0 } })
      .sort({ n: -1 })
      .skip(1)
      .limit(2)
      .toArray();
    expect(docs).toEqual([{ n: 6 }, { n: 4 }]);
    expect(await items().findOne({ tags: 't3' }, { projection: { parity: 1 } })).toEqual({ _id: 3, parity: 'odd' });
    expect(await items().countDocuments({ parity: 'odd' })).toBe(5);
    expect(await items().estimatedDocumentCount()).toBe(10);
    expect((await items().distinct('parity')).sort()).toEqual(['even', 'odd']);
  });

  it('updates with operators, replacements and upserts', async () => {
    await items().insertMany([
      { _id: 1, n: 1, list: [] },
      { _id: 2, n: 2, list: [] },
    ]);
    const many = await items().updateMany({}, { $inc: { n: 10 }, $push: { list: 'x' } } as Document);
    expect(many).toMatchObject({ matchedCount: 2, modifiedCount: 2, upsertedCount: 0 });
    const noop = await items().updateOne({ _id: 1 }, { $set: { n: 11 } });
    expect(noop).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    const replaced = await items().replaceOne({ _id: 2 }, { replaced: true });
    expect(replaced.modifiedCount).toBe(1);
    expect(await items().findOne({ _id: 2 })).toEqual({ _id: 2, replaced: true });
    const upserted = await items().updateOne(
      { key: 'k1', n: { $gt: 5 } },
      { $set: { v: 1 }, $setOnInsert: { created: true } },
      { upsert: true },
    );
    expect(upserted.upsertedCount).toBe(1);
    const inserted = await items().findOne({ _id: upserted.upsertedId as ObjectId });
    expect(inserted).toEqual({ _id: upserted.upsertedId, key: 'k1', v: 1, created: true });
    const again = await items().updateOne({ key: 'k1' }, { $set: { v: 2 }, $setOnInsert: { created: false } }, { upsert: true });
    expect(again).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
    expect(await items().findOne({ key: 'k1' }, { projection: { _id: 0 } })).toEqual({ key: 'k1', v: 2, created: true });
    await expect(items().updateOne({ _id: 1 }, { $set: { _id: 99 } })).rejects.toMatchObject({ code: 66 });
  });

  it('deletes one or many', async () => {
    await items().insertMany([{ k: 'a' }, { k: 'a' }, { k: 'b' }]);
    expect((await items().deleteOne({ k: 'a' })).deletedCount).toBe(1);
    expect((await items().deleteMany({ k: { $in: ['a', 'b'] } })).deletedCount).toBe(2);
    expect((await items().deleteMany({})).deletedCount).toBe(0);
  });

  it('supports findOneAndUpdate, findOneAndReplace and findOneAndDelete', async () => {
    await items().insertMany([
      { _id: 1, rank: 3, name: 'c' },
      { _id: 2, rank: 1, name: 'a' },
      { _id: 3, rank: 2, name: 'b' },
    ]);
    const before = await items().findOneAndUpdate({}, { $set: { seen: true } }, { sort: { rank: 1 } });
    expect(before).toEqual({ _id: 2, rank: 1, name: 'a' });
    const after = await items().findOneAndUpdate(
      { _id: 3 },
      { $inc: { rank: 10 } },
      { returnDocument: 'after', projection: { rank: 1 } },
    );
    expect(after).toEqual({ _id: 3, rank: 12 });
    const replaced = await items().findOneAndReplace({ name: 'c' }, { name: 'C' }, { returnDocument: 'after' });
    expect(replaced).toEqual({ _id: 1, name: 'C' });
    const upserted = await items().findOneAndUpdate(
      { name: 'z' },
      { $set: { rank: 0 } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    );
    expect(upserted.value).toMatchObject({ name: 'z', rank: 0 });
    expect(upserted.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false });
    const deleted = await items().findOneAndDelete({ rank: { $gte: 10 } });
    expect(deleted).toEqual({ _id: 3, rank: 12, name: 'b' });
    expect(await items().findOneAndDelete({ _id: 3 })).toBeNull();
    expect(await items().countDocuments()).toBe(3);
  });

  it('aggregates with mingo', async () => {
    await items().insertMany([
      { team: 'red', points: 3 },
      { team: 'blue', points: 5 },
      { team: 'red', points: 4 },
    ]);
    const totals = await items()
      .aggregate([{ $match: { points: { $gt: 0 } } }, { $group: { _id: '$team', total: { $sum: '$points' } } }, { $sort: { total: -1 } }])
      .toArray();
    expect(totals).toEqual([
      { _id: 'red', total: 7 },
      { _id: 'blue', total: 5 },
    ]);
  });

  it('rejects unknown commands with CommandNotFound', async () => {
    await expect(kit.client.db('admin').command({ frobnicate: 1 })).rejects.toMatchObject({
      code: 59,
      codeName: 'CommandNotFound',
    });
  });
});
