import { CURRENT_EXECUTION_KEY } from '../entities/metadata.entity';
import type { StorageBackend, StorageRepositories } from '../repositories/storage-connection';
import type { BaseExecution, BaseProgram, Execution, Program } from '../types';
import { assertValidId } from '../validation/ids';
import { StorageAdapter } from './storage-adapter';

/**
 * The StorageAdapter over one backend's repositories. The repositories validate and check the
 * connection themselves, so the facade only composes them. Records are validated at run time, so
 * the type parameters only say what the caller's records look like.
 */
export class RepositoryStorageAdapter<P extends BaseProgram = Program, E extends BaseExecution = Execution> extends StorageAdapter<
  P,
  E
> {
  constructor(protected readonly backend: StorageBackend) {
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
    return this.backend.executions.save(execution as unknown as Execution);
  }

  getExecution(id: string): Promise<E | null> {
    return this.backend.executions.get(id) as Promise<unknown> as Promise<E | null>;
  }

  listExecutions(): Promise<E[]> {
    return this.backend.executions.list() as Promise<unknown> as Promise<E[]>;
  }

  /**
   * Clears the current pointer if it names this execution, removes its output, then the record
   * itself: the record goes last, so a failure part-way leaves it visible and a retry finishes.
   */
  async deleteExecution(executionId: string): Promise<void> {
    assertValidId(executionId, 'execution id');
    await this.backend.metadata.compareAndSet(CURRENT_EXECUTION_KEY, executionId, null);
    await this.backend.outputs.delete(executionId);
    await this.backend.executions.delete(executionId);
  }

  appendOutput(executionId: string, lines: string[]): Promise<void> {
    return this.backend.outputs.append(executionId, lines);
  }

  getOutput(executionId: string): Promise<string[]> {
    return this.backend.outputs.get(executionId);
  }

  getCurrentExecutionId(): Promise<string | null> {
    return this.backend.metadata.get(CURRENT_EXECUTION_KEY);
  }

  async setCurrentExecutionId(executionId: string | null): Promise<void> {
    if (executionId !== null) assertValidId(executionId, 'execution id');
    await this.backend.metadata.set(CURRENT_EXECUTION_KEY, executionId);
  }
}
