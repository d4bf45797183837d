import { DEFAULT_VALIDATION_MODE, type ValidationMode } from '../../validation/validation-mode';
import type { StorageBackend } from '../storage-connection';
import { deleteFileExecutionIfUnchanged } from './delete-execution-if-unchanged';
import { FileExecutionRepository } from './execution-repository';
import { FileStore, type FileStoreOptions } from './file-store';
import { FileMetadataRepository } from './metadata-repository';
import { FileOutputRepository } from './output-repository';
import { FileProgramRepository } from './program-repository';

/**
 * `@cvm/storage/file`: the file backend's building blocks, for composing it by hand. Most apps
 * need only `FileStorageAdapter` or `createStorageAdapter({ dataDir })` from the package root.
 */
export { FileStore, FileProgramRepository, FileExecutionRepository, FileOutputRepository, FileMetadataRepository };
export type { FileStoreOptions };
export { DURABILITIES, DEFAULT_CACHE_BYTES, DEFAULT_DATA_DIR, type Durability } from './file-options';

/** The four file repositories over one data folder. */
export function createFileBackend(dataDir: string, validation?: ValidationMode, options: FileStoreOptions = {}): StorageBackend {
  const store = new FileStore(dataDir, options);
  const repositories = {
    executions: new FileExecutionRepository(store, validation),
    outputs: new FileOutputRepository(store),
    metadata: new FileMetadataRepository(store),
  };
  return {
    name: 'file',
    connection: store,
    validation: validation ?? DEFAULT_VALIDATION_MODE,
    programs: new FileProgramRepository(store, validation),
    ...repositories,
    deleteExecutionIfUnchanged: (executionId, condition) => deleteFileExecutionIfUnchanged(repositories, executionId, condition),
  };
}
