import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { CvmStorage } from '../adapters/storage-adapter';
import { ValidationError } from '../errors';
import { ExecutionRepository } from '../repositories/execution-repository';
import { MetadataRepository } from '../repositories/metadata-repository';
import { OutputRepository } from '../repositories/output-repository';
import { ProgramRepository } from '../repositories/program-repository';
import { splitRetryOptions } from './connect-with-retry';
import { openStorage } from './open-storage';
import type { CvmStorageModuleAsyncOptions, CvmStorageModuleOptions, CvmStorageOptions, CvmStorageOptionsFactory } from './options';
import { CvmStorageLifecycle } from './storage-lifecycle';
import type { StorageWithRepositories } from './storage-with-repositories';
import { checkStoreName, CVM_STORAGE_ADAPTER, getCvmStorageToken, internalTokensOf } from './tokens';

type Tokens = ReturnType<typeof internalTokensOf>;

/**
 * Provides CvmStorage (also as CVM_STORAGE_ADAPTER) and the four repositories, injectable by
 * class; a store configured with a `name` provides its adapter under getCvmStorageToken(name)
 * only, so several stores live in one app. Connects when the module initializes (retrying as
 * `retryAttempts` and `retryDelay` say); disconnects on application shutdown.
 */
@Module({})
export class CvmStorageModule {
  static forRoot(options: CvmStorageModuleOptions): DynamicModule {
    const { isGlobal, name, ...storageOptions } = options;
    const tokens = internalTokensOf(nameOf(name));
    return build(tokens, nameOf(name), [{ provide: tokens.options, useValue: storageOptions }], [], isGlobal);
  }

  static forRootAsync(options: CvmStorageModuleAsyncOptions): DynamicModule {
    const name = nameOf(options.name);
    const tokens = internalTokensOf(name);
    return build(tokens, name, asyncOptionsProviders(options, tokens.options), options.imports ?? [], options.isGlobal);
  }
}

function nameOf(name: unknown): string | undefined {
  return name === undefined ? undefined : checkStoreName(name);
}

function asyncOptionsProviders(options: CvmStorageModuleAsyncOptions, token: string | symbol): Provider[] {
  const given = (['useFactory', 'useClass', 'useExisting'] as const).filter((key) => options[key] !== undefined);
  if (given.length !== 1) {
    const found = given.length === 0 ? 'none was given' : `got ${given.join(' and ')}`;
    throw new ValidationError('CvmStorageModuleAsyncOptions', [{ path: given[1] ?? '', constraints: { exactlyOne: `give exactly one of useFactory, useClass and useExisting; ${found}` } }]);
  }
  const { useFactory, useClass, useExisting } = options;
  if (useFactory !== undefined) return [{ provide: token, useFactory: (...dependencies: unknown[]) => useFactory(...dependencies), inject: options.inject ?? [] }];
  const fromFactory = (factory: CvmStorageOptionsFactory) => factory.createCvmStorageOptions();
  if (useClass !== undefined) return [useClass, { provide: token, useFactory: fromFactory, inject: [useClass] }];
  return [{ provide: token, useFactory: fromFactory, inject: [useExisting!] }];
}

function build(tokens: Tokens, name: string | undefined, optionsProviders: Provider[], imports: DynamicModule['imports'], isGlobal = false): DynamicModule {
  const storage: Provider[] = [
    { provide: tokens.storage, useFactory: openStorageWithoutRetryOptions, inject: [tokens.options] },
    {
      provide: tokens.lifecycle,
      useFactory: (opened: CvmStorage, options: unknown) => new CvmStorageLifecycle(opened, options),
      inject: [tokens.storage, tokens.options],
    },
  ];
  const exported: Provider[] =
    name === undefined
      ? [
          { provide: CvmStorage, useExisting: tokens.storage },
          { provide: CVM_STORAGE_ADAPTER, useExisting: tokens.storage },
          repositoryProvider(ProgramRepository, tokens, (opened) => opened.repositories.programs),
          repositoryProvider(ExecutionRepository, tokens, (opened) => opened.repositories.executions),
          repositoryProvider(OutputRepository, tokens, (opened) => opened.repositories.outputs),
          repositoryProvider(MetadataRepository, tokens, (opened) => opened.repositories.metadata),
        ]
      : [{ provide: getCvmStorageToken(name), useExisting: tokens.storage }];
  return {
    module: CvmStorageModule,
    global: isGlobal,
    imports,
    providers: [...optionsProviders, ...storage, ...exported],
    exports: exported.map((provider) => (provider as { provide: unknown }).provide as string),
  };
}

function repositoryProvider<T>(token: abstract new () => T, tokens: Tokens, pick: (storage: StorageWithRepositories) => T): Provider {
  return { provide: token, useFactory: pick, inject: [tokens.storage] };
}

function openStorageWithoutRetryOptions(options: CvmStorageOptions): StorageWithRepositories {
  return openStorage(splitRetryOptions(options).storage);
}
