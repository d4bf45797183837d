import type { Execution, Program } from '../../types';
import { DEFAULT_VALIDATION_MODE, type ValidationMode } from '../../validation/validation-mode';
import { executionCodec, programCodec } from '../record-format';
import type { StorageBackend } from '../storage-connection';
import { deleteFileExecutionIfUnchanged } from './delete-execution-if-unchanged';
import { FileRecordRepository } from './file-record-repository';
import { FileStore, type FileStoreOptions } from './file-store';
import { FileMetadataRepository } from './metadata-repository';
import { FileOutputRepository } from './output-repository';

export { FileStore, FileRecordRepository, FileOutputRepository, FileMetadataRepository };
/** The record repository's former names: programs and executions are the one class, each with its folder and codec. */
export { FileRecordRepository as FileProgramRepository, FileRecordRepository as FileExecutionRepository };

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
    deleteExecutionIfUnchanged: (executionId, condition) => deleteFileExecutionIfUnchanged(repositories, executionId, condition),
  };
}
