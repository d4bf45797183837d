import type { Execution, Program } from '../../types';
import { DEFAULT_VALIDATION_MODE, type ValidationMode } from '../../validation/validation-mode';
import { executionCodec, programCodec } from '../record-format';
import type { StorageBackend } from '../storage-connection';
import { deleteFileExecutionIfUnchanged } from './delete-execution-if-unchanged';
import { FileRecordRepository } from './file-record-repository';
import { FileStore, type FileStoreOptions } from './file-store';
import { FileHistoryRepository } from './history/file-history-repository';
import { FileMetadataRepository } from './metadata-repository';
import { FileOutputRepository } from './output-repository';

/**
 * `@cvm/storage/file`: the file backend's building blocks, for composing it by hand. Most apps
 * need only `FileStorageAdapter` or `createStorageAdapter({ dataDir })` from the package root.
 * `FileProgramRepository` and `FileExecutionRepository` are one class, FileRecordRepository,
 * built with its folder and record codec.
 */
export { FileStore, FileOutputRepository, FileMetadataRepository };
export { FileRecordRepository as FileProgramRepository, FileRecordRepository as FileExecutionRepository };
export type { FileStoreOptions };
export { DURABILITIES, DEFAULT_CACHE_BYTES, DEFAULT_DATA_DIR, type Durability } from './file-options';

/**
 * The four file repositories over one data folder. They only read and write: connect the backend
 * through an adapter (`new RepositoryStorageAdapter(backend)`), which checks every call first.
 */
export function createFileBackend(dataDir: string, validation?: ValidationMode, options: FileStoreOptions = {}): StorageBackend {
  const store = new FileStore(dataDir, options);
  const repositories = {
    executions: new FileRecordRepository<Execution>(store, 'executions', executionCodec),
    outputs: new FileOutputRepository(store),
    metadata: new FileMetadataRepository(store),
  };
  return {
    name: 'file',
    connection: store,
    validation: validation ?? DEFAULT_VALIDATION_MODE,
    programs: new FileRecordRepository<Program>(store, 'programs', programCodec),
    ...repositories,
    history: new FileHistoryRepository(store, repositories.executions),
    deleteExecutionIfUnchanged: (executionId, condition) => deleteFileExecutionIfUnchanged(repositories, executionId, condition),
  };
}
