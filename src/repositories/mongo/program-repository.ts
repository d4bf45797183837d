import { Program as ProgramEntity } from '../../entities/program.entity';
import { PROGRAM_FORMAT } from '../record-formats';
import { StoredProgramRepository } from '../stored-repositories';
import type { MongoConnection } from './mongo-connection';
import { MongoRecords } from './mongo-records';

/** Programs as documents of the `programs` collection. */
export class MongoProgramRepository extends StoredProgramRepository {
  constructor(connection: MongoConnection) {
    super(new MongoRecords(connection, { ...PROGRAM_FORMAT, entity: ProgramEntity, collection: 'programs' }));
  }
}
