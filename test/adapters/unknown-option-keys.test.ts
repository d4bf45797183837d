import { existsSync } from 'node:fs';
import path from 'node:path';
import { Test } from '@nestjs/testing';
import { createStorageAdapter, FileStorageAdapter, MongoDBStorageAdapter, StorageFactory, ValidationError } from '../../src';
import { mongoDataSourceOptions } from '../../src/repositories/mongodb';
import { CvmStorageModule } from '../../src/nest';
import { makeTempDir, removeTempDir } from '../support/fixtures/temp-folders';

/** The ValidationError `act` throws or rejects with; fails when it does neither. */
async function validationErrorOf(act: () => unknown): Promise<ValidationError> {
  let error: unknown;
  try {
    await act();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('an unknown option key is a ValidationError naming it and the nearest known key', () => {
  let dir: string;
  let cwd: string;
  beforeEach(() => {
    dir = makeTempDir('cvm-option-keys-');
    cwd = process.cwd();
    process.chdir(dir);
  });
  afterEach(() => {
    process.chdir(cwd);
    removeTempDir(dir);
  });

  it.each([
    ['createStorageAdapter', () => createStorageAdapter({ datadir: './d' } as never), 'datadir', 'dataDir'],
    ['createStorageAdapter, beside a valid backend', () => createStorageAdapter({ dataDir: './d', validaton: 'strict' } as never), 'validaton', 'validation'],
    ['FileStorageAdapter', () => new FileStorageAdapter('./d', { validaton: 'strict' } as never), 'validaton', 'validation'],
    ['MongoDBStorageAdapter', () => new MongoDBStorageAdapter('mongodb://127.0.0.1:1/x', { serverSelectionTimeout: 10 } as never), 'serverSelectionTimeout', 'serverSelectionTimeoutMS'],
    ['StorageFactory.create', () => StorageFactory.create({ datadir: './d' } as never), 'datadir', 'dataDir'],
    ['mongoDataSourceOptions', () => mongoDataSourceOptions({ url: 'mongodb://127.0.0.1:1/x', databse: 'x' } as never), 'databse', 'database'],
  ])('%s', async (_where, act, key, nearest) => {
    const error = await validationErrorOf(act);
    expect(error.issues.map((issue) => issue.path)).toStrictEqual([key]);
    expect(error.message).toContain(`the nearest is ${nearest}`);
    expect(existsSync(path.join(dir, 'cvm-data'))).toBe(false);
    expect(existsSync(path.join(dir, 'd'))).toBe(false);
  });

  it('the Nest module names the key instead of saying that no backend was given', async () => {
    const error = await validationErrorOf(() =>
      Test.createTestingModule({ imports: [CvmStorageModule.forRoot({ datadir: './d' } as never)] }).compile(),
    );
    expect(error.issues.map((issue) => issue.path)).toStrictEqual(['datadir']);
    expect(error.message).toContain('the nearest is dataDir');
  });

  it('mongoDataSourceOptions without a url fails at the call, naming url', async () => {
    const error = await validationErrorOf(() => mongoDataSourceOptions({ url: undefined } as never));
    expect(error.issues.map((issue) => issue.path)).toStrictEqual(['url']);
  });
});
