import { ValidationError } from '../../src';
import { ORIGINAL_DEFAULTS, PACKAGE_DEFAULTS, resolveGivenStorageOptions, resolveStorageOptions } from '../../src/adapters/resolve-storage-options';

const file = (dataDir: string) => ({ type: 'file', dataDir, validation: 'compatible', durability: undefined, cacheBytes: undefined });
const mongodb = (url: string) => ({
  type: 'mongodb',
  urlOrDataSource: url,
  database: undefined,
  serverSelectionTimeoutMS: undefined,
  operationTimeoutMS: undefined,
  validation: 'compatible',
});

describe('resolveStorageOptions: options, then environment, then the entry point defaults', () => {
  it.each([
    ['nothing', {}, {}, file('./cvm-data'), file('.cvm')],
    ['CVM_DATA_DIR', {}, { CVM_DATA_DIR: '/env' }, file('/env'), file('/env')],
    ['an empty CVM_DATA_DIR, which counts as unset', {}, { CVM_DATA_DIR: '' }, file('./cvm-data'), file('.cvm')],
    ['dataDir over CVM_DATA_DIR', { dataDir: '/given' }, { CVM_DATA_DIR: '/env' }, file('/given'), file('/given')],
    ['MONGODB_URL: only createStorageAdapter reads it', {}, { MONGODB_URL: 'mongodb://u/x' }, mongodb('mongodb://u/x'), file('.cvm')],
    ['MONGODB_URI: only createStorageAdapter lets it select MongoDB', {}, { MONGODB_URI: 'mongodb://i/x' }, mongodb('mongodb://i/x'), file('.cvm')],
    ['CVM_STORAGE_TYPE: only StorageFactory reads it', {}, { CVM_STORAGE_TYPE: 'mongodb' }, file('./cvm-data'), mongodb('mongodb://localhost:27017/cvm')],
  ])('%s', (_case, settings, env, fromPackage, fromOriginal) => {
    expect(resolveStorageOptions(settings, PACKAGE_DEFAULTS, env)).toStrictEqual(fromPackage);
    expect(resolveStorageOptions(settings, ORIGINAL_DEFAULTS, env)).toStrictEqual(fromOriginal);
  });

  it("StorageFactory's mongoUri does not select MongoDB, its type does; createStorageAdapter's mongoUrl does", () => {
    expect(resolveStorageOptions({ mongoUri: 'mongodb://c/x' }, ORIGINAL_DEFAULTS, {})).toStrictEqual(file('.cvm'));
    expect(resolveStorageOptions({ type: 'mongodb', mongoUri: 'mongodb://c/x' }, ORIGINAL_DEFAULTS, { MONGODB_URI: 'mongodb://e/x' })).toStrictEqual(mongodb('mongodb://c/x'));
    expect(resolveStorageOptions({ mongoUrl: 'mongodb://c/x' }, PACKAGE_DEFAULTS, { CVM_DATA_DIR: '/env' })).toStrictEqual(mongodb('mongodb://c/x'));
  });

  it('createStorageAdapter refuses two backends; StorageFactory takes both and uses the one its type names', () => {
    expect(() => resolveStorageOptions({ dataDir: '/d', mongoUrl: 'mongodb://c/x' }, PACKAGE_DEFAULTS, {})).toThrow(ValidationError);
    expect(resolveStorageOptions({ type: 'file', dataDir: '/d', mongoUri: 'mongodb://c/x' }, ORIGINAL_DEFAULTS, {})).toStrictEqual(file('/d'));
  });

  it.each([
    [{ dataDir: '' }, 'dataDir'],
    [{ mongoUrl: '  ' }, 'mongoUrl'],
    [{ dataSource: {} as never }, 'dataSource'],
  ])('refuses %j with a ValidationError on %s', (settings, field) => {
    let error: unknown;
    try {
      resolveStorageOptions(settings, PACKAGE_DEFAULTS, {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toStrictEqual([field]);
  });

  it('resolveGivenStorageOptions reads no environment, and is null when the options select no backend', () => {
    const saved = process.env.MONGODB_URL;
    process.env.MONGODB_URL = 'mongodb://env/x';
    try {
      expect(resolveStorageOptions({ validation: 'strict' }, PACKAGE_DEFAULTS)).toMatchObject({ type: 'mongodb', urlOrDataSource: 'mongodb://env/x' });
      expect(resolveGivenStorageOptions({ validation: 'strict' }, PACKAGE_DEFAULTS)).toBeNull();
      expect(resolveGivenStorageOptions({ dataDir: '/d' }, PACKAGE_DEFAULTS)).toStrictEqual(file('/d'));
    } finally {
      if (saved === undefined) delete process.env.MONGODB_URL;
      else process.env.MONGODB_URL = saved;
    }
  });
});
