import { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import { ValidationError } from '../../src/errors';

describe('MongoDB readOnly option', () => {
  it.each(['yes', 1, null])('refuses %p with a ValidationError naming it, before connecting', (value) => {
    const make = () => new MongoDBStorageAdapter('mongodb://127.0.0.1:1/x', { readOnly: value as unknown as boolean });
    expect(make).toThrow(ValidationError);
    expect(make).toThrow(/readOnly/);
  });

  it.each([true, false])('takes %p', (value) => {
    expect(new MongoDBStorageAdapter('mongodb://127.0.0.1:1/x', { readOnly: value }).isConnected()).toBe(false);
  });
});
