import { CURRENT_EXECUTION_KEY } from '../repositories/current-execution-key';
import { NotConnectedError, ValidationError } from '../errors';
import { deleteExecutionInOrder } from '../repositories/delete-execution';
import { ExecutionRepository } from '../repositories/execution-repository';
import { MetadataRepository } from '../repositories/metadata-repository';
import { OutputRepository, type AppendOptions, type OutputRange } from '../repositories/output-repository';
import { ProgramRepository } from '../repositories/program-repository';
import { deleteExecutionIfUnchangedInOrder, type PruneCondition } from '../repositories/prune-execution';
import { matchesQuery, parseRecordQuery, type ParsedQuery, type RecordPage } from '../repositories/record-query';
import type { Revisioned, SaveOptions } from '../repositories/record-repository';
import type { StorageBackend, StorageRepositories } from '../repositories/storage-connection';
import type {
  BaseExecution,
  BaseProgram,
  Execution,
  ExecutionPage,
  ExecutionQuery,
  ExecutionRevisionPage,
  ForkExecutionOptions,
  HistoryOptions,
  Program,
  ProgramPage,
  ProgramQuery,
  PruneOptions,
  PruneResult,
  ReadExecutionOptions,
  RegisteredExecution,
  RegisteredProgram,
  RevisionListOptions,
} from '../types';
import { CallOrder } from '../util/call-order';
import { appendOptionsOf, saveOptionsOf } from '../validation/expected-revision';
import { assertValidId } from '../validation/ids';
import { validateOutputRange } from '../validation/output-range';
import { validateExecution, validateOutputLines, validateProgram } from '../validation/validate-record';
import { observeOperations, STORAGE_OPERATION_BYTES, type OperationBytes } from './operation-events';
import { parsePruneOptions } from './prune-options';
import { ExecutionHistory } from './execution-history';
import { forkOptionsOf, historyOptionsOf, readExecutionOptionsOf, revisionListOptionsOf } from './history-options';
import { CvmStorage } from './storage-adapter';

const backends = new WeakMap<object, StorageBackend>();

/**
 * The backend under an adapter, with none of the adapter's rules: for this package's own tests,
 * which reach a backend's repositories as they are. Not exported from any entry point.
 */
export function backendOf(adapter: object): StorageBackend | undefined {
  return backends.get(adapter);
}

/**
 * The rules every call through an adapter, or through the repositories it hands out, follows
 * before it reaches its backend: the store must be connected (checked when the call is made, and
 * again when a call that waited starts), ids are checked, options, ranges and records are checked
 * and copied when the call is made, and the calls about one execution run in call order. What a
 * backend repository receives is checked and owned by it.
 */
class Rules {
  private readonly executionCalls = new CallOrder();

  constructor(
    readonly backend: StorageBackend,
    /** Null when the backend keeps no history; `recording` only with the `history` option. */
    readonly history: ExecutionHistory | null,
  ) {}

  /** The backend's history, or a ValidationError naming `history` for a backend without one. */
  requireHistory(): ExecutionHistory {
    if (this.history === null) throw new ValidationError('StorageBackend', [{ path: 'history', constraints: { isSupported: 'this backend keeps no history' } }]);
    return this.history;
  }

  connected(): void {
    if (!this.backend.connection.isConnected()) throw new NotConnectedError();
  }

  /** Runs `work` after the pending calls about this execution (at once when there are none), if still connected. */
  inOrder<T>(executionId: string, work: () => Promise<T>): Promise<T> {
    return this.executionCalls.run(executionId, () => {
      this.connected();
      return work();
    });
  }

  id(value: unknown, field: string): string {
    assertValidId(value, field);
    return value;
  }

  program(input: unknown): Program {
    return validateProgram(input, this.backend.validation);
  }

  execution(input: unknown): Execution {
    return validateExecution(input, this.backend.validation);
  }

  lines(lines: unknown): string[] {
    return [...validateOutputLines(lines)];
  }

  range(range: unknown): OutputRange | undefined {
    return range === undefined ? undefined : validateOutputRange(range);
  }

  metadataValue(value: unknown, field: string): string | null {
    if (value === null || typeof value === 'string') return value;
    // Values end up in queries: anything but a string or null could act as an operator.
    throw new ValidationError('Metadata', [{ path: field, constraints: { isString: `${field} must be a string or null` } }]);
  }
}

/** The adapter's program repository: its rules, then the backend's. */
class CheckedProgramRepository extends ProgramRepository {
  constructor(private readonly rules: Rules) {
    super();
  }

  async save(record: Program, options?: SaveOptions): Promise<void> {
    this.rules.connected();
    const fence = saveOptionsOf(options, false);
    return this.rules.backend.programs.save(this.rules.program(record), fence);
  }

