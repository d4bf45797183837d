import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { createStorageAdapter } from '../../src/adapters/create-storage-adapter';
import { FileStorageAdapter } from '../../src/adapters/file-storage-adapter';
import { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import type { CvmStorage } from '../../src/adapters/storage-adapter';
import { CVM_STORAGE_ENTITIES } from '../../src/entities';
import { ConnectionError, ValidationError } from '../../src/errors';
import { makeProgram } from '../support/fixtures/records';
import { mongoTargets } from '../support/fixtures/mongo-target';
import { useMongoKit } from '../support/fixtures/mongo';

const ENV_KEYS = ['MONGODB_URL', 'MONGODB_URI', 'CVM_DATA_DIR'] as const;

for (const target of mongoTargets()) {
  describe(`createStorageAdapter choosing MongoDB on ${target.name}`, () => {
    const kit = useMongoKit(target);
    const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
    let opened: CvmStorage[] = [];
    let dataDir: string;

    beforeEach(async () => {
      for (const key of ENV_KEYS) {
        saved[key] = process.env[key];
        delete process.env[key];
      }
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'cvm-create-'));
    });

    afterEach(async () => {
      for (const adapter of opened) if (adapter.isConnected()) await adapter.disconnect();
      opened = [];
      for (const key of ENV_KEYS) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
      await rm(dataDir, { recursive: true, force: true });
    });

    async function create(options?: Parameters<typeof createStorageAdapter>[0]): Promise<CvmStorage> {
      const adapter = await createStorageAdapter(options);
      opened.push(adapter);
      return adapter;
    }

    /** True when `adapter` reaches the database of `url`: what one saves, a fresh adapter there reads. */
    async function storesIn(adapter: CvmStorage, url: string): Promise<boolean> {
      await adapter.saveProgram(makeProgram());
      const reader = kit.adapter(url);
      await reader.connect();
      return (await reader.getProgram('prog-1')) !== null;
    }

    it('{ mongoUrl } gives a connected MongoDB adapter on that database', async () => {
      const url = kit.databaseUrl();
      const adapter = await create({ mongoUrl: url });
      expect(adapter).toBeInstanceOf(MongoDBStorageAdapter);
      expect(adapter.isConnected()).toBe(true);
      expect(await storesIn(adapter, url)).toBe(true);
    });

    it('MONGODB_URL, else MONGODB_URI, picks MongoDB when no option names a backend', async () => {
      const url = kit.databaseUrl();
      process.env.MONGODB_URI = url;
      const fromUri = await create();
      expect(fromUri).toBeInstanceOf(MongoDBStorageAdapter);
      expect(await storesIn(fromUri, url)).toBe(true);

      const other = kit.databaseUrl();
      process.env.MONGODB_URL = other;
      process.env.CVM_DATA_DIR = dataDir;
      const fromUrl = await create();
      expect(fromUrl).toBeInstanceOf(MongoDBStorageAdapter);
      expect(await storesIn(fromUrl, other)).toBe(true);
    });

    it('an explicit { dataDir } wins over MONGODB_URL', async () => {
      process.env.MONGODB_URL = kit.databaseUrl();
      const adapter = await create({ dataDir });
      expect(adapter).toBeInstanceOf(FileStorageAdapter);
      expect((adapter as FileStorageAdapter).dataDir).toBe(path.resolve(dataDir));
    });

    it('{ dataSource } uses the app DataSource', async () => {
      const url = kit.databaseUrl();
      const dataSource = new DataSource({ type: 'mongodb', url, entities: CVM_STORAGE_ENTITIES });
      try {
        const adapter = await create({ dataSource });
        expect(adapter).toBeInstanceOf(MongoDBStorageAdapter);
        expect(await storesIn(adapter, url)).toBe(true);
        await adapter.disconnect();
        expect(dataSource.isInitialized).toBe(true);
      } finally {
        await dataSource.destroy();
      }
    });

    it('refuses two backends at once with a ValidationError', async () => {
      await expect(createStorageAdapter({ dataDir, mongoUrl: kit.databaseUrl() })).rejects.toBeInstanceOf(ValidationError);
      await expect(createStorageAdapter({ dataDir, mongoUrl: kit.databaseUrl() })).rejects.toMatchObject({
        issues: [{ path: 'mongoUrl' }],
      });
    });

    it('passes serverSelectionTimeoutMS on', async () => {
      const error = await createStorageAdapter({ mongoUrl: 'mongodb://127.0.0.1:1/db', serverSelectionTimeoutMS: 300 }).catch(
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(ConnectionError);
    }, 4_000);
  });
}
