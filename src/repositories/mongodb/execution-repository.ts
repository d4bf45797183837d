import { Execution as ExecutionEntity } from '../../entities/execution.entity';
import type { Execution } from '../../types';
import type { ValidationMode } from '../../validation/validation-mode';
import { ExecutionRepository } from '../execution-repository';
import { executionFormat } from '../record-format';
import type { MongoConnection } from './mongo-connection';
import type { PendingOutputSink } from './pending-output';
import { mongoRecordRepository } from './mongo-record-repository';

/** Execution states as documents of the `executions` collection. */
export class MongoExecutionRepository extends mongoRecordRepository<Execution>(ExecutionRepository, { entity: ExecutionEntity, name: 'executions' }) {
  /**
   * `onCreated` hears of each execution a save or create inserted, e.g. so output can start at seq
   * 0 unasked; `outputs` receives the output a fenced save commits (SaveOptions.output), which
   * without it stays in the execution's document until a fenced save or append with it moves it.
   */
  constructor(connection: MongoConnection, onCreated?: (id: string) => void, validation?: ValidationMode, outputs?: PendingOutputSink) {
    super(connection, executionFormat(validation), onCreated, outputs);
  }
}
