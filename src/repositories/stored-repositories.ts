import type { Execution, Program } from '../types';
import { ExecutionRepository } from './execution-repository';
import { ProgramRepository } from './program-repository';
import type { RecordStore } from './record-store';

/** A ProgramRepository over any backend's RecordStore. */
export class StoredProgramRepository extends ProgramRepository {
  constructor(private readonly records: RecordStore<Program>) {
    super();
  }

  save(program: Program): Promise<void> {
    return this.records.save(program);
  }

  get(id: string): Promise<Program | null> {
    return this.records.get(id);
  }

  list(): Promise<Program[]> {
    return this.records.list();
  }

  delete(id: string): Promise<void> {
    return this.records.delete(id);
  }
}

/** An ExecutionRepository over any backend's RecordStore. */
export class StoredExecutionRepository extends ExecutionRepository {
  constructor(private readonly records: RecordStore<Execution>) {
    super();
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