  async create(record: Program): Promise<void> {
    this.rules.connected();
    return this.rules.backend.programs.create(this.rules.program(record));
  }

  async get(id: string): Promise<Program | null> {
    this.rules.connected();
    return this.rules.backend.programs.get(this.rules.id(id, 'program id'));
  }

  async read(id: string): Promise<Revisioned<Program> | null> {
    this.rules.connected();
    return this.rules.backend.programs.read(this.rules.id(id, 'program id'));
  }

  async list(): Promise<Program[]> {
    this.rules.connected();
    return this.rules.backend.programs.list();
  }

  async delete(id: string): Promise<void> {
    this.rules.connected();
    return this.rules.backend.programs.delete(this.rules.id(id, 'program id'));
  }

  /** Reached through `query`, which checks the query first. */
  override async find(query: ParsedQuery): Promise<RecordPage<Program>> {
    this.rules.connected();
    return this.rules.backend.programs.find(query);
  }
}

/** The adapter's execution repository: its rules (with call order per execution), then the backend's. */
class CheckedExecutionRepository extends ExecutionRepository {
  constructor(private readonly rules: Rules) {
    super();
  }

  async save(record: Execution, options?: SaveOptions): Promise<void> {
    this.rules.connected();
    const fence = saveOptionsOf(options, true);
    const copy = this.rules.execution(record);
    const history = this.rules.history;
    if (history?.recording) return this.rules.inOrder(copy.id, () => history.save(copy, fence));
    return this.rules.inOrder(copy.id, () => this.rules.backend.executions.save(copy, fence));
  }

  async create(record: Execution): Promise<void> {
    this.rules.connected();
    const copy = this.rules.execution(record);
    const history = this.rules.history;
    if (history?.recording) {
      return this.rules.inOrder(copy.id, async () => {
        await this.rules.backend.executions.create(copy);
        await history.created(copy);
      });
    }
    return this.rules.inOrder(copy.id, () => this.rules.backend.executions.create(copy));
  }

  async get(id: string): Promise<Execution | null> {
    this.rules.connected();
    const checked = this.rules.id(id, 'execution id');
    return this.rules.inOrder(checked, () => this.rules.backend.executions.get(checked));
  }

  async read(id: string): Promise<Revisioned<Execution> | null> {
    this.rules.connected();
    const checked = this.rules.id(id, 'execution id');
    return this.rules.inOrder(checked, () => this.rules.backend.executions.read(checked));
  }

  async list(): Promise<Execution[]> {
    this.rules.connected();
    return this.rules.backend.executions.list();
  }

  /** The record only, not its output (see ExecutionRepository). */
  async delete(id: string): Promise<void> {
    this.rules.connected();
    const checked = this.rules.id(id, 'execution id');
    return this.rules.inOrder(checked, () => this.rules.backend.executions.delete(checked));
  }

  /** Reached through `query`, which checks the query first. */
  override async find(query: ParsedQuery): Promise<RecordPage<Execution>> {
    this.rules.connected();
    return this.rules.backend.executions.find(query);
  }
}

/** The adapter's output repository: its rules (with call order per execution), then the backend's. */
class CheckedOutputRepository extends OutputRepository {
  constructor(private readonly rules: Rules) {
    super();
  }

  async append(executionId: string, lines: string[], options?: AppendOptions): Promise<void> {
    this.rules.connected();
    const id = this.rules.id(executionId, 'execution id');
    const fence = appendOptionsOf(options);
    const copy = this.rules.lines(lines);
    return this.rules.inOrder(id, async () => {
      if (copy.length > 0) await this.rules.backend.outputs.append(id, copy, fence);
    });
  }

  async get(executionId: string, range?: OutputRange): Promise<string[]> {
    this.rules.connected();
    const id = this.rules.id(executionId, 'execution id');
    const copy = this.rules.range(range);
    return this.rules.inOrder(id, () => this.rules.backend.outputs.get(id, copy));
  }

  async length(executionId: string): Promise<number> {
    this.rules.connected();
    const id = this.rules.id(executionId, 'execution id');
    return this.rules.inOrder(id, () => this.rules.backend.outputs.length(id));
  }

  async delete(executionId: string): Promise<void> {
    this.rules.connected();
    const id = this.rules.id(executionId, 'execution id');
    return this.rules.inOrder(id, () => this.rules.backend.outputs.delete(id));
  }
}

/** The adapter's metadata repository: keys are ids, values strings or null; then the backend's. */
class CheckedMetadataRepository extends MetadataRepository {
  constructor(private readonly rules: Rules) {
    super();
  }

