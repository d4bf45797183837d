import { Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test, type TestingModule } from '@nestjs/testing';
import path from 'node:path';
import { CvmStorage, FileStorageAdapter, ValidationError } from '../../src';
import { MemoryStorageAdapter } from '../../src/memory';
import { ProgramRepository } from '../../src/backend';
import { CvmStorageModule, getCvmStorageToken, InjectCvmStorage, type CvmStorageConnectOptions, type CvmStorageOptionsFactory } from '../../src/nest';
import { overrideCvmStorage } from '../../src/testing/nest';
import { makeProgram } from '../support/fixtures/records';
import { useTempDir } from '../support/fixtures/temp-folders';

const opened: TestingModule[] = [];
afterEach(async () => {
  for (const moduleRef of opened.splice(0)) await moduleRef.close();
});

async function start(metadata: Parameters<typeof Test.createTestingModule>[0]): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule(metadata).compile();
  opened.push(moduleRef);
  await moduleRef.init();
  return moduleRef;
}

/** Options from ConfigService, which the module injects into it. */
@Injectable()
class StorageConfig implements CvmStorageOptionsFactory {
  static made = 0;

  constructor(private readonly config: ConfigService) {
    StorageConfig.made += 1;
  }

  createCvmStorageOptions(): CvmStorageConnectOptions {
    return { dataDir: this.config.getOrThrow<string>('DATA_DIR') };
  }
}

@Module({ imports: [ConfigModule], providers: [StorageConfig], exports: [StorageConfig] })
class StorageConfigModule {}

@Injectable()
class TwoStores {
  constructor(
    readonly main: CvmStorage,
    @InjectCvmStorage('archive') readonly archive: CvmStorage,
  ) {}
}

describe('CvmStorageModule.forRootAsync with useClass and useExisting', () => {
  const dir = useTempDir();

  function configFor(dataDir: string) {
    return ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ DATA_DIR: dataDir })] });
  }

  it('useClass: the module makes the factory, injecting its dependencies, and opens what it returns', async () => {
    const moduleRef = await start({ imports: [configFor(dir()), CvmStorageModule.forRootAsync({ imports: [ConfigModule], useClass: StorageConfig })] });
    const adapter = moduleRef.get(CvmStorage);
    expect(adapter).toBeInstanceOf(FileStorageAdapter);
    expect((adapter as FileStorageAdapter).dataDir).toBe(path.resolve(dir()));
    expect(adapter.isConnected()).toBe(true);
  });

  it('useExisting: the factory an imported module provides, not a second instance', async () => {
    StorageConfig.made = 0;
    const moduleRef = await start({
      imports: [configFor(dir()), CvmStorageModule.forRootAsync({ imports: [StorageConfigModule], useExisting: StorageConfig })],
    });
    expect((moduleRef.get(CvmStorage) as FileStorageAdapter).dataDir).toBe(path.resolve(dir()));
    expect(StorageConfig.made).toBe(1);
  });

  it.each([
    ['none of them', {}, ''],
    ['two of them', { useFactory: () => ({ memory: true as const }), useClass: StorageConfig }, 'useClass'],
  ])('refuses %s with a ValidationError', (_case, options, field) => {
    const error = (() => {
      try {
        return CvmStorageModule.forRootAsync(options);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([field]);
  });
});

describe('a named second store in one app', () => {
  const dir = useTempDir();

  it('each store is injected by its own token, connected, and they share nothing', async () => {
    const moduleRef = await start({
      imports: [
        CvmStorageModule.forRoot({ dataDir: dir() }),
        CvmStorageModule.forRootAsync({ name: 'archive', useFactory: async () => ({ memory: true }) }),
      ],
      providers: [TwoStores],
    });
    const { main, archive } = moduleRef.get(TwoStores);
    expect(main).toBeInstanceOf(FileStorageAdapter);
    expect(archive).toBeInstanceOf(MemoryStorageAdapter);
    expect(moduleRef.get(getCvmStorageToken('archive'))).toBe(archive);
    expect(moduleRef.get(getCvmStorageToken())).toBe(main);
    expect([main.isConnected(), archive.isConnected()]).toEqual([true, true]);
    await archive.saveProgram(makeProgram({ id: 'archived' }));
    expect(await main.getProgram('archived')).toBeNull();
    expect(moduleRef.get(ProgramRepository)).toBe((main as FileStorageAdapter).repositories.programs);

    await moduleRef.close();
    opened.splice(opened.indexOf(moduleRef), 1);
    expect([main.isConnected(), archive.isConnected()]).toEqual([false, false]);
  });

  it('overrideCvmStorage(builder, storage, name) replaces only the named store', async () => {
    const replacement = new MemoryStorageAdapter();
    const builder = Test.createTestingModule({
      imports: [CvmStorageModule.forRoot({ memory: true }), CvmStorageModule.forRoot({ name: 'archive', memory: true })],
      providers: [TwoStores],
    });
    const moduleRef = await overrideCvmStorage(builder, replacement, 'archive').compile();
    opened.push(moduleRef);
    await moduleRef.init();
    const { main, archive } = moduleRef.get(TwoStores);
    expect(archive).toBe(replacement);
    expect(main).not.toBe(replacement);
    expect(replacement.isConnected()).toBe(true);
  });

  it('refuses an empty name', () => {
    expect(() => CvmStorageModule.forRoot({ name: ' ', memory: true })).toThrow(ValidationError);
    expect(() => getCvmStorageToken('')).toThrow(ValidationError);
  });
});
