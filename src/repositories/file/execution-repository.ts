import { documentToExecution, executionToDocument } from '../../codec/record-codec';
import type { Execution } from '../../types';
import { validateExecution } from '../../validation/validate-record';
import { ExecutionRepository } from '../execution-repository';
import { FileRecords } from './file-records';
import type { FileStore } from './file-store';

/** Execution states as `executions/<id>.json`. */
export class FileExecutionRepository extends ExecutionRepository {
  private readonly records: FileRecords<Execution>;

  constructor(store: FileStore) {
    super();
    this.records = new FileRecords(store, {
      folder: 'executions',
      idField: 'execution id',
      validate: validateExecution,
      toDocument: executionToDocument,
      fromDocument: documentToExecution,
    });
  }

  save(execution: Execution): Promise<void> {
    return this.records.save(execution);
  }

  get(id: string): Promise<Execution | null> {
    return this.records.get(id);
  }

  list(): Promise<Execution[]> {
    return this.records.list();
  }

  delete(id: string): Promise<void> {
    return this.records.delete(id);
  }
}
