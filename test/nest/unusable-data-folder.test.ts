import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { existsSync } from 'node:fs';
import { StorageIOError } from '../../src';
import { makeFolder } from '../../src/repositories/file/make-folder';
import { CvmStorageModule } from '../../src/nest';
import { storageOptionsFrom } from '../../examples/nest/storage-options';

// Node's mkdir(..., { recursive: true }) never settles on a child of /proc: these would hang, not fail.
jest.setTimeout(15_000);

/** Rejects with what `promise` rejects with, or with a timeout error after `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms).unref())]);
}

describe('a data folder under /proc (Linux)', () => {
  beforeAll(() => {
    expect(existsSync('/proc/self')).toBe(true);
  });

  it('makeFolder fails with the system error instead of looping', async () => {
    await expect(within(makeFolder('/proc/cvm-storage-x/programs'), 3000)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('CVM_DATA_DIR=/proc/x fails the Nest boot with a StorageIOError naming the folder, within the connect retry bound', async () => {
    const saved = process.env.CVM_DATA_DIR;
    process.env.CVM_DATA_DIR = '/proc/cvm-storage-x';
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [
          CvmStorageModule.forRootAsync({
            imports: [ConfigModule.forRoot({ ignoreEnvFile: true })],
            inject: [ConfigService],
            useFactory: (config: ConfigService) => ({ ...storageOptionsFrom(config), retryAttempts: 2, retryDelay: 50 }),
          }),
        ],
      }).compile();
      const started = Date.now();
      const error: unknown = await within(moduleRef.init(), 5000).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StorageIOError);
      expect(error).toMatchObject({ location: '/proc/cvm-storage-x', operation: 'create folder' });
      expect(Date.now() - started).toBeLessThan(5000);
      // Nest's close() after a failed init may reject with the init's error again.
      expect([null, error]).toContain(await moduleRef.close().then(() => null, (closeError: unknown) => closeError));
    } finally {
      if (saved === undefined) delete process.env.CVM_DATA_DIR;
      else process.env.CVM_DATA_DIR = saved;
    }
  });
});
