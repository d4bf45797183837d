import type { AppendOptions, OutputRange } from '../repositories/output-repository';
import type { SaveOptions } from '../repositories/record-repository';
import type {
  BaseExecution,
  ExecutionRevisionPage,
  ForkExecutionOptions,
  ReadExecutionOptions,
  RevisionListOptions,
  BaseProgram,
  ExecutionPage,
  ExecutionQuery,
  ProgramPage,
  ProgramQuery,
  PruneOptions,
  PruneResult,
  RegisteredExecution,
  RegisteredProgram,
} from '../types';

/**
 * What a CVM server needs from storage: the 15 methods of the original CVM storage interface,
 * unchanged, so a class written against it (`class MemoryStorage implements StorageAdapter`)
 * compiles. Generic over the program and execution types; the defaults are the ones registered in
 * `StorageTypes`, else this package's `Program` and `Execution`.
 */
export interface StorageAdapter<P extends BaseProgram = RegisteredProgram, E extends BaseExecution = RegisteredExecution> {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  isConnected(): boolean;

  saveProgram(program: P): Promise<void>;
  getProgram(id: string): Promise<P | null>;
  listPrograms(): Promise<P[]>;
  deleteProgram(id: string): Promise<void>;

  saveExecution(execution: E): Promise<void>;
  getExecution(id: string): Promise<E | null>;
  listExecutions(): Promise<E[]>;
  deleteExecution(executionId: string): Promise<void>;

  appendOutput(executionId: string, lines: string[]): Promise<void>;
  getOutput(executionId: string): Promise<string[]>;

  getCurrentExecutionId(): Promise<string | null>;
  setCurrentExecutionId(executionId: string | null): Promise<void>;
}

/**
 * Everything this package's adapters do: the 15 methods of StorageAdapter, plus `createProgram`
 * and `createExecution` (store a record only if its id is new), fenced resume (`readExecution`
 * gives an execution's revision; `saveExecution` and `appendOutput` take `{ expectedRevision }`),
 * output ranges and length, queries and pruning. An abstract class, so that it is also the Nest
 * injection token; it is assignable to StorageAdapter with the same type arguments.
 */
export abstract class CvmStorage<P extends BaseProgram = RegisteredProgram, E extends BaseExecution = RegisteredExecution>
  implements StorageAdapter<P, E>
{
  abstract connect(): Promise<void>;
  abstract disconnect(): Promise<void>;
  abstract isConnected(): boolean;

  abstract saveProgram(program: P): Promise<void>;
  abstract getProgram(id: string): Promise<P | null>;
  abstract listPrograms(): Promise<P[]>;
  abstract deleteProgram(id: string): Promise<void>;
  /** As saveProgram, but rejects with AlreadyExistsError (code ALREADY_EXISTS) if the id exists. */
  abstract createProgram(program: P): Promise<void>;

  /**
   * With `{ expectedRevision }`, a fenced save: it writes only if the stored execution is at that
   * revision (null: only if none is stored), else rejects with ConflictError and writes nothing.
   */
  abstract saveExecution(execution: E, options?: SaveOptions): Promise<void>;
  /**
   * The execution with its revision (on creation above any earlier execution of that id had, +1 on every save), or null;
   * with `{ revision }`, as it was saved at that revision (kept by the `history` option), or null.
   */
  abstract readExecution(id: string, options?: ReadExecutionOptions): Promise<{ execution: E; revision: number } | null>;
  /**
   * The execution's saved states, newest first, one page at a time: the current one, then those
   * kept by the `history` option. Each with its revision, state, pc, `updated` and output length.
   */
  abstract listExecutionRevisions(id: string, options?: RevisionListOptions): Promise<ExecutionRevisionPage>;
  /**
   * A new execution `newId` whose state is the source's at `revision` and whose output is the
   * source's output as it stood then, created atomically (AlreadyExistsError if `newId` exists);
   * the source is untouched. Null when that revision is not kept.
   */
  abstract forkExecution(id: string, options: ForkExecutionOptions): Promise<{ execution: E; revision: number } | null>;
  abstract getExecution(id: string): Promise<E | null>;
  abstract listExecutions(): Promise<E[]>;
  abstract deleteExecution(executionId: string): Promise<void>;
  /** As saveExecution, but rejects with AlreadyExistsError (code ALREADY_EXISTS) if the id exists. */
  abstract createExecution(execution: E): Promise<void>;

  /** With `{ expectedRevision }`, appends only while the execution is at that revision, else ConflictError. */
  abstract appendOutput(executionId: string, lines: string[], options?: AppendOptions): Promise<void>;
  /**
   * Every line in append order; with `range`, only the lines `[from, from + limit)` (non-negative
   * safe integers; `from` defaults to 0, `limit` to the end; past the end gives `[]`), read without
   * loading the rest of the output into memory. A bad range is a ValidationError naming the field.
   */
  abstract getOutput(executionId: string, range?: OutputRange): Promise<string[]>;
  /** How many lines the execution's output holds (0 when none): `getOutput(id, { from: length - 100 })` reads the last 100. */
  abstract getOutputLength(executionId: string): Promise<number>;

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
