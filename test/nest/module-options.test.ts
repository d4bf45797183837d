import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ConnectionError, MongoDBStorageAdapter, CvmStorage, ValidationError, type Execution } from '../../src';
import { ExecutionRepository } from '../../src/backend';
import { CVM_STORAGE_ENTITIES } from '../../src/repositories/mongodb';
import { CvmStorageModule, type CvmStorageOptions } from '../../src/nest';
import { makeTempDir, removeTempDir } from '../support/fixtures/temp-folders';

/** A port nothing listens on, so connecting fails fast and never reaches a real server. */
const UNREACHABLE = 'mongodb://cvm-user:s3cret-pw@127.0.0.1:1/cvm_nest_test';

function compileWith(options: unknown): Promise<unknown> {
  return Test.createTestingModule({
    imports: [CvmStorageModule.forRootAsync({ useFactory: () => options as CvmStorageOptions })],
  }).compile();
}

describe('CvmStorageModule options', () => {
  it.each([
    ['no backend', {}, ''],
    ['two backends', { dataDir: './x', mongoUrl: UNREACHABLE }, 'mongoUrl'],
    ['an empty dataDir', { dataDir: '' }, 'dataDir'],
    ['a dataDir that is not a string', { dataDir: 42 }, 'dataDir'],
    ['a blank mongoUrl', { mongoUrl: '  ' }, 'mongoUrl'],
    ['a dataSource that is not one', { dataSource: { url: UNREACHABLE } }, 'dataSource'],
    ['options that are not an object', undefined, ''],
    ['an unknown validation mode', { dataDir: './x', validation: 'lenient' }, 'validation'],
  ])('rejects %s with a ValidationError naming the field', async (_case, options, field) => {
    const error: unknown = await compileWith(options).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([field]);
  });

  it('validation: strict reaches the adapter and its repositories', async () => {
    const dataDir = makeTempDir('cvm-nest-validation-');
    const moduleRef = await Test.createTestingModule({ imports: [CvmStorageModule.forRoot({ dataDir, validation: 'strict' })] }).compile();
    await moduleRef.init();
    try {
      const withStatus = { id: 'e', programId: 'p', state: 'READY', pc: 0, stack: [], variables: {}, created: new Date(0), status: 'running' } as Execution;
      await expect(moduleRef.get(CvmStorage).saveExecution(withStatus)).rejects.toBeInstanceOf(ValidationError);
      await expect(moduleRef.get(ExecutionRepository).save(withStatus)).rejects.toBeInstanceOf(ValidationError);
    } finally {
      await moduleRef.close();
      removeTempDir(dataDir);
    }
  });

  it('mongoUrl selects MongoDB; a failed connection fails init with a ConnectionError, password masked', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [CvmStorageModule.forRoot({ mongoUrl: UNREACHABLE, serverSelectionTimeoutMS: 200 })],
    }).compile();
    expect(moduleRef.get(CvmStorage)).toBeInstanceOf(MongoDBStorageAdapter);

    const error: unknown = await moduleRef.init().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).not.toContain('s3cret-pw');
    await expectCloseAfterFailedInit(moduleRef, error);
  });

  it("dataSource selects MongoDB over the app's own DataSource", async () => {
    const dataSource = new DataSource({
      type: 'mongodb',
      url: UNREACHABLE,
      entities: [...CVM_STORAGE_ENTITIES],
      extra: { serverSelectionTimeoutMS: 200 },
    });
    const moduleRef = await Test.createTestingModule({ imports: [CvmStorageModule.forRoot({ dataSource })] }).compile();
    const adapter = moduleRef.get(CvmStorage);

    expect(adapter).toBeInstanceOf(MongoDBStorageAdapter);
    expect((adapter as MongoDBStorageAdapter).connection.target).toContain('(app DataSource)');
    const error: unknown = await moduleRef.init().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    await expectCloseAfterFailedInit(moduleRef, error);
  });
});

/** Nest 11's close() reports the failed init again; Nest 12's resolves. Either is fine, nothing else. */
async function expectCloseAfterFailedInit(moduleRef: { close(): Promise<void> }, initError: unknown): Promise<void> {
  const closeError = await moduleRef.close().then(
    () => null,
    (e: unknown) => e,
  );
  expect([null, initError]).toContain(closeError);
}
