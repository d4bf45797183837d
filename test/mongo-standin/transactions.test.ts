import { ClientSession, Document, MongoServerError } from 'mongodb';
import { useStandIn } from '../support/fixtures/mongo';

describe('mongo stand-in transactions (replica set)', () => {
  const kit = useStandIn('replicaSet');

  const accounts = () => kit.client.db('bank').collection<Document>('accounts');
  const ledger = () => kit.client.db('bank').collection<Document>('ledger');

  it('hides writes from other sessions until commit and shows them to the transaction itself', async () => {
    await accounts().insertMany([
      { _id: 'a', balance: 100 },
      { _id: 'b', balance: 0 },
    ] as Document[]);
    const session = kit.client.startSession();
    try {
      session.startTransaction();
      await accounts().updateOne({ _id: 'a' } as Document, { $inc: { balance: -30 } }, { session });
      await accounts().updateOne({ _id: 'b' } as Document, { $inc: { balance: 30 } }, { session });
      await ledger().insertOne({ from: 'a', to: 'b', amount: 30 }, { session });
      expect(await accounts().findOne({ _id: 'a' } as Document, { session })).toEqual({ _id: 'a', balance: 70 });
      expect(await ledger().countDocuments({}, { session })).toBe(1);
      expect(await accounts().findOne({ _id: 'a' } as Document)).toEqual({ _id: 'a', balance: 100 });
      expect(await ledger().countDocuments()).toBe(0);
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    expect(await accounts().find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', balance: 70 },
      { _id: 'b', balance: 30 },
    ]);
    expect(await ledger().countDocuments()).toBe(1);
    expect(kit.standIn.stats().byCommand.commitTransaction).toBe(1);
  });

  it('discards every write on abort', async () => {
    await accounts().insertMany([{ _id: 'keep', balance: 1 }, { _id: 'gone', balance: 2 }] as Document[]);
    const session = kit.client.startSession();
    try {
      session.startTransaction();
      await accounts().insertOne({ _id: 'new', balance: 3 } as Document, { session });
      await accounts().updateOne({ _id: 'keep' } as Document, { $set: { balance: 99 } }, { session });
      await accounts().deleteOne({ _id: 'gone' } as Document, { session });
      expect(await accounts().countDocuments({}, { session })).toBe(2);
      await session.abortTransaction();
    } finally {
      await session.endSession();
    }
    expect(await accounts().find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'gone', balance: 2 },
      { _id: 'keep', balance: 1 },
    ]);
    expect(kit.standIn.stats().byCommand.abortTransaction).toBe(1);
  });

  it('commits through withTransaction and reads from a snapshot taken at the first statement', async () => {
    await accounts().insertOne({ _id: 'x', balance: 1 } as Document);
    const seen: number[] = [];
    await kit.client.withSession((session) =>
      session.withTransaction(async () => {
        seen.push((await accounts().findOne({ _id: 'x' } as Document, { session }))?.balance);
        await accounts().insertOne({ _id: 'y', balance: 5 } as Document, { session });
        await kit.client.db('bank').collection('other').insertOne({ unrelated: true });
        seen.push(await kit.client.db('bank').collection('other').countDocuments({}, { session }));
      }),
    );
    expect(seen).toEqual([1, 0]);
    expect(await accounts().countDocuments()).toBe(2);
  });

  it('fails a second writer of the same document with a transient WriteConflict', async () => {
    await accounts().insertOne({ _id: 'hot', balance: 0 } as Document);
    const first = kit.client.startSession();
    const second = kit.client.startSession();
    try {
      first.startTransaction();
      second.startTransaction();
      await accounts().updateOne({ _id: 'hot' } as Document, { $inc: { balance: 1 } }, { session: first });
      const error = await accounts()
        .updateOne({ _id: 'hot' } as Document, { $inc: { balance: 10 } }, { session: second })
        .then(() => undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(MongoServerError);
      expect((error as MongoServerError).code).toBe(112);
      expect((error as MongoServerError).hasErrorLabel('TransientTransactionError')).toBe(true);
      await second.abortTransaction();
      await first.commitTransaction();
    } finally {
      await first.endSession();
      await second.endSession();
    }
    expect(await accounts().findOne({ _id: 'hot' } as Document)).toEqual({ _id: 'hot', balance: 1 });
  });

  it('aborts the transaction when a statement fails (duplicate key)', async () => {
    await accounts().createIndex({ owner: 1 }, { unique: true });
    await accounts().insertOne({ owner: 'ann' });
    const session = kit.client.startSession();
    try {
      session.startTransaction();
      await accounts().insertOne({ owner: 'bob' }, { session });
      await expect(accounts().insertOne({ owner: 'ann' }, { session })).rejects.toMatchObject({ code: 11000 });
      await expect(accounts().insertOne({ owner: 'cat' }, { session })).rejects.toMatchObject({ code: 251 });
      await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }
    expect((await accounts().find({}, { projection: { _id: 0 } }).toArray()).map((doc) => doc.owner)).toEqual(['ann']);
  });

  it('checks unique indexes against the transaction snapshot plus its own writes', async () => {
    await accounts().createIndex({ owner: 1 }, { unique: true });
    const session = kit.client.startSession();
    try {
      session.startTransaction();
      await accounts().insertOne({ owner: 'dan' }, { session });
      await expect(accounts().insertOne({ owner: 'dan' }, { session })).rejects.toMatchObject({ code: 11000 });
      await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }
    expect(await accounts().countDocuments()).toBe(0);
  });

  it('detects a unique-key clash between two transactions when the second one commits', async () => {
    await accounts().createIndex({ owner: 1 }, { unique: true });
    const first = kit.client.startSession();
    const second = kit.client.startSession();
    try {
      first.startTransaction();
      second.startTransaction();
      await accounts().insertOne({ owner: 'eve', from: 'first' }, { session: first });
      await accounts().insertOne({ owner: 'eve', from: 'second' }, { session: second });
      await first.commitTransaction();
      await expect(second.commitTransaction()).rejects.toMatchObject({ code: 11000, keyValue: { owner: 'eve' } });
    } finally {
      await first.endSession();
      await second.endSession();
    }
    expect(await accounts().find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ owner: 'eve', from: 'first' }]);
  });

  it('refuses commands a real server does not allow in transactions (count, createIndexes)', async () => {
    const session = kit.client.startSession();
    try {
      session.startTransaction();
      await accounts().insertOne({ a: 1 }, { session });
      await expect(kit.client.db('bank').command({ count: 'accounts' }, { session })).rejects.toMatchObject({ code: 263 });
      await expect(accounts().insertOne({ a: 2 }, { session })).rejects.toMatchObject({ code: 251 });
      await session.abortTransaction().catch(() => undefined);
      session.startTransaction();
      await expect(accounts().createIndex({ a: 1 }, { session })).rejects.toMatchObject({ code: 263 });
      await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }
    expect(await accounts().countDocuments()).toBe(0);
  });

  it('fails the commit with WriteConflict when a write outside the transaction changed a document it wrote', async () => {
    await accounts().insertOne({ _id: 'c', v: 0 } as Document);
    const session = kit.client.startSession();
    try {
      session.startTransaction();
      await accounts().updateOne({ _id: 'c' } as Document, { $set: { v: 1 } }, { session });
      await accounts().updateOne({ _id: 'c' } as Document, { $set: { v: 2 } });
      const error = await session.commitTransaction().then(() => undefined, (caught: unknown) => caught);
      expect(error).toMatchObject({ code: 112 });
      expect((error as MongoServerError).hasErrorLabel('TransientTransactionError')).toBe(true);
    } finally {
      await session.endSession();
    }
    expect(await accounts().findOne({ _id: 'c' } as Document)).toEqual({ _id: 'c', v: 2 });
  });
});

