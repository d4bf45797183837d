import 'reflect-metadata';

export { CvmStorageModule } from './cvm-storage.module';
export { CVM_STORAGE_ADAPTER } from './tokens';
export { CvmStorageExceptionFilter } from './storage-exception-filter';
export type {
  CvmStorageOptions,
  CvmFileStorageOptions,
  CvmMongoUrlStorageOptions,
  CvmDataSourceStorageOptions,
  CvmStorageModuleOptions,
  CvmStorageModuleAsyncOptions,
  CvmStorageConnectOptions,
} from './options';
export type { CvmStorageRetryOptions } from './connect-with-retry';
