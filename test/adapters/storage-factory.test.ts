import path from 'node:path';
import {
  FileStorageAdapter,
  MongoDBAdapter,
  MongoDBStorageAdapter,
  StorageFactory,
  ValidationError,
  type Execution,
  type CvmStorage,
} from '../../src';
import { startMongoStandIn, type MongoStandIn } from '../support/mongo-standin';
import { uniqueDatabaseUrl } from '../support/fixtures/mongo-target';
import { makeTempDir, removeTempDir } from '../support/fixtures/temp-folders';

const ENV_KEYS = ['CVM_STORAGE_TYPE', 'CVM_DATA_DIR', 'MONGODB_URI', 'MONGODB_URL'] as const;

describe('StorageFactory.create', () => {
  const saved: Record<string, string | undefined> = {};
  let dir: string;

  beforeEach(() => {
    for (const key of ENV_KEYS) {
      saved[key] = process.env[key];
      delete process.env[key];
    }
    dir = makeTempDir('cvm-factory-');
  });

  afterEach(() => {
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    removeTempDir(dir);
  });

  const fileDir = (adapter: CvmStorage): string => {
    expect(adapter).toBeInstanceOf(FileStorageAdapter);
    return (adapter as FileStorageAdapter).dataDir;
  };
  const mongoTarget = (adapter: CvmStorage): string => {
    expect(adapter).toBeInstanceOf(MongoDBStorageAdapter);
    return (adapter as MongoDBStorageAdapter).connection.target;
  };

  it('with no config and no environment: the file backend in .cvm, not yet connected', () => {
    const adapter = StorageFactory.create();
    expect(fileDir(adapter)).toBe(path.resolve('.cvm'));
    expect(adapter.isConnected()).toBe(false);
  });

  it('the file folder comes from CVM_DATA_DIR, and config.dataDir wins over it', () => {
    process.env.CVM_DATA_DIR = path.join(dir, 'from-env');
    expect(fileDir(StorageFactory.create())).toBe(path.join(dir, 'from-env'));
    expect(fileDir(StorageFactory.create({ dataDir: path.join(dir, 'from-config') }))).toBe(path.join(dir, 'from-config'));
  });

  it('CVM_STORAGE_TYPE=mongodb selects MongoDB at the default URI', () => {
    process.env.CVM_STORAGE_TYPE = 'mongodb';
    expect(mongoTarget(StorageFactory.create())).toBe('mongodb://localhost:27017/cvm');
  });

  it('the MongoDB URI comes from MONGODB_URI (not MONGODB_URL), and config.mongoUri wins over it', () => {
    process.env.MONGODB_URL = 'mongodb://ignored:1/x';
    process.env.MONGODB_URI = 'mongodb://from-env:27017/db';
    expect(mongoTarget(StorageFactory.create({ type: 'mongodb' }))).toBe('mongodb://from-env:27017/db');
    expect(mongoTarget(StorageFactory.create({ type: 'mongodb', mongoUri: 'mongodb://from-config:27017/db' }))).toBe('mongodb://from-config:27017/db');
  });

  it('config.type wins over CVM_STORAGE_TYPE', () => {
    process.env.CVM_STORAGE_TYPE = 'mongodb';
    expect(fileDir(StorageFactory.create({ type: 'file', dataDir: dir }))).toBe(dir);
  });

  it.each([
    ['config.type', () => StorageFactory.create({ type: 'redis' as never }), 'type'],
    ['CVM_STORAGE_TYPE', () => ((process.env.CVM_STORAGE_TYPE = 'redis'), StorageFactory.create()), 'CVM_STORAGE_TYPE'],
  ])('an unknown type in %s is a ValidationError naming it, with the original CVM message', (_where, create, field) => {
    let error: unknown;
    try {
      create();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0].path).toBe(field);
    expect((error as ValidationError).message).toBe('Unsupported storage type: redis');
    expect((error as ValidationError).issues[0].constraints.isIn).toContain('"redis"');
  });

  it("StorageFactory.create({ type: 'unsupported' }) throws 'Unsupported storage type: unsupported', as the original CVM storage does", () => {
    expect(() => StorageFactory.create({ type: 'unsupported' as never })).toThrow(new ValidationError('StorageFactoryConfig', [], 'Unsupported storage type: unsupported'));
    expect(() => StorageFactory.create({ type: 'unsupported' as never })).toThrow(ValidationError);
  });

  it('passes the validation mode to the adapter', async () => {
    const record = { id: 'e', programId: 'p', state: 'READY', pc: 0, stack: [], variables: {}, created: new Date(0), status: 'running' } as Execution;
    const compatible = StorageFactory.create({ dataDir: path.join(dir, 'a') });
    const strict = StorageFactory.create({ dataDir: path.join(dir, 'b'), validation: 'strict' });
    await compatible.connect();
    await strict.connect();
    try {
      await compatible.saveExecution(record);
      expect(await compatible.getExecution('e')).toStrictEqual(record);
      await expect(strict.saveExecution(record)).rejects.toBeInstanceOf(ValidationError);
    } finally {
      await compatible.disconnect();
      await strict.disconnect();
    }
  });

  it('MongoDBAdapter is MongoDBStorageAdapter', () => {
    expect(MongoDBAdapter).toBe(MongoDBStorageAdapter);
    expect(new MongoDBAdapter('mongodb://127.0.0.1:1/x')).toBeInstanceOf(MongoDBStorageAdapter);
  });

  describe('against a MongoDB server', () => {
    let standIn: MongoStandIn;
    beforeAll(async () => {
      standIn = await startMongoStandIn();
    });
    afterAll(async () => {
      await standIn.close();
    });

    it('an adapter made from CVM_STORAGE_TYPE and MONGODB_URI connects and stores', async () => {
      process.env.CVM_STORAGE_TYPE = 'mongodb';
      process.env.MONGODB_URI = uniqueDatabaseUrl(standIn.url, 'factory');
      const adapter = StorageFactory.create();
      await adapter.connect();
      try {
        await adapter.setCurrentExecutionId('e1');
        expect(await adapter.getCurrentExecutionId()).toBe('e1');
      } finally {
        await adapter.disconnect();
      }
    });
  });
});
