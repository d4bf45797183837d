import { ConnectionError } from '../../src/errors';
import { MongoConnection } from '../../src/repositories/mongodb';

describe('MongoDB connection: a call the driver timed out', () => {
  it("fails with a ConnectionError whose cause no longer carries the URL's password", async () => {
    const connection = new MongoConnection('mongodb://admin:s3cret-Pa55@db.example:27017/cvm');
    const timeout = new Error('connection to mongodb://admin:s3cret-Pa55@db.example:27017 timed out');
    timeout.name = 'MongoNetworkTimeoutError';
    const failure: unknown = await connection.io('collection executions', 'read', () => Promise.reject(timeout)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConnectionError);
    const cause = (failure as ConnectionError).cause;
    expect(cause).toBe(timeout);
    expect(`${timeout.message} ${timeout.stack ?? ''}`).not.toContain('s3cret-Pa55');
    expect(timeout.message).toContain('db.example:27017');
  });
});
