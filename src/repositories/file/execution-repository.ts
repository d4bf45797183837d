import { EXECUTION_FORMAT } from '../record-formats';
import { StoredExecutionRepository } from '../stored-repositories';
import { FileRecords } from './file-records';
import type { FileStore } from './file-store';

/** Execution states as `executions/<id>.json`. */
export class FileExecutionRepository extends StoredExecutionRepository {
  constructor(store: FileStore) {
    super(new FileRecords(store, { ...EXECUTION_FORMAT, folder: 'executions' }));
  }
}
