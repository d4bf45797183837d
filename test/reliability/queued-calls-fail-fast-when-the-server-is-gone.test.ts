import { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import { ConnectionError } from '../../src/errors';
import { startMongoStandIn, type MongoStandIn } from '../support/mongo-standin';
import { uniqueDatabaseUrl } from '../support/fixtures/mongo-target';

/**
 * When the MongoDB server goes away, the calls already queued fail together with the first call
 * that found no server, instead of waiting one server-selection timeout each; calls made one
 * timeout later try the server again, so the adapter recovers by itself when it returns.
 */
const QUEUED = 20;

describe('queued calls fail fast when the MongoDB server is gone', () => {
  let standIn: MongoStandIn;
  let adapter: MongoDBStorageAdapter;
  let firstCause: unknown;

  beforeAll(async () => {
    standIn = await startMongoStandIn();
    adapter = new MongoDBStorageAdapter(uniqueDatabaseUrl(standIn.url, 'fail_fast'), { serverSelectionTimeoutMS: 300 });
    await adapter.connect();
    await adapter.appendOutput('run', ['before']);
  });

  afterAll(async () => {
    await adapter?.disconnect();
    // The first test closes it; this closes it when a test failed earlier, else it keeps the worker alive.
    await standIn?.close();
  });

  it(`${QUEUED} appends queued on one execution all fail with ConnectionError carrying the first failure's cause`, async () => {
    await standIn.close();
    const settled = await Promise.allSettled(Array.from({ length: QUEUED }, (_, i) => adapter.appendOutput('run', [`line ${i}`])));
    const reasons = settled.map((result) => (result.status === 'rejected' ? (result.reason as unknown) : null));
    expect(reasons.every((reason) => reason instanceof ConnectionError)).toBe(true);
    firstCause = (reasons[0] as ConnectionError).cause;
    const failedFast = reasons.filter((reason) => (reason as ConnectionError).cause === firstCause).length;
    expect(failedFast).toBe(QUEUED);
  });

  it('a call made one server-selection timeout after the failure tries the server again instead of failing with the old cause', async () => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    const error = await adapter.getOutput('run').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(firstCause).toBeInstanceOf(Error);
    expect((error as ConnectionError).cause).not.toBe(firstCause);
  });
});
