import { DataSource } from 'typeorm';
import { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import { CVM_STORAGE_ENTITIES, Program as ProgramEntity } from '../../src/entities';
import { ConnectionError } from '../../src/errors';
import { makeProgram } from '../support/fixtures/records';
import { mongoTargets } from '../support/fixtures/mongo-target';
import { useMongoKit } from '../support/fixtures/mongo';

/** Nothing listens on port 1 of the loopback address: every attempt is refused at once. */
const CLOSED_URL = 'mongodb://user:s3cret@127.0.0.1:1/db';

/** The texts an error shows: its messages and stacks, and those of its causes. */
function allText(error: unknown): string {
  const parts: string[] = [];
  for (let link = error; link instanceof Error; link = link.cause) parts.push(link.message, link.stack ?? '');
  return parts.join('\n');
}

describe('MongoDB connect() failures', () => {
  it('rejects with ConnectionError showing the URL with its password masked, within the configured timeout', async () => {
    const adapter = new MongoDBStorageAdapter(CLOSED_URL, { serverSelectionTimeoutMS: 500 });
    const error = await adapter.connect().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'CONNECTION_FAILED', target: 'mongodb://user:****@127.0.0.1:1/db' });
    expect((error as Error).message).toContain('mongodb://user:****@127.0.0.1:1/db');
    expect(allText(error)).not.toContain('s3cret');
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(adapter.isConnected()).toBe(false);
  }, 10_000);

  it('masks a percent-encoded password, and the password of an app DataSource URL', async () => {
    const encoded = new MongoDBStorageAdapter('mongodb://user:p%40ss%2Fw0rd@127.0.0.1:1/db', { serverSelectionTimeoutMS: 300 });
    const first = await encoded.connect().catch((reason: unknown) => reason);
    expect(first).toBeInstanceOf(ConnectionError);
    expect(allText(first)).not.toMatch(/p%40ss|p@ss|w0rd/);
    expect((first as Error).message).toContain('user:****@');

    const dataSource = new DataSource({ type: 'mongodb', url: CLOSED_URL, entities: CVM_STORAGE_ENTITIES, extra: { serverSelectionTimeoutMS: 300 } });
    const second = await new MongoDBStorageAdapter(dataSource).connect().catch((reason: unknown) => reason);
    expect(second).toBeInstanceOf(ConnectionError);
    expect((second as Error).message).toContain('****');
    expect(allText(second)).not.toContain('s3cret');
  }, 10_000);
});

for (const target of mongoTargets()) {
  describe(`MongoDB connection on ${target.name}`, () => {
    const kit = useMongoKit(target);

    it('initializes an app DataSource that is not yet initialized, and leaves it open on disconnect()', async () => {
      const dataSource = new DataSource({ type: 'mongodb', url: kit.databaseUrl(), entities: CVM_STORAGE_ENTITIES });
      const adapter = new MongoDBStorageAdapter(dataSource);
      try {
        await adapter.connect();
        expect(dataSource.isInitialized).toBe(true);
        await adapter.saveProgram(makeProgram());
        await adapter.disconnect();
        expect(adapter.isConnected()).toBe(false);
        expect(dataSource.isInitialized).toBe(true);
        expect(await dataSource.getMongoRepository(ProgramEntity).countDocuments({ id: 'prog-1' })).toBe(1);
        await adapter.connect();
        expect(await adapter.getProgram('prog-1')).toStrictEqual(makeProgram());
        await adapter.disconnect();
      } finally {
        await dataSource.destroy();
      }
    });

    it('refuses an app DataSource without the CVM entities with a ConnectionError naming them', async () => {
      const dataSource = new DataSource({ type: 'mongodb', url: kit.databaseUrl(), entities: [ProgramEntity] });
      try {
        const error = await new MongoDBStorageAdapter(dataSource).connect().catch((reason: unknown) => reason);
        expect(error).toBeInstanceOf(ConnectionError);
        expect((error as Error).message).toMatch(/Execution, OutputChunk, Metadata.*CVM_STORAGE_ENTITIES/);
      } finally {
        if (dataSource.isInitialized) await dataSource.destroy();
      }
    });

    it('disconnect() lets operations already started finish, and the adapter connects again', async () => {
      const url = kit.databaseUrl();
      const adapter = kit.adapter(url);
      await adapter.connect();
      const pending = [adapter.appendOutput('exec-1', ['in flight']), adapter.saveProgram(makeProgram())];
      await adapter.disconnect();
      await expect(Promise.all(pending)).resolves.toStrictEqual([undefined, undefined]);
      await adapter.connect();
      expect(await adapter.getOutput('exec-1')).toStrictEqual(['in flight']);
      expect(await adapter.getProgram('prog-1')).toStrictEqual(makeProgram());
    });

    it('connect() called while disconnect() is under way waits for it and ends connected', async () => {
      const adapter = kit.adapter(kit.databaseUrl());
      await adapter.connect();
      const closing = adapter.disconnect();
      const opening = adapter.connect();
      await Promise.all([closing, opening]);
      expect(adapter.isConnected()).toBe(true);
      await adapter.saveProgram(makeProgram());
      expect(await adapter.getProgram('prog-1')).toStrictEqual(makeProgram());
    });
  });
}
