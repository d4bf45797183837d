import { documentToProgram, programToDocument } from '../../codec/record-codec';
import type { Program } from '../../types';
import { validateProgram } from '../../validation/validate-record';
import { ProgramRepository } from '../program-repository';
import { FileRecords } from './file-records';
import type { FileStore } from './file-store';

/** Programs as `programs/<id>.json`. */
export class FileProgramRepository extends ProgramRepository {
  private readonly records: FileRecords<Program>;

  constructor(store: FileStore) {
    super();
    this.records = new FileRecords(store, {
      folder: 'programs',
      idField: 'program id',
      validate: validateProgram,
      toDocument: programToDocument,
      fromDocument: documentToProgram,
    });
  }

  save(program: Program): Promise<void> {
    return this.records.save(program);
  }

  get(id: string): Promise<Program | null> {
    return this.records.get(id);
  }

  list(): Promise<Program[]> {
    return this.records.list();
  }

  delete(id: string): Promise<void> {
    return this.records.delete(id);
  }
}
