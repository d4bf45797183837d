import type { BaseProgram, Program, ProgramQuery } from '../types';
import { parseRecordQuery, queryList, type RecordPage } from './record-query';
import { RecordRepository } from './record-repository';

/** Programs by id. Abstract so it doubles as a dependency-injection token. */
export abstract class ProgramRepository<P extends BaseProgram = Program> extends RecordRepository<P> {
  /**
   * One page of the programs matching `query`, ordered by `created`, then `id` (see ProgramQuery).
   * This default filters `list()`; the file and MongoDB repositories answer it their own way.
   */
  async query(query?: ProgramQuery): Promise<RecordPage<P>> {
    const parsed = parseRecordQuery(query, 'program');
    return queryList(await this.list(), parsed);
  }
}
