import { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import { createStorageAdapter } from '../../src/adapters/create-storage-adapter';
import { ValidationError } from '../../src/errors';
import { DEFAULT_OPERATION_TIMEOUT_MS, mongoDataSourceOptions } from '../../src/repositories/mongodb/data-source-options';

describe('MongoDB operationTimeoutMS', () => {
  it('is the driver socket timeout: 30000 ms by default, else as given', () => {
    expect(DEFAULT_OPERATION_TIMEOUT_MS).toBe(30_000);
    expect(mongoDataSourceOptions({ url: 'mongodb://127.0.0.1:1/x' }).extra).toMatchObject({ socketTimeoutMS: 30_000 });
    expect(mongoDataSourceOptions({ url: 'mongodb://127.0.0.1:1/x', operationTimeoutMS: 1234 }).extra).toMatchObject({ socketTimeoutMS: 1234 });
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, '500'])('refuses %p with a ValidationError naming it, before connecting', (value) => {
    const make = () => new MongoDBStorageAdapter('mongodb://127.0.0.1:1/x', { operationTimeoutMS: value as number });
    expect(make).toThrow(ValidationError);
    expect(make).toThrow(/operationTimeoutMS/);
  });

  it('createStorageAdapter checks it too, before connecting', async () => {
    await expect(createStorageAdapter({ mongoUrl: 'mongodb://127.0.0.1:1/x', operationTimeoutMS: 0 })).rejects.toThrow(/operationTimeoutMS/);
  });
});
