import { CURRENT_EXECUTION_KEY } from '../repositories/current-execution-key';
import { deleteExecutionInOrder } from '../repositories/delete-execution';
import type { AppendOptions, OutputRange } from '../repositories/output-repository';
import { deleteExecutionIfUnchangedInOrder, type PruneCondition } from '../repositories/prune-execution';
import { matchesQuery, parseRecordQuery } from '../repositories/record-query';
import type { SaveOptions } from '../repositories/record-repository';
import type { StorageBackend, StorageRepositories } from '../repositories/storage-connection';
import type { BaseExecution, BaseProgram, Execution, ExecutionPage, ExecutionQuery, Program, ProgramPage, ProgramQuery, PruneOptions, PruneResult, RegisteredExecution, RegisteredProgram } from '../types';
import { CallOrder } from '../util/call-order';
import { assertValidId, isValidId } from '../validation/ids';
import { validateOutputRange } from '../validation/output-range';
import { validateExecution, validateOutputLines } from '../validation/validate-record';
import { markValidated } from '../validation/validated-copies';
import { observeOperations, STORAGE_OPERATION_BYTES, type OperationBytes } from './operation-events';
import { parsePruneOptions } from './prune-options';
import { CvmStorage } from './storage-adapter';

/**
 * The StorageAdapter over one backend's repositories. The repositories validate and check the
 * connection themselves; the facade composes them, and applies the calls about one execution
 * (save, get, delete, append, read output, make current) in call order, whatever their mix.
 * Records are validated at run time, so the type parameters only say what records look like.
 */
export class RepositoryStorageAdapter<P extends BaseProgram = RegisteredProgram, E extends BaseExecution = RegisteredExecution> extends CvmStorage<
  P,
  E
> {
  private readonly executionCalls = new CallOrder();

  static {
    // Every asynchronous public method publishes an OperationEvent (operation-events.ts); a method
    // missing from STORAGE_OPERATION_BYTES is a type error here.
    observeOperations(this.prototype, (adapter) => adapter.backend.name ?? 'custom', STORAGE_OPERATION_BYTES satisfies Record<Operation, OperationBytes>);
  }

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

  saveExecution(execution: E, options?: SaveOptions): Promise<void> {
    const save = (record: unknown, fence: unknown) => () => this.backend.executions.save(record as Execution, fence as SaveOptions);
    return this.inOrder(idOf(execution), save(execution, options), () =>
      save(markValidated(validateExecution(execution, this.backend.validation)), copyOptions(options)),
    );
  }

  readExecution(id: string): Promise<{ execution: E; revision: number } | null> {
    return this.inOrder(id, async () => {
      const read = await this.backend.executions.read(id);
      return read === null ? null : { execution: read.record as unknown as E, revision: read.revision };
    });
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

  appendOutput(executionId: string, lines: string[], options?: AppendOptions): Promise<void> {
    const append = (copy: string[], fence: unknown) => () => this.backend.outputs.append(executionId, copy, fence as AppendOptions);
    return this.inOrder(executionId, append(lines, options), () => append(markValidated([...validateOutputLines(lines)]), copyOptions(options)));
  }

  getOutput(executionId: string, range?: OutputRange): Promise<string[]> {
    if (range === undefined) return this.inOrder(executionId, () => this.backend.outputs.get(executionId));
    const read = (copy: OutputRange) => () => this.backend.outputs.get(executionId, copy);
    return this.inOrder(executionId, read(range), () => read({ ...validateOutputRange(range) }));
  }

  getOutputLength(executionId: string): Promise<number> {
    return this.inOrder(executionId, () => this.backend.outputs.length(executionId));
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
   * Walks the matching executions with queryExecutions, `batchSize` at a time. Each one is read
   * again, in call order with the other calls about it, and deleted only if it still matches,
   * through the backend's conditional delete: only if no save came after that read and, unless
   * `includeCurrent`, the current pointer does not name it, checked and deleted as one step (see
   * docs/reliability.md). Only the ids deleted are kept in memory, and one batch of executions.
   */
  async pruneExecutions(options: PruneOptions): Promise<PruneResult> {
    const prune = parsePruneOptions(options);
    const criteria: ExecutionQuery = { updatedBefore: prune.olderThan, ...(prune.states === null ? {} : { state: prune.states }) };
    const filter = parseRecordQuery(criteria, 'execution');
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const page: ExecutionPage<E> = await this.queryExecutions({ ...criteria, limit: prune.batchSize, after });
      for (const { id } of page.executions) {
        const pruned = prune.dryRun
          ? prune.includeCurrent || (await this.getCurrentExecutionId()) !== id
          : await this.inOrder(id, async () => {
              const now = await this.backend.executions.read(id);
              if (now === null || !matchesQuery(now.record, filter)) return false;
              return this.deleteIfUnchanged(id, { revision: now.revision, keepIfCurrent: !prune.includeCurrent });
            });
        if (pruned) ids.push(id);
      }
      after = page.next;
    } while (after !== null);
    return { ids };
  }

  private deleteIfUnchanged(executionId: string, condition: PruneCondition): Promise<boolean> {
    const backend = this.backend;
    return backend.deleteExecutionIfUnchanged
      ? backend.deleteExecutionIfUnchanged(executionId, condition)
      : deleteExecutionIfUnchangedInOrder(backend, executionId, condition);
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

/** The names of the facade's asynchronous public methods: the operations that publish events. */
type Operation = {
  [K in keyof RepositoryStorageAdapter]: RepositoryStorageAdapter[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof RepositoryStorageAdapter];

function idOf(record: unknown): unknown {
  return (record as { id?: unknown } | null)?.id;
}

/** The options of a call that has to wait, as they are now: a later change by the caller does not reach it. */
function copyOptions(options: unknown): unknown {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return options;
  const copy: Record<string, unknown> = { ...options };
  if (Array.isArray(copy.output)) copy.output = [...(copy.output as unknown[])];
  return copy;
}
