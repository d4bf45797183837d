import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test, type TestingModule } from '@nestjs/testing';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter, NotConnectedError, CvmStorage } from '../../src';
import { ExecutionRepository, MetadataRepository, OutputRepository, ProgramRepository } from '../../src/backend';
import { CvmStorageModule, CVM_STORAGE_ADAPTER } from '../../src/nest';
import { makeExecution, makeProgram } from '../support/fixtures/records';
import { StorageConsumer } from './storage-consumer';
import { useTempDir } from '../support/fixtures/temp-folders';

/** Every test closes what it opened, so no adapter outlives its test. */
const opened: TestingModule[] = [];
afterEach(async () => {
  for (const moduleRef of opened.splice(0)) await moduleRef.close();
});

async function start(imports: Parameters<typeof Test.createTestingModule>[0]['imports']): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({ imports, providers: [StorageConsumer] }).compile();
  opened.push(moduleRef);
  await moduleRef.init();
  return moduleRef;
}

/** Checks that all five providers are injected, connected and working on one store in `dataDir`. */
async function expectWiredTo(moduleRef: TestingModule, dataDir: string): Promise<void> {
  const consumer = moduleRef.get(StorageConsumer);
  const adapter = moduleRef.get(CvmStorage);

  expect(adapter).toBeInstanceOf(FileStorageAdapter);
  expect((adapter as FileStorageAdapter).dataDir).toBe(path.resolve(dataDir));
  expect(adapter.isConnected()).toBe(true);
  expect(consumer.adapter).toBe(adapter);
  expect(consumer.namedAdapter).toBe(adapter);
  expect(moduleRef.get(CVM_STORAGE_ADAPTER)).toBe(adapter);
  expect(consumer.programs).toBeInstanceOf(ProgramRepository);
  expect(consumer.executions).toBeInstanceOf(ExecutionRepository);
  expect(consumer.outputs).toBeInstanceOf(OutputRepository);
  expect(consumer.metadata).toBeInstanceOf(MetadataRepository);
  expect(moduleRef.get(ProgramRepository)).toBe(consumer.programs);

  await consumer.programs.save(makeProgram({ id: 'by-repository' }));
  await consumer.executions.save(makeExecution({ id: 'exec-by-repository', programId: 'by-repository' }));
  await consumer.outputs.append('exec-by-repository', ['hello']);
  await consumer.metadata.set('currentExecutionId', 'exec-by-repository');

  expect((await adapter.getProgram('by-repository'))?.id).toBe('by-repository');
  expect((await adapter.getExecution('exec-by-repository'))?.programId).toBe('by-repository');
  expect(await adapter.getOutput('exec-by-repository')).toEqual(['hello']);
  expect(await adapter.getCurrentExecutionId()).toBe('exec-by-repository');
  expect(existsSync(path.join(dataDir, 'programs', 'by-repository.json'))).toBe(true);
}

describe('CvmStorageModule', () => {
  const dir = useTempDir();

  it('forRoot({ dataDir }) provides the adapter and the four repositories by class, connected', async () => {
    const moduleRef = await start([CvmStorageModule.forRoot({ dataDir: dir() })]);
    await expectWiredTo(moduleRef, dir());
  });

  it('forRootAsync takes its options from a factory with imported, injected ConfigService', async () => {
    const config = ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ CVM_DATA_DIR: dir() })] });
    const moduleRef = await start([
      CvmStorageModule.forRootAsync({
        imports: [config],
        inject: [ConfigService],
        useFactory: (settings: ConfigService) => ({ dataDir: settings.getOrThrow<string>('CVM_DATA_DIR') }),
      }),
    ]);
    await expectWiredTo(moduleRef, dir());
  });

  it('forRootAsync awaits an async factory', async () => {
    const moduleRef = await start([CvmStorageModule.forRootAsync({ useFactory: async () => ({ dataDir: dir() }) })]);
    await expectWiredTo(moduleRef, dir());
  });

  it('closing the application disconnects the adapter', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [CvmStorageModule.forRoot({ dataDir: dir() })] }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    const adapter = app.get(CvmStorage);
    await adapter.saveProgram(makeProgram());
    expect(adapter.isConnected()).toBe(true);

    await app.close();

    expect(adapter.isConnected()).toBe(false);
    await expect(adapter.listPrograms()).rejects.toBeInstanceOf(NotConnectedError);
    const reopened = new FileStorageAdapter(dir());
    await reopened.connect();
    expect((await reopened.listPrograms()).map((p) => p.id)).toEqual(['prog-1']);
    await reopened.disconnect();
  });

  it('does not connect before the module initializes', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [CvmStorageModule.forRoot({ dataDir: dir() })] }).compile();
    opened.push(moduleRef);
    expect(moduleRef.get(CvmStorage).isConnected()).toBe(false);
    await moduleRef.init();
    expect(moduleRef.get(CvmStorage).isConnected()).toBe(true);
  });

  it('with isGlobal, a feature module that does not import it can inject the providers', async () => {
    @Module({ providers: [StorageConsumer], exports: [StorageConsumer] })
    class FeatureModule {}

    const moduleRef = await Test.createTestingModule({
      imports: [CvmStorageModule.forRoot({ dataDir: dir(), isGlobal: true }), FeatureModule],
    }).compile();
    opened.push(moduleRef);
    await moduleRef.init();

    expect(moduleRef.get(StorageConsumer).adapter).toBe(moduleRef.get(CvmStorage));
  });

  it('without isGlobal, a feature module that does not import it cannot', async () => {
    @Module({ providers: [StorageConsumer] })
    class FeatureModule {}

    const compiling = Test.createTestingModule({ imports: [CvmStorageModule.forRoot({ dataDir: dir() }), FeatureModule] }).compile();

    await expect(compiling).rejects.toThrow(/StorageConsumer/);
  });
});
