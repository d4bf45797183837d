import { Document, Long } from 'mongodb';
import { useStandIn } from '../support/fixtures/mongo';

describe('mongo stand-in query and update semantics', () => {
  const kit = useStandIn();

  const docs = () => kit.client.db('sem').collection<Document>('docs');

  it('applies $push modifiers even when the array does not exist yet', async () => {
    await docs().insertOne({ _id: 1 } as Document);
    await docs().updateOne({ _id: 1 } as Document, { $push: { list: { $each: [5, 1, 4, 2], $sort: 1, $slice: 3 } } } as Document);
    expect(await docs().findOne({ _id: 1 } as Document)).toEqual({ _id: 1, list: [1, 2, 4] });
  });

  it('supports positional $, arrayFilters and pipeline updates', async () => {
    await docs().insertOne({ _id: 1, items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }], first: 'Ada', last: 'Lovelace' } as Document);
    await docs().updateOne({ _id: 1, 'items.sku': 'b' } as Document, { $inc: { 'items.$.qty': 10 } });
    await docs().updateOne({ _id: 1 } as Document, { $set: { 'items.$[low].flag': true } }, { arrayFilters: [{ 'low.qty': { $lt: 5 } }] });
    await docs().updateOne({ _id: 1 } as Document, [{ $set: { full: { $concat: ['$first', ' ', '$last'] } } }, { $unset: ['first', 'last'] }]);
    expect(await docs().findOne({ _id: 1 } as Document)).toEqual({
      _id: 1,
      items: [
        { sku: 'a', qty: 1, flag: true },
        { sku: 'b', qty: 12 },
      ],
      full: 'Ada Lovelace',
    });
  });

  it('keeps -0 written by an update', async () => {
    await docs().insertOne({ _id: 1, z: 5 } as Document);
    const result = await docs().updateOne({ _id: 1 } as Document, { $set: { z: -0 } });
    expect(result.modifiedCount).toBe(1);
    expect(Object.is((await docs().findOne({ _id: 1 } as Document))?.z, -0)).toBe(true);
  });

  it('builds upserted documents from equality conditions only', async () => {
    await docs().updateOne({ $and: [{ 'a.b': 1 }, { c: { $eq: 'x' } }], d: { $gt: 3 }, e: { $in: ['only'] } }, { $set: { f: true } }, { upsert: true });
    expect(await docs().findOne({}, { projection: { _id: 0 } })).toEqual({ a: { b: 1 }, c: 'x', e: 'only', f: true });
    await docs().replaceOne({ _id: 'r', g: 1 } as Document, { h: 2 }, { upsert: true });
    expect(await docs().findOne({ _id: 'r' } as Document)).toEqual({ _id: 'r', h: 2 });
  });

  it('returns projected fields in stored order with _id first', async () => {
    await docs().insertOne({ _id: 1, a: 1, b: { x: 1, y: 2 }, c: [1, 2, 3] } as Document);
    const inclusion = await docs().findOne({}, { projection: { c: 1, a: 1 } });
    expect(Object.keys(inclusion ?? {})).toEqual(['_id', 'a', 'c']);
    expect(await docs().findOne({}, { projection: { 'b.y': 0, c: 0 } })).toEqual({ _id: 1, a: 1, b: { x: 1 } });
    expect(await docs().findOne({}, { projection: { c: { $slice: 2 } } })).toEqual({ _id: 1, a: 1, b: { x: 1, y: 2 }, c: [1, 2] });
    expect(await docs().findOne({}, { projection: { _id: 1 } })).toEqual({ _id: 1 });
    expect(await docs().findOne({}, { projection: { a: 1, c: { $slice: -1 } } })).toEqual({ _id: 1, a: 1, c: [3] });
    expect(await docs().findOne({}, { projection: { _id: 0, c: { $slice: [1, 1] }, b: 0 } })).toEqual({ a: 1, c: [2] });
    expect(await docs().findOne({ _id: 1 } as Document)).toEqual({ _id: 1, a: 1, b: { x: 1, y: 2 }, c: [1, 2, 3] });
  });

  it('sorts mixed types in BSON order and arrays by their extreme element', async () => {
    const when = new Date(0);
    await docs().insertMany([
      { _id: 'str', v: 'a' },
      { _id: 'num', v: 5 },
      { _id: 'null', v: null },
      { _id: 'missing' },
      { _id: 'bool', v: true },
      { _id: 'date', v: when },
      { _id: 'obj', v: { k: 1 } },
      { _id: 'long', v: Long.fromNumber(3) },
    ] as Document[]);
    const ascending = await docs().find().sort({ v: 1, _id: 1 }).toArray();
    expect(ascending.map((doc) => doc._id)).toEqual(['missing', 'null', 'long', 'num', 'str', 'obj', 'bool', 'date']);
    await docs().deleteMany({});
    await docs().insertMany([
      { _id: 'a', v: [1, 9] },
      { _id: 'b', v: [4, 5] },
    ] as Document[]);
    expect((await docs().find().sort({ v: 1 }).toArray()).map((doc) => doc._id)).toEqual(['a', 'b']);
    expect((await docs().find().sort({ v: -1 }).toArray()).map((doc) => doc._id)).toEqual(['a', 'b']);
  });

  it('matches int64, $in on _id, regexes and array elements', async () => {
    await docs().insertMany([
      { _id: 1, big: Long.fromString('9007199254740993'), name: 'Alpha', tags: ['x', 'y'] },
      { _id: 2, big: Long.fromNumber(1), name: 'beta', tags: ['z'] },
      { _id: 3, name: 'gamma', tags: [] },
    ] as Document[]);
    expect((await docs().findOne({ big: Long.fromString('9007199254740993') }))?._id).toBe(1);
    expect((await docs().find({ _id: { $in: [3, 1] } } as Document).sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual([1, 3]);
    expect((await docs().find({ name: /^[ab]/i }).toArray()).map((d) => d._id)).toEqual([1, 2]);
    expect((await docs().find({ tags: 'y' }).toArray()).map((d) => d._id)).toEqual([1]);
    expect((await docs().distinct('tags')).sort()).toEqual(['x', 'y', 'z']);
    expect(await docs().countDocuments({}, { skip: 1, limit: 1 })).toBe(1);
  });

  it('joins with $lookup and renames collections', async () => {
    await docs().insertMany([{ _id: 1, owner: 'u1' }] as Document[]);
    await kit.client.db('sem').collection('users').insertOne({ _id: 'u1', name: 'Ann' } as Document);
    const joined = await docs()
      .aggregate([{ $lookup: { from: 'users', localField: 'owner', foreignField: '_id', as: 'user' } }])
      .toArray();
    expect(joined).toEqual([{ _id: 1, owner: 'u1', user: [{ _id: 'u1', name: 'Ann' }] }]);
    await docs().rename('renamed');
    expect(await kit.client.db('sem').collection('renamed').countDocuments()).toBe(1);
    expect(await docs().countDocuments()).toBe(0);
  });

  it('refuses server-side JavaScript, collation and $out instead of silently ignoring them', async () => {
    await docs().insertOne({ a: 1 });
    await expect(docs().find({ $where: 'this.a === 1' }).toArray()).rejects.toMatchObject({ code: 2 });
    await expect(docs().find({}, { collation: { locale: 'fr' } }).toArray()).rejects.toMatchObject({ code: 238 });
    await expect(docs().aggregate([{ $out: 'copy' }]).toArray()).rejects.toMatchObject({ code: 238 });
    expect(await docs().find({}, { collation: { locale: 'simple' } }).toArray()).toHaveLength(1);
  });

  it('reports write errors for invalid update operators and operand types', async () => {
    await docs().insertOne({ _id: 1, n: 'text' } as Document);
    await expect(docs().updateOne({ _id: 1 } as Document, { $inc: { n: 1 } })).rejects.toMatchObject({ code: 14 });
    await expect(docs().updateOne({ _id: 1 } as Document, { $push: { n: 1 } } as Document)).rejects.toMatchObject({ code: 2 });
    await expect(docs().updateOne({ _id: 1 } as Document, { $bogus: { n: 1 } } as Document)).rejects.toMatchObject({ code: 2 });
    expect(await docs().findOne({ _id: 1 } as Document)).toEqual({ _id: 1, n: 'text' });
    await docs().insertOne({ _id: 2, big: Long.fromNumber(5) } as Document);
    await expect(docs().updateOne({ _id: 2 } as Document, { $inc: { big: 1 } })).rejects.toMatchObject({ code: 238 });
  });

  it('matches an equality filter on a field holding an array or the same value of another type as a real server does', async () => {
    await docs().insertMany([
      { _id: 1, k: 'a', n: 5, b: true },
      { _id: 2, k: ['x', 'a'], n: [4, 5], b: 1 },
      { _id: 3, k: 'A', n: '5', b: 'true' },
      { _id: 4, k: [['a']], n: 5.5 },
    ] as Document[]);
    const ids = async (filter: Document) => (await docs().find(filter).toArray()).map((doc) => doc._id as unknown);
    expect(await ids({ k: 'a' })).toEqual([1, 2]);
    expect(await ids({ n: 5 })).toEqual([1, 2]);
    expect(await ids({ b: true })).toEqual([1]);
    expect(await ids({ k: 'a', n: 5, b: true })).toEqual([1]);
    expect(await ids({ n: 5.5 })).toEqual([4]);
    expect(await ids({ missing: 'a' })).toEqual([]);
  });

  it('counts an update as a modification exactly when it changes the stored bytes', async () => {
    await docs().insertOne({ _id: 1, s: 'a', i: 1, f: 1.5, list: [1, { x: 1, y: 2 }], nested: { deep: { z: null } }, big: Long.fromNumber(7) } as Document);
    const modified = async (set: Document) => (await docs().updateOne({ _id: 1 } as Document, { $set: set })).modifiedCount;
    expect(await modified({ s: 'a', i: 1, f: 1.5, list: [1, { x: 1, y: 2 }], nested: { deep: { z: null } }, big: Long.fromNumber(7) })).toBe(0);
    expect(await modified({ f: 2.5 })).toBe(1);
    expect(await modified({ i: 1.5 })).toBe(1);
    expect(await modified({ list: [1, { y: 2, x: 1 }, null] })).toBe(1);
    expect(await modified({ 'nested.deep.z': false })).toBe(1);
    expect(await modified({ big: Long.fromNumber(8) })).toBe(1);
    expect(await modified({ s: 'a' })).toBe(0);
  });
});