  async get(key: string): Promise<string | null> {
    this.rules.connected();
    return this.rules.backend.metadata.get(this.rules.id(key, 'metadata key'));
  }

  async set(key: string, value: string | null): Promise<void> {
    this.rules.connected();
    return this.rules.backend.metadata.set(this.rules.id(key, 'metadata key'), this.rules.metadataValue(value, 'value'));
  }

  async compareAndSet(key: string, expected: string | null, next: string | null): Promise<boolean> {
    this.rules.connected();
    const checked = this.rules.id(key, 'metadata key');
    return this.rules.backend.metadata.compareAndSet(checked, this.rules.metadataValue(expected, 'expected'), this.rules.metadataValue(next, 'next'));
  }
}

/**
 * The StorageAdapter over one backend's repositories, and the one place its rules are applied
 * (see Rules): the backend's repositories only read and write. It applies the calls about one
 * execution (save, get, delete, append, read output, make current) in call order, whatever their
 * mix. Records are validated at run time, so the type parameters only say what records look like.
 */
export class RepositoryStorageAdapter<P extends BaseProgram = RegisteredProgram, E extends BaseExecution = RegisteredExecution> extends CvmStorage<
  P,
  E
> {
  readonly #rules: Rules;
  readonly #checked: {
    programs: CheckedProgramRepository;
    executions: CheckedExecutionRepository;
    outputs: CheckedOutputRepository;
    metadata: CheckedMetadataRepository;
  };

  static {
    // Every asynchronous public method publishes an OperationEvent (operation-events.ts); a method
    // missing from STORAGE_OPERATION_BYTES is a type error here.
    observeOperations(this.prototype, (adapter) => adapter.#rules.backend.name ?? 'custom', STORAGE_OPERATION_BYTES satisfies Record<Operation, OperationBytes>);
  }

  /** With `options.history`, each save of an execution first keeps the state it replaces (see HistoryOptions). */
  constructor(backend: StorageBackend, options: { history?: HistoryOptions } = {}) {
    super();
    const history = historyOptionsOf(options.history, 'StorageOptions');
    if (history !== undefined && backend.history === undefined) {
      throw new ValidationError('StorageOptions', [{ path: 'history', constraints: { isSupported: 'this backend keeps no history' } }]);
    }
    backends.set(this, backend);
    const rules = new Rules(backend, backend.history === undefined ? null : new ExecutionHistory(backend, backend.history, history));
    this.#rules = rules;
    this.#checked = {
      programs: new CheckedProgramRepository(rules),
      executions: new CheckedExecutionRepository(rules),
      outputs: new CheckedOutputRepository(rules),
      metadata: new CheckedMetadataRepository(rules),
    };
  }

  /**
   * The four repositories over this adapter's backend, each call through this adapter's rules
   * (connection, ids, validation, call order), as the adapter's own methods are; they share its
   * connection.
   */
  get repositories(): StorageRepositories {
    return this.#checked;
  }

  connect(): Promise<void> {
    return this.#rules.backend.connection.connect();
  }

  disconnect(): Promise<void> {
    return this.#rules.backend.connection.disconnect();
  }

  isConnected(): boolean {
    return this.#rules.backend.connection.isConnected();
  }

  saveProgram(program: P): Promise<void> {
    return this.#checked.programs.save(program as unknown as Program);
  }

  createProgram(program: P): Promise<void> {
    return this.#checked.programs.create(program as unknown as Program);
  }

  getProgram(id: string): Promise<P | null> {
    return this.#checked.programs.get(id) as Promise<unknown> as Promise<P | null>;
  }

  listPrograms(): Promise<P[]> {
    return this.#checked.programs.list() as Promise<unknown> as Promise<P[]>;
  }

  deleteProgram(id: string): Promise<void> {
    return this.#checked.programs.delete(id);
  }

  saveExecution(execution: E, options?: SaveOptions): Promise<void> {
    return this.#checked.executions.save(execution as unknown as Execution, options);
  }

  async readExecution(id: string, options?: ReadExecutionOptions): Promise<{ execution: E; revision: number } | null> {
    const rules = this.#rules;
    rules.connected();
    const revision = readExecutionOptionsOf(options);
    if (revision === undefined) {
      const read = await this.#checked.executions.read(id);
      return read === null ? null : { execution: read.record as unknown as E, revision: read.revision };
    }
    const checked = rules.id(id, 'execution id');
    const history = rules.requireHistory();
    const entry = await rules.inOrder(checked, () => history.at(checked, revision));
    return entry === null ? null : { execution: entry.execution as unknown as E, revision };
  }

  async listExecutionRevisions(id: string, options?: RevisionListOptions): Promise<ExecutionRevisionPage> {
    const rules = this.#rules;
    rules.connected();
    const checked = rules.id(id, 'execution id');
    const { before, limit } = revisionListOptionsOf(options);
    const history = rules.requireHistory();
    return rules.inOrder(checked, () => history.list(checked, before, limit));
  }

  async forkExecution(id: string, options: ForkExecutionOptions): Promise<{ execution: E; revision: number } | null> {
    const rules = this.#rules;
    rules.connected();
    const source = rules.id(id, 'execution id');
    const { revision, newId } = forkOptionsOf(options, source);
    const history = rules.requireHistory();
    const start = await rules.inOrder(source, async () => {
      const entry = await history.at(source, revision);
      if (entry === null) return null;
      const lines = entry.outputLength === 0 ? [] : await rules.backend.outputs.get(source, { from: 0, limit: entry.outputLength });
      return { execution: entry.execution, lines };
    });
    if (start === null) return null;
    const forked = rules.execution({ ...start.execution, id: newId });
    return rules.inOrder(newId, async () => {
      await history.fork(forked, start.lines);
      if (history.recording) await history.created(forked);
      const read = await rules.backend.executions.read(newId);
      return read === null ? null : { execution: read.record as unknown as E, revision: read.revision };
    });
  }

  createExecution(execution: E): Promise<void> {
    return this.#checked.executions.create(execution as unknown as Execution);
  }

  getExecution(id: string): Promise<E | null> {
    return this.#checked.executions.get(id) as Promise<unknown> as Promise<E | null>;
  }

  listExecutions(): Promise<E[]> {
    return this.#checked.executions.list() as Promise<unknown> as Promise<E[]>;
  }

  async deleteExecution(executionId: string): Promise<void> {
    const rules = this.#rules;
    rules.connected();
    const id = rules.id(executionId, 'execution id');
    const backend = rules.backend;
    return rules.inOrder(id, async () => {
      await (backend.deleteExecution ? backend.deleteExecution(id) : deleteExecutionInOrder(backend, id));
      // After the record: a failure part-way leaves the execution visible, and a retry finishes.
      await rules.history?.remove(id);
    });
  }

  appendOutput(executionId: string, lines: string[], options?: AppendOptions): Promise<void> {
    return this.#checked.outputs.append(executionId, lines, options);
  }

  getOutput(executionId: string, range?: OutputRange): Promise<string[]> {
    return this.#checked.outputs.get(executionId, range);
  }

  getOutputLength(executionId: string): Promise<number> {
    return this.#checked.outputs.length(executionId);
  }

  getCurrentExecutionId(): Promise<string | null> {
    return this.#checked.metadata.get(CURRENT_EXECUTION_KEY);
  }

  async setCurrentExecutionId(executionId: string | null): Promise<void> {
    const rules = this.#rules;
    rules.connected();
    if (executionId === null) return rules.backend.metadata.set(CURRENT_EXECUTION_KEY, null);
    const id = rules.id(executionId, 'execution id');
    return rules.inOrder(id, () => rules.backend.metadata.set(CURRENT_EXECUTION_KEY, id));
  }

  async queryPrograms(query?: ProgramQuery): Promise<ProgramPage<P>> {
    const { records, next } = await this.#checked.programs.query(query);
    return { programs: records as unknown as P[], next };
  }

  async queryExecutions(query?: ExecutionQuery): Promise<ExecutionPage<E>> {
    const { records, next } = await this.#checked.executions.query(query);
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
    const rules = this.#rules;
    rules.connected();
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
          : await rules.inOrder(id, async () => {
              const now = await rules.backend.executions.read(id);
              if (now === null || !matchesQuery(now.record, filter)) return false;
              const deleted = await this.deleteIfUnchanged(id, { revision: now.revision, keepIfCurrent: !prune.includeCurrent });
              if (deleted) await rules.history?.remove(id);
              return deleted;
            });
        if (pruned) ids.push(id);
      }
      after = page.next;
    } while (after !== null);
    return { ids };
  }

  /** Runs `work` if the store is connected, as every call of this adapter does. */
  protected async whileConnected<T>(work: () => Promise<T>): Promise<T> {
    this.#rules.connected();
    return work();
  }

  private deleteIfUnchanged(executionId: string, condition: PruneCondition): Promise<boolean> {
    const backend = this.#rules.backend;
    return backend.deleteExecutionIfUnchanged
      ? backend.deleteExecutionIfUnchanged(executionId, condition)
      : deleteExecutionIfUnchangedInOrder(backend, executionId, condition);
  }
}

/** The names of the adapter's asynchronous public methods: the operations that publish events. */
type Operation = {
  [K in keyof RepositoryStorageAdapter]: RepositoryStorageAdapter[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof RepositoryStorageAdapter];
