import { documentToProgram, programToDocument } from '../../codec/record-codec';
import { Program as ProgramEntity } from '../../entities/program.entity';
import type { Program } from '../../types';
import { validateProgram } from '../../validation/validate-record';
import { ProgramRepository } from '../program-repository';
import type { MongoConnection } from './mongo-connection';
import { MongoRecords } from './mongo-records';

/** Programs as documents of the `programs` collection. */
export class MongoProgramRepository extends ProgramRepository {
  private readonly records: MongoRecords<Program>;

  constructor(connection: MongoConnection) {
    super();
    this.records = new MongoRecords(connection, {
      entity: ProgramEntity,
      collection: 'programs',
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
