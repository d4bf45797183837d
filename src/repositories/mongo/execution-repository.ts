import { Execution as ExecutionEntity } from '../../entities/execution.entity';
import type { ValidationMode } from '../../validation/validation-mode';
import { executionFormat } from '../record-formats';
import { StoredExecutionRepository } from '../stored-repositories';
import type { MongoConnection } from './mongo-connection';
import { MongoRecords } from './mongo-records';

/** Execution states as documents of the `executions` collection. */
export class MongoExecutionRepository extends StoredExecutionRepository {
  /** `onCreated` hears of each execution a save created, e.g. so output can start at seq 0 unasked. */
  constructor(connection: MongoConnection, onCreated?: (id: string) => void, validation?: ValidationMode) {
    super(
      new MongoRecords(connection, { ...executionFormat(validation), entity: ExecutionEntity, collection: 'executions', onCreated }),
    );
  }
}
