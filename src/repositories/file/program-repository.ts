import type { Program } from '../../types';
import type { ValidationMode } from '../../validation/validation-mode';
import { ProgramRepository } from '../program-repository';
import { programFormat } from '../record-format';
import { fileRecordRepository } from './file-record-repository';
import type { FileStore } from './file-store';

/** Programs as `programs/<id>.json`. */
export class FileProgramRepository extends fileRecordRepository<Program>(ProgramRepository, 'programs') {
  constructor(store: FileStore, validation?: ValidationMode) {
    super(store, programFormat(validation));
  }
}
