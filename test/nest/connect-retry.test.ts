import { Logger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CvmStorage, StorageIOError, ValidationError } from '../../src';
import { CvmStorageModule, type CvmStorageModuleOptions } from '../../src/nest';
import { useTempDir } from '../support/fixtures/temp-folders';

const opened: TestingModule[] = [];
afterEach(async () => {
  for (const moduleRef of opened.splice(0)) await moduleRef.close();
  jest.restoreAllMocks();
});

async function init(module: ReturnType<typeof CvmStorageModule.forRoot>): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
  await moduleRef.init();
  opened.push(moduleRef);
  return moduleRef;
}

describe('CvmStorageModule retries a failed connect()', () => {
  const dir = useTempDir();

  /** A data folder under a regular file, which connect() cannot create until `unblock()` removes the file. */
  function blockedDataDir(): { dataDir: string; unblock: () => void } {
    const blocker = path.join(dir(), 'blocker');
    writeFileSync(blocker, '');
    return { dataDir: path.join(blocker, 'data'), unblock: () => rmSync(blocker) };
  }

  it.each([
    ['forRoot', (options: CvmStorageModuleOptions) => CvmStorageModule.forRoot(options)],
    ['forRootAsync', (options: CvmStorageModuleOptions) => CvmStorageModule.forRootAsync({ useFactory: async () => options })],
  ])('%s: connects on a later attempt once the cause is gone, warning once per failure', async (_name, register) => {
    const { dataDir, unblock } = blockedDataDir();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => unblock());

    const moduleRef = await init(register({ dataDir, retryAttempts: 3, retryDelay: 10 }));

    expect(moduleRef.get(CvmStorage).isConnected()).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/^Unable to connect the storage \(attempt 1 of 4\): Cannot create folder .*data \(ENOTDIR\)\. Retrying in 10 ms/);
  });

  it('gives up after retryAttempts more tries, retryDelay apart, with the last error', async () => {
    const { dataDir } = blockedDataDir();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const started = Date.now();

    const error = await init(CvmStorageModule.forRoot({ dataDir, retryAttempts: 2, retryDelay: 100 })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StorageIOError);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('does not retry by default', async () => {
    const { dataDir } = blockedDataDir();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);

    await expect(init(CvmStorageModule.forRoot({ dataDir }))).rejects.toBeInstanceOf(StorageIOError);
    expect(warn).not.toHaveBeenCalled();
  });

  it.each([
    [{ retryAttempts: -1 }, 'retryAttempts'],
    [{ retryAttempts: 1.5 }, 'retryAttempts'],
    [{ retryDelay: '3000' }, 'retryDelay'],
  ])('refuses %j with a ValidationError naming the key', async (retry, key) => {
    mkdirSync(path.join(dir(), 'data'));
    const options = { dataDir: path.join(dir(), 'data'), ...retry } as unknown as CvmStorageModuleOptions;

    const error = await init(CvmStorageModule.forRoot(options)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([key]);
  });
});
