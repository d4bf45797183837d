import type { Execution } from '../../types';
import type { ValidationMode } from '../../validation/validation-mode';
import { ExecutionRepository } from '../execution-repository';
import { executionFormat } from '../record-format';
import { fileRecordRepository } from './file-record-repository';
import type { FileStore } from './file-store';

/** Execution states as `executions/<id>.json`. */
export class FileExecutionRepository extends fileRecordRepository<Execution>(ExecutionRepository, 'executions') {
  constructor(store: FileStore, validation?: ValidationMode) {
    super(store, executionFormat(validation));
  }
}
