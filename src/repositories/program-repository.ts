import type { BaseProgram, Program, ProgramQuery } from '../types';
import type { RecordPage } from './record-query';
import { RecordRepository } from './record-repository';

/** Programs by id. Abstract so it doubles as a dependency-injection token. */
export abstract class ProgramRepository<P extends BaseProgram = Program> extends RecordRepository<P> {
  constructor() {
    super('program');
  }

  /** One page of the programs matching `query`, ordered by `created`, then `id` (see ProgramQuery). */
  override query(query?: ProgramQuery): Promise<RecordPage<P>> {
    return super.query(query);
  }
}
