import { Document, MongoBulkWriteError, MongoServerError } from 'mongodb';
import type { StandInMode } from '../support/mongo-standin';
import { useStandIn } from '../support/fixtures/mongo';

async function rejection(promise: Promise<unknown>): Promise<MongoServerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MongoServerError) return error;
    throw error;
  }
  throw new Error('expected the operation to fail');
}

describe.each<StandInMode>(['standalone', 'replicaSet'])('mongo stand-in unique indexes (%s)', (mode) => {
  const kit = useStandIn(mode);

  const users = () => kit.client.db('idx').collection<Document>('users');
  const pages = () => kit.client.db('idx').collection<Document>('pages');

  it('rejects a duplicate on a single-field unique index with code 11000, keyPattern and keyValue', async () => {
    expect(await users().createIndex({ email: 1 }, { unique: true })).toBe('email_1');
    await users().insertOne({ email: 'a@example.com' });
    const error = await rejection(users().insertOne({ email: 'a@example.com', other: 1 }));
    expect(error.code).toBe(11000);
    expect(error.keyPattern).toEqual({ email: 1 });
    expect(error.keyValue).toEqual({ email: 'a@example.com' });
    expect(error.message).toContain('E11000 duplicate key error collection: idx.users index: email_1 dup key');
    expect(await users().countDocuments()).toBe(1);
  });

  it('enforces compound unique keys on the whole tuple', async () => {
    await pages().createIndex({ tenant: 1, slug: 1 }, { unique: true, name: 'tenant_slug' });
    await pages().insertMany([
      { tenant: 't1', slug: 'home' },
      { tenant: 't2', slug: 'home' },
      { tenant: 't1', slug: 'about' },
    ]);
    const error = await rejection(pages().insertOne({ tenant: 't2', slug: 'home' }));
    expect(error.code).toBe(11000);
    expect(error.keyPattern).toEqual({ tenant: 1, slug: 1 });
    expect(error.keyValue).toEqual({ tenant: 't2', slug: 'home' });
    expect(await pages().countDocuments()).toBe(3);
  });

  it('keeps _id unique', async () => {
    await users().insertOne({ _id: 'same' } as Document);
    const error = await rejection(users().insertOne({ _id: 'same' } as Document));
    expect(error.code).toBe(11000);
    expect(error.keyPattern).toEqual({ _id: 1 });
    expect(error.keyValue).toEqual({ _id: 'same' });
  });

  it('stops ordered batches at the duplicate and continues unordered ones', async () => {
    await users().createIndex({ email: 1 }, { unique: true });
    const ordered = await rejection(users().insertMany([{ email: 'a' }, { email: 'a' }, { email: 'b' }]));
    expect(ordered).toBeInstanceOf(MongoBulkWriteError);
    expect(ordered.code).toBe(11000);
    expect((ordered as MongoBulkWriteError).result.insertedCount).toBe(1);
    const unordered = await rejection(users().insertMany([{ email: 'c' }, { email: 'c' }, { email: 'd' }], { ordered: false }));
    expect((unordered as MongoBulkWriteError).result.insertedCount).toBe(2);
    expect((await users().find({}, { projection: { _id: 0 } }).toArray()).map((doc) => doc.email).sort()).toEqual(['a', 'c', 'd']);
  });

  it('enforces uniqueness on update, upsert and findAndModify', async () => {
    await users().createIndex({ email: 1 }, { unique: true });
    await users().insertMany([{ email: 'a' }, { email: 'b' }]);
    expect((await rejection(users().updateOne({ email: 'b' }, { $set: { email: 'a' } }))).code).toBe(11000);
    expect((await rejection(users().replaceOne({ email: 'b' }, { email: 'a' }))).code).toBe(11000);
    expect((await rejection(users().updateOne({ email: 'zzz' }, { $set: { email: 'a' } }, { upsert: true }))).code).toBe(11000);
    const fam = await rejection(users().findOneAndUpdate({ email: 'b' }, { $set: { email: 'a' } }));
    expect(fam).toMatchObject({ code: 11000, keyValue: { email: 'a' } });
    expect((await rejection(users().findOneAndUpdate({ email: 'q' }, { $set: { email: 'b' } }, { upsert: true }))).code).toBe(11000);
    expect(await users().find({}, { projection: { _id: 0 } }).sort({ email: 1 }).toArray()).toEqual([{ email: 'a' }, { email: 'b' }]);
  });

  it('treats missing fields as null unless the index is sparse or partial', async () => {
    await users().createIndex({ email: 1 }, { unique: true });
    await users().insertOne({ name: 'no email' });
    expect(await rejection(users().insertOne({ name: 'also none' }))).toMatchObject({ code: 11000, keyValue: { email: null } });
    await pages().createIndex({ slug: 1 }, { unique: true, sparse: true });
    await pages().insertMany([{ title: 'x' }, { title: 'y' }]);
    await pages().createIndex({ code: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await pages().insertMany([{ code: 1, active: false }, { code: 1, active: false }, { code: 1, active: true }]);
    expect((await rejection(pages().insertOne({ code: 1, active: true }))).code).toBe(11000);
  });

  it('indexes array elements individually', async () => {
    await pages().createIndex({ tags: 1 }, { unique: true });
    await pages().insertOne({ tags: ['a', 'b'] });
    expect(await rejection(pages().insertOne({ tags: ['c', 'b'] }))).toMatchObject({ code: 11000, keyValue: { tags: 'b' } });
  });

  it('lists, recreates idempotently, drops indexes and refuses a unique index over duplicates', async () => {
    await users().createIndex({ email: 1 }, { unique: true });
    await users().createIndex({ email: 1 }, { unique: true });
    await users().createIndex({ age: -1, name: 1 });
    const listed = await users().listIndexes().toArray();
    expect(listed).toEqual([
      { v: 2, key: { _id: 1 }, name: '_id_' },
      { v: 2, key: { email: 1 }, name: 'email_1', unique: true },
      { v: 2, key: { age: -1, name: 1 }, name: 'age_-1_name_1' },
    ]);
    await expect(users().createIndex({ email: 1 }, { name: 'email_1', sparse: true })).rejects.toMatchObject({ code: 85 });
    await users().dropIndex('email_1');
    await users().insertMany([{ email: 'dup' }, { email: 'dup' }]);
    expect((await rejection(users().createIndex({ email: 1 }, { unique: true }))).code).toBe(11000);
    expect((await users().indexes()).map((index) => index.name)).toEqual(['_id_', 'age_-1_name_1']);
    await expect(users().dropIndex('nope')).rejects.toMatchObject({ code: 27 });
    await expect(users().dropIndex('_id_')).rejects.toMatchObject({ code: 72 });
    await expect(kit.client.db('idx').collection('missing').listIndexes().toArray()).rejects.toMatchObject({ code: 26 });
  });
});
