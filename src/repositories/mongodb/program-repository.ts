import { Program as ProgramEntity } from '../../entities/program.entity';
import type { Program } from '../../types';
import type { ValidationMode } from '../../validation/validation-mode';
import { ProgramRepository } from '../program-repository';
import { programFormat } from '../record-format';
import type { MongoConnection } from './mongo-connection';
import { mongoRecordRepository } from './mongo-record-repository';

/** Programs as documents of the `programs` collection. */
export class MongoProgramRepository extends mongoRecordRepository<Program>(ProgramRepository, { entity: ProgramEntity, name: 'programs' }) {
  constructor(connection: MongoConnection, validation?: ValidationMode) {
    super(connection, programFormat(validation));
  }
}
