import type { ValidationMode } from '../../validation/validation-mode';
import { executionFormat } from '../record-formats';
import { StoredExecutionRepository } from '../stored-repositories';
import { FileRecords } from './file-records';
import type { FileStore } from './file-store';

/** Execution states as `executions/<id>.json`. */
export class FileExecutionRepository extends StoredExecutionRepository {
  constructor(store: FileStore, validation?: ValidationMode) {
    super(new FileRecords(store, { ...executionFormat(validation), folder: 'executions' }));
  }
}
