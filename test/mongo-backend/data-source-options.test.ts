import { MongoClient } from 'mongodb';
import type { DataSource } from 'typeorm';
import { CVM_STORAGE_ENTITIES } from '../../src/entities';
import {
  databaseFromUrl,
  DEFAULT_SERVER_SELECTION_TIMEOUT_MS,
  mongoDataSourceOptions,
  mongoDataSourceOptionsFromEnv,
  mongoUrlFromEnv,
} from '../../src/repositories/mongodb/data-source-options';

describe('MongoDB DataSource options', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it.each([
    ['mongodb://127.0.0.1:27017/app', 'app'],
    ['mongodb://127.0.0.1:27017/', 'cvm'],
    ['mongodb://127.0.0.1:27017', 'cvm'],
    ['mongodb://127.0.0.1:27017/?replicaSet=rs0', 'cvm'],
    ['mongodb://user:p%2Fss@h1:1,h2:2/my%20db?authSource=admin', 'my db'],
    ['mongodb+srv://cluster0.example.net/prod?retryWrites=true&w=majority', 'prod'],
  ])('takes the database of %s as %s', (url, database) => {
    expect(databaseFromUrl(url)).toBe(database);
    expect(mongoDataSourceOptions({ url }).database).toBe(database);
  });

  it('holds the four entities, no synchronize, and a 5 s server selection timeout unless told otherwise', () => {
    const options = mongoDataSourceOptions({ url: 'mongodb://127.0.0.1/x' });
    expect(options).toMatchObject({ type: 'mongodb', synchronize: false, extra: { serverSelectionTimeoutMS: 5000 } });
    expect(options.entities).toStrictEqual(CVM_STORAGE_ENTITIES);
    expect(DEFAULT_SERVER_SELECTION_TIMEOUT_MS).toBe(5000);
    const custom = mongoDataSourceOptions({ url: 'mongodb://127.0.0.1/x', serverSelectionTimeoutMS: 750, database: 'other' });
    expect(custom).toMatchObject({ database: 'other', extra: { serverSelectionTimeoutMS: 750 } });
  });

  it('connects with the URL exactly as given, not the one TypeORM rebuilds from its parts', async () => {
    const url = 'mongodb://user:pw@h1:1,h2:2/db?w=majority&authSource=admin';
    const connect = jest.spyOn(MongoClient, 'connect').mockResolvedValue({} as MongoClient);
    const driver = mongoDataSourceOptions({ url }).driver as { MongoClient: { connect(url: string, options: object): Promise<unknown> } };
    await driver.MongoClient.connect('mongodb://user:pw@h1:1/db', { serverSelectionTimeoutMS: 5000 });
    expect(connect).toHaveBeenCalledWith(url, { serverSelectionTimeoutMS: 5000 });
  });

  it('reads MONGODB_URL, else MONGODB_URI, ignoring empty values', () => {
    expect(mongoUrlFromEnv({ MONGODB_URL: 'mongodb://a/x', MONGODB_URI: 'mongodb://b/y' })).toBe('mongodb://a/x');
    expect(mongoUrlFromEnv({ MONGODB_URL: '', MONGODB_URI: 'mongodb://b/y' })).toBe('mongodb://b/y');
    expect(mongoUrlFromEnv({})).toBeUndefined();
    expect(mongoDataSourceOptionsFromEnv({ MONGODB_URI: 'mongodb://b/from_uri' }).database).toBe('from_uri');
    expect(mongoDataSourceOptionsFromEnv({}).database).toBe('cvm');
  });

  it('ormconfig.ts default-exports an uninitialized DataSource built from the environment', () => {
    const saved = process.env.MONGODB_URL;
    process.env.MONGODB_URL = 'mongodb://127.0.0.1:1/from_env';
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const ormconfig = require('../../ormconfig') as { default: DataSource; mongoDataSourceOptions: unknown };
        expect(ormconfig.default.isInitialized).toBe(false);
        expect(ormconfig.default.options).toMatchObject({ type: 'mongodb', database: 'from_env', synchronize: false });
        expect(ormconfig.default.entityMetadatas).toStrictEqual([]);
        expect(ormconfig.default.options.entities).toHaveLength(4);
        expect(typeof ormconfig.mongoDataSourceOptions).toBe('function');
      });
    } finally {
      if (saved === undefined) delete process.env.MONGODB_URL;
      else process.env.MONGODB_URL = saved;
    }
  });
});
