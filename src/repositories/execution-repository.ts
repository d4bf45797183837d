import type { BaseExecution, Execution } from '../types';

/** Execution states by id. Abstract so it doubles as a dependency-injection token. */
export abstract class ExecutionRepository<E extends BaseExecution = Execution> {
  /** Validates, then atomically creates or replaces the execution with this id. */
  abstract save(execution: E): Promise<void>;
  abstract get(id: string): Promise<E | null>;
  /** Every execution, ordered by `created`, then `id`. */
  abstract list(): Promise<E[]>;
  /** Removes the execution record only (not its output); a missing id is a no-op. */
  abstract delete(id: string): Promise<void>;
}
