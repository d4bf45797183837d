export { ProgramRepository } from './program-repository';
export { ExecutionRepository } from './execution-repository';
export { OutputRepository, type OutputRange } from './output-repository';
export { MetadataRepository } from './metadata-repository';
export type { StorageBackend, StorageConnection, StorageRepositories } from './storage-connection';
export type { Revisioned, SaveOptions } from './record-repository';
export type { AppendOptions } from './output-repository';
