import { Test } from '@nestjs/testing';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CvmStorage } from '../../src';
import { ExecutionRepository, MetadataRepository, OutputRepository, ProgramRepository } from '../../src/backend';
import { CvmStorageModule, CVM_STORAGE_ADAPTER } from '../../src/nest';
import { createTestStorage } from '../../src/testing';
import { overrideCvmStorage } from '../../src/testing/nest';
import { makeProgram } from '../support/fixtures/records';
import { StorageConsumer } from './storage-consumer';

describe('overrideCvmStorage', () => {
  it("replaces every provider of the app's CvmStorageModule with the test storage", async () => {
    await using storage = await createTestStorage();
    const appDataDir = path.join(os.tmpdir(), `cvm-never-created-${process.pid}`);
    const builder = Test.createTestingModule({
      imports: [CvmStorageModule.forRoot({ dataDir: appDataDir })],
      providers: [StorageConsumer],
    });

    const moduleRef = await overrideCvmStorage(builder, storage).compile();
    await moduleRef.init();
    const consumer = moduleRef.get(StorageConsumer);

    expect(consumer.adapter).toBe(storage);
    expect(consumer.namedAdapter).toBe(storage);
    expect(moduleRef.get(CVM_STORAGE_ADAPTER)).toBe(storage);
    expect(moduleRef.get(CvmStorage)).toBe(storage);
    expect(moduleRef.get(ProgramRepository)).toBe(storage.repositories.programs);
    expect(moduleRef.get(ExecutionRepository)).toBe(storage.repositories.executions);
    expect(moduleRef.get(OutputRepository)).toBe(storage.repositories.outputs);
    expect(moduleRef.get(MetadataRepository)).toBe(storage.repositories.metadata);

    await consumer.programs.save(makeProgram({ id: 'seen-by-test' }));
    expect((await storage.getProgram('seen-by-test'))?.id).toBe('seen-by-test');
    expect(existsSync(appDataDir)).toBe(false);

    await moduleRef.close();
    expect(storage.isConnected()).toBe(false);
  });
});
