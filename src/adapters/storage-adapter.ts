import type { BaseExecution, BaseProgram, Execution, ExecutionPage, ExecutionQuery, Program, ProgramPage, ProgramQuery, PruneOptions, PruneResult } from '../types';

/**
 * What a CVM server needs from storage: the 15 methods every backend implements, plus
 * `createProgram` and `createExecution`, which store a record only if its id is new.
 * Generic over the program and execution types, so a server that declares its own (an opcode
 * enum, extra fields) gets them back typed: `StorageAdapter<MyProgram, MyExecution>`.
 */
export abstract class StorageAdapter<P extends BaseProgram = Program, E extends BaseExecution = Execution> {
  abstract connect(): Promise<void>;
  abstract disconnect(): Promise<void>;
  abstract isConnected(): boolean;

  abstract saveProgram(program: P): Promise<void>;
  abstract getProgram(id: string): Promise<P | null>;
  abstract listPrograms(): Promise<P[]>;
  abstract deleteProgram(id: string): Promise<void>;
  /** As saveProgram, but rejects with AlreadyExistsError (code ALREADY_EXISTS) if the id exists. */
  abstract createProgram(program: P): Promise<void>;

  abstract saveExecution(execution: E): Promise<void>;
  abstract getExecution(id: string): Promise<E | null>;
  abstract listExecutions(): Promise<E[]>;
  abstract deleteExecution(executionId: string): Promise<void>;
  /** As saveExecution, but rejects with AlreadyExistsError (code ALREADY_EXISTS) if the id exists. */
  abstract createExecution(execution: E): Promise<void>;

  abstract appendOutput(executionId: string, lines: string[]): Promise<void>;
  abstract getOutput(executionId: string): Promise<string[]>;

  abstract getCurrentExecutionId(): Promise<string | null>;
  abstract setCurrentExecutionId(executionId: string | null): Promise<void>;

  /** One page of the programs matching `query`, ordered by `created`, then `id`; `next` continues it. */
  abstract queryPrograms(query?: ProgramQuery): Promise<ProgramPage<P>>;
  /** One page of the executions matching `query`, ordered by `created`, then `id`; `next` continues it. */
  abstract queryExecutions(query?: ExecutionQuery): Promise<ExecutionPage<E>>;
  /**
   * Deletes the executions last changed before `olderThan` (in `states`, when given) with their
   * output, as deleteExecution does, a batch at a time; never the current one unless
   * `includeCurrent`. With `dryRun`, only says which.
   */
  abstract pruneExecutions(options: PruneOptions): Promise<PruneResult>;
}
