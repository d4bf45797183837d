import { Program as ProgramEntity } from '../../entities/program.entity';
import type { ValidationMode } from '../../validation/validation-mode';
import { programFormat } from '../record-formats';
import { StoredProgramRepository } from '../stored-repositories';
import type { MongoConnection } from './mongo-connection';
import { MongoRecords } from './mongo-records';

/** Programs as documents of the `programs` collection. */
export class MongoProgramRepository extends StoredProgramRepository {
  constructor(connection: MongoConnection, validation?: ValidationMode) {
    super(new MongoRecords(connection, { ...programFormat(validation), entity: ProgramEntity, collection: 'programs' }));
  }
}
