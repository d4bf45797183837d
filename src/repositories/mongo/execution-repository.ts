import { documentToExecution, executionToDocument } from '../../codec/record-codec';
import { Execution as ExecutionEntity } from '../../entities/execution.entity';
import type { Execution } from '../../types';
import { validateExecution } from '../../validation/validate-record';
import { ExecutionRepository } from '../execution-repository';
import type { MongoConnection } from './mongo-connection';
import { MongoRecords } from './mongo-records';

/** Execution states as documents of the `executions` collection. */
export class MongoExecutionRepository extends ExecutionRepository {
  private readonly records: MongoRecords<Execution>;

  constructor(connection: MongoConnection) {
    super();
    this.records = new MongoRecords(connection, {
      entity: ExecutionEntity,
      collection: 'executions',
      idField: 'execution id',
      validate: validateExecution,
      toDocument: executionToDocument,
      fromDocument: documentToExecution,
    });
  }

  save(execution: Execution): Promise<void> {
    return this.records.save(execution);
  }

  get(id: string): Promise<Execution | null> {
    return this.records.get(id);
  }

  list(): Promise<Execution[]> {
    return this.records.list();
  }

  delete(id: string): Promise<void> {
    return this.records.delete(id);
  }
}
