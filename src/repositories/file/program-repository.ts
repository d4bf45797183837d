import { PROGRAM_FORMAT } from '../record-formats';
import { StoredProgramRepository } from '../stored-repositories';
import { FileRecords } from './file-records';
import type { FileStore } from './file-store';

/** Programs as `programs/<id>.json`. */
export class FileProgramRepository extends StoredProgramRepository {
  constructor(store: FileStore) {
    super(new FileRecords(store, { ...PROGRAM_FORMAT, folder: 'programs' }));
  }
}
