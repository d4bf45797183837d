import type { ValidationMode } from '../../validation/validation-mode';
import { programFormat } from '../record-formats';
import { StoredProgramRepository } from '../stored-repositories';
import { FileRecords } from './file-records';
import type { FileStore } from './file-store';

/** Programs as `programs/<id>.json`. */
export class FileProgramRepository extends StoredProgramRepository {
  constructor(store: FileStore, validation?: ValidationMode) {
    super(new FileRecords(store, { ...programFormat(validation), folder: 'programs' }));
  }
}
