import { CURRENT_EXECUTION_KEY } from '../entities/metadata.entity';
import { deleteExecutionInOrder } from '../repositories/delete-execution';
import type { StorageBackend, StorageRepositories } from '../repositories/storage-connection';
import type { BaseExecution, BaseProgram, Execution, ExecutionPage, ExecutionQuery, Program, ProgramPage, ProgramQuery } from '../types';
import { CallOrder } from '../util/call-order';
import { assertValidId, isValidId } from '../validation/ids';
import { validateExecution, validateOutputLines } from '../validation/validate-record';
import { markValidated } from '../validation/validated-copies';
import { StorageAdapter } from './storage-adapter';

/**
 * The StorageAdapter over one backend's repositories. The repositories validate and check the
 * connection themselves; the facade composes them, and applies the calls about one execution
 * (save, get, delete, append, read output, make current) in call order, whatever their mix.
 * Records are validated at run time, so the type parameters only say what records look like.
 */
export class RepositoryStorageAdapter<P extends BaseProgram = Program, E extends BaseExecution = Execution> extends StorageAdapter<
  P,
  E
> {
  private readonly executionCalls = new CallOrder();

  constructor(private readonly backend: StorageBackend) {
    super();
  }

  /** The four repositories this adapter composes; they share its connection. */
  get repositories(): StorageRepositories {
    return this.backend;
  }

  connect(): Promise<void> {
    return this.backend.connection.connect();
  }

  disconnect(): Promise<void> {
    return this.backend.connection.disconnect();
  }

  isConnected(): boolean {
    return this.backend.connection.isConnected();
  }

  saveProgram(program: P): Promise<void> {
    return this.backend.programs.save(program as unknown as Program);
  }

  createProgram(program: P): Promise<void> {
    return this.backend.programs.create(program as unknown as Program);
  }

  getProgram(id: string): Promise<P | null> {
    return this.backend.programs.get(id) as Promise<unknown> as Promise<P | null>;
  }

  listPrograms(): Promise<P[]> {
    return this.backend.programs.list() as Promise<unknown> as Promise<P[]>;
  }

  deleteProgram(id: string): Promise<void> {
    return this.backend.programs.delete(id);
  }

  saveExecution(execution: E): Promise<void> {
    const save = (record: unknown) => () => this.backend.executions.save(record as Execution);
    return this.inOrder(idOf(execution), save(execution), () => save(markValidated(validateExecution(execution, this.backend.validation))));
  }

  createExecution(execution: E): Promise<void> {
    const create = (record: unknown) => () => this.backend.executions.create(record as Execution);
    return this.inOrder(idOf(execution), create(execution), () => create(markValidated(validateExecution(execution, this.backend.validation))));
  }

  getExecution(id: string): Promise<E | null> {
    return this.inOrder(id, () => this.backend.executions.get(id) as Promise<unknown> as Promise<E | null>);
  }

  listExecutions(): Promise<E[]> {
    return this.backend.executions.list() as Promise<unknown> as Promise<E[]>;
  }

  async deleteExecution(executionId: string): Promise<void> {
    assertValidId(executionId, 'execution id');
    const backend = this.backend;
    return this.inOrder(executionId, () => (backend.deleteExecution ? backend.deleteExecution(executionId) : deleteExecutionInOrder(backend, executionId)));
  }

  appendOutput(executionId: string, lines: string[]): Promise<void> {
    const append = (copy: string[]) => () => this.backend.outputs.append(executionId, copy);
    return this.inOrder(executionId, append(lines), () => append(markValidated([...validateOutputLines(lines)])));
  }

  getOutput(executionId: string): Promise<string[]> {
    return this.inOrder(executionId, () => this.backend.outputs.get(executionId));
  }

  getCurrentExecutionId(): Promise<string | null> {
    return this.backend.metadata.get(CURRENT_EXECUTION_KEY);
  }

  async setCurrentExecutionId(executionId: string | null): Promise<void> {
    if (executionId === null) return this.backend.metadata.set(CURRENT_EXECUTION_KEY, null);
    assertValidId(executionId, 'execution id');
    return this.inOrder(executionId, () => this.backend.metadata.set(CURRENT_EXECUTION_KEY, executionId));
  }

  async queryPrograms(query?: ProgramQuery): Promise<ProgramPage<P>> {
    const { records, next } = await this.backend.programs.query(query);
    return { programs: records as unknown as P[], next };
  }

  async queryExecutions(query?: ExecutionQuery): Promise<ExecutionPage<E>> {
    const { records, next } = await this.backend.executions.query(query);
    return { executions: records as unknown as E[], next };
  }

  /**
   * Runs `start` after the pending calls about this execution (at once when there are none);
   * `capture` copies the input of a call that has to wait. A call without a valid id cannot be
   * about a stored execution: it starts at once, and its repository refuses it.
   */
  private inOrder<T>(executionId: unknown, start: () => Promise<T>, capture?: () => () => Promise<T>): Promise<T> {
    if (!isValidId(executionId)) return start();
    return this.executionCalls.run(executionId, start, capture);
  }
}

function idOf(record: unknown): unknown {
  return (record as { id?: unknown } | null)?.id;
}
