import 'reflect-metadata';

/**
 * `@cvm/storage/file`: the file backend's building blocks, for composing it by hand. Most apps
 * need only `FileStorageAdapter` or `createStorageAdapter({ dataDir })` from the package root.
 */
export {
  FileStore,
  FileProgramRepository,
  FileExecutionRepository,
  FileOutputRepository,
  FileMetadataRepository,
  createFileBackend,
} from '../repositories/file';
export type { FileStoreOptions } from '../repositories/file/file-store';
export { DURABILITIES, DEFAULT_CACHE_BYTES, type Durability } from '../repositories/file/file-options';