describe('mongo stand-in transactions (standalone)', () => {
  const kit = useStandIn('standalone');

  const items = () => kit.client.db('solo').collection<Document>('items');

  const failureOf = (work: (session: ClientSession) => Promise<void>): Promise<unknown> =>
    kit.client.withSession((session) => session.withTransaction(() => work(session))).then(
      () => undefined,
      (caught: unknown) => caught,
    );

  it('fails a transaction read like a real standalone server: IllegalOperation (20)', async () => {
    const error = await failureOf(async (session) => {
      await items().findOne({}, { session });
    });
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error).toMatchObject({
      code: 20,
      codeName: 'IllegalOperation',
      message: 'Transaction numbers are only allowed on a replica set member or mongos',
    });
  });

  it('fails a transaction write with the same server error, which the driver wraps as "no retryable writes"', async () => {
    const error = await failureOf(async (session) => {
      await items().insertOne({ a: 1 }, { session });
    });
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).message).toContain('does not support retryable writes');
    const original = (error as { originalError?: unknown }).originalError;
    expect(original).toMatchObject({ code: 20, message: 'Transaction numbers are only allowed on a replica set member or mongos' });
    expect(await items().countDocuments()).toBe(0);
  });

  it('still accepts sessions outside transactions', async () => {
    await kit.client.withSession(async (session) => {
      await items().insertOne({ b: 2 }, { session });
      expect(await items().countDocuments({}, { session })).toBe(1);
    });
  });
});
