import { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import { ConnectionError } from '../../src/errors';
import { startMongoStandIn, type MongoStandIn } from '../support/mongo-standin';

const PASSWORD = 'Pa55-wrong-set';

/** A URL on the stand-in with credentials and the given query string, naming a database. */
function urlOn(standIn: MongoStandIn, query: string): string {
  const { host } = new URL(standIn.url);
  return `mongodb://cvm:${PASSWORD}@${host}/cvm_wrong_set?${query}`;
}

async function connectFailure(url: string): Promise<ConnectionError> {
  const adapter = new MongoDBStorageAdapter(url, { serverSelectionTimeoutMS: 500 });
  const failure: unknown = await adapter.connect().catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(ConnectionError);
  return failure as ConnectionError;
}

describe('MongoDB connect() with a replica set name the server does not have', () => {
  let standIn: MongoStandIn;

  beforeAll(async () => {
    standIn = await startMongoStandIn({ mode: 'replicaSet' });
  });

  afterAll(async () => {
    await standIn.close();
  });

  it('names the likely causes: the replicaSet= name and directConnection, without the password', async () => {
    const failure = await connectFailure(urlOn(standIn, 'replicaSet=not-the-set&authSource=admin'));
    expect(failure.message).toContain('Server selection timed out');
    expect(failure.message).toContain('replica set "not-the-set" (replicaSet=)');
    expect(failure.message).toContain('directConnection=true');
    expect(`${failure.message} ${failure.stack ?? ''} ${String((failure.cause as Error | undefined)?.message)}`).not.toContain(PASSWORD);
  });

  it('says nothing of replica sets when the server cannot be reached at all', async () => {
    const url = 'mongodb://127.0.0.1:1/cvm_wrong_set?replicaSet=rs0';
    const failure = await connectFailure(url);
    expect(failure.message).not.toContain('likely causes');
  });
});
