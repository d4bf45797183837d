import type { TestingModuleBuilder } from '@nestjs/testing';
import type { StorageWithRepositories } from '../nest/storage-with-repositories';
import { CVM_STORAGE } from '../nest/tokens';

/**
 * Makes CvmStorageModule, wherever it is imported in the module being built, provide `storage`
 * (typically from createTestStorage()) as CvmStorage, CVM_STORAGE_ADAPTER and the four
 * repositories. The module still connects it on init and disconnects it on shutdown.
 */
export function overrideCvmStorage(builder: TestingModuleBuilder, storage: StorageWithRepositories): TestingModuleBuilder {
  return builder.overrideProvider(CVM_STORAGE).useValue(storage);
}
