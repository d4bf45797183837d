import type { TestingModuleBuilder } from '@nestjs/testing';
import type { StorageWithRepositories } from '../nest/storage-with-repositories';
import { internalTokensOf, checkStoreName } from '../nest/tokens';

/**
 * Makes CvmStorageModule, wherever it is imported in the module being built, provide `storage`
 * (typically from createTestStorage()) as CvmStorage, CVM_STORAGE_ADAPTER and the four
 * repositories (with `name`, the store configured with that name instead). The module still
 * connects it on init and disconnects it on shutdown.
 */
export function overrideCvmStorage(builder: TestingModuleBuilder, storage: StorageWithRepositories, name?: string): TestingModuleBuilder {
  return builder.overrideProvider(internalTokensOf(name === undefined ? undefined : checkStoreName(name)).storage).useValue(storage);
}
