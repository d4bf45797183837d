import 'reflect-metadata';

export { CvmStorageModule } from './cvm-storage.module';
export { CVM_STORAGE_ADAPTER, getCvmStorageToken } from './tokens';
export { InjectCvmStorage } from './inject-cvm-storage';
export { CvmStorageExceptionFilter } from './storage-exception-filter';
export type {
  CvmStorageOptions,
  CvmFileStorageOptions,
  CvmMongoUrlStorageOptions,
  CvmDataSourceStorageOptions,
  CvmMemoryStorageOptions,
  CvmStorageOptionsFactory,
  CvmStorageModuleOptions,
  CvmStorageModuleAsyncOptions,
  CvmStorageConnectOptions,
} from './options';
export type { CvmStorageRetryOptions } from './connect-with-retry';
