import type { BaseExecution, Execution } from '../types';
import { RecordRepository } from './record-repository';

/**
 * Execution states by id. Abstract so it doubles as a dependency-injection token. `delete`
 * removes the record only, not its output (the adapter's deleteExecution removes both).
 */
export abstract class ExecutionRepository<E extends BaseExecution = Execution> extends RecordRepository<E> {
  constructor() {
    super('execution');
  }
}
