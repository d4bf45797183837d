import { Document } from 'mongodb';
import type { StandInMode } from '../support/mongo-standin';
import { useStandIn } from '../support/fixtures/mongo';

describe.each<StandInMode>(['standalone', 'replicaSet'])('mongo stand-in stats and failNext (%s)', (mode) => {
  const kit = useStandIn(mode);

  beforeEach(() => kit.standIn.resetStats());

  const jobs = () => kit.client.db('faults').collection<Document>('jobs');

  it('counts commands by name and leaves handshake/heartbeat commands out of the total', async () => {
    await kit.client.db('admin').command({ ping: 1 });
    await jobs().insertOne({ n: 1 });
    await jobs().insertMany([{ n: 2 }, { n: 3 }]);
    await jobs().find({ n: { $gt: 1 } }).toArray();
    await jobs().updateOne({ n: 1 }, { $set: { done: true } });
    await jobs().deleteOne({ n: 3 });
    const stats = kit.standIn.stats();
    expect(stats.byCommand).toMatchObject({ ping: 1, insert: 2, find: 1, update: 1, delete: 1 });
    const counted = Object.entries(stats.byCommand)
      .filter(([name]) => !['hello', 'isMaster', 'ismaster', 'ping', 'buildInfo', 'buildinfo', 'endSessions'].includes(name))
      .reduce((sum, [, count]) => sum + count, 0);
    expect(stats.total).toBe(5);
    expect(stats.total).toBe(counted);
    kit.standIn.resetStats();
    expect(kit.standIn.stats()).toEqual({ total: 0, byCommand: {} });
  });

  it('fails the next matching command once, then recovers', async () => {
    await jobs().insertOne({ _id: 'j1' } as Document);
    kit.standIn.failNext('delete', { code: 2, errmsg: 'boom' });
    await expect(jobs().deleteOne({ _id: 'j1' } as Document)).rejects.toMatchObject({ code: 2, message: 'boom', codeName: 'BadValue' });
    expect(await jobs().countDocuments()).toBe(1);
    expect((await jobs().deleteOne({ _id: 'j1' } as Document)).deletedCount).toBe(1);
    expect(kit.standIn.stats().byCommand.delete).toBe(2);
  });

  it('fails N times and only for the named command', async () => {
    kit.standIn.failNext('find', { code: 8000, errmsg: 'find unavailable' }, 2);
    await jobs().insertOne({ a: 1 });
    await expect(jobs().findOne({})).rejects.toMatchObject({ code: 8000 });
    await expect(jobs().findOne({})).rejects.toMatchObject({ code: 8000 });
    expect(await jobs().findOne({}, { projection: { _id: 0 } })).toEqual({ a: 1 });
  });

  it('can report a failure after the write happened, so a repeated delete is a harmless no-op', async () => {
    await jobs().insertOne({ _id: 'j2' } as Document);
    kit.standIn.failNext('delete', { code: 2, errmsg: 'ack lost', afterExecute: true });
    await expect(jobs().deleteOne({ _id: 'j2' } as Document)).rejects.toMatchObject({ code: 2 });
    expect(await jobs().countDocuments()).toBe(0);
    expect((await jobs().deleteOne({ _id: 'j2' } as Document)).deletedCount).toBe(0);
  });

  it('can drop the connection instead of replying; the driver retries the read on a new connection', async () => {
    await jobs().insertOne({ b: 2 });
    kit.standIn.failNext('find', { code: 6, closeConnection: true });
    expect(await jobs().findOne({}, { projection: { _id: 0 } })).toEqual({ b: 2 });
    expect(kit.standIn.stats().byCommand.find).toBe(2);
  });

  it('answers a retried write from its retryable-write record instead of applying it twice', async () => {
    kit.standIn.failNext('insert', { code: 91, errmsg: 'shutting down', afterExecute: true });
    const attempt = jobs().insertOne({ _id: 'once' } as Document);
    if (mode === 'replicaSet') {
      await expect(attempt).resolves.toMatchObject({ insertedId: 'once' });
      expect(kit.standIn.stats().byCommand.insert).toBe(2);
    } else {
      await expect(attempt).rejects.toMatchObject({ code: 91, codeName: 'ShutdownInProgress' });
      expect(kit.standIn.stats().byCommand.insert).toBe(1);
    }
    expect(await jobs().countDocuments()).toBe(1);
  });
});
