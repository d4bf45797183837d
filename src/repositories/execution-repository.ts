import type { BaseExecution, Execution, ExecutionQuery } from '../types';
import { parseRecordQuery, queryList, type RecordPage } from './record-query';
import { RecordRepository } from './record-repository';

/**
 * Execution states by id. Abstract so it doubles as a dependency-injection token. `delete`
 * removes the record only, not its output (the adapter's deleteExecution removes both).
 */
export abstract class ExecutionRepository<E extends BaseExecution = Execution> extends RecordRepository<E> {
  /**
   * One page of the executions matching `query`, ordered by `created`, then `id` (see
   * ExecutionQuery). This default filters `list()`; the file and MongoDB repositories answer it
   * their own way.
   */
  async query(query?: ExecutionQuery): Promise<RecordPage<E>> {
    const parsed = parseRecordQuery(query, 'execution');
    return queryList(await this.list(), parsed);
  }
}
