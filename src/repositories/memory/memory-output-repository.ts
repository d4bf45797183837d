import { ConflictError } from '../../errors';
import { OutputRepository, type AppendOptions, type OutputRange } from '../output-repository';
import type { StoredText } from './memory-store';

/**
 * Output lines per execution, in append order. A fenced append checks the execution's revision
 * and appends in one synchronous step, so no save of the execution comes in between.
 */
export class MemoryOutputRepository extends OutputRepository {
  constructor(
    private readonly outputs: Map<string, string[]>,
    private readonly executions: Map<string, StoredText>,
  ) {
    super();
  }

  async append(executionId: string, lines: string[], options?: AppendOptions): Promise<void> {
    const expected = options?.expectedRevision;
    if (expected !== undefined) {
      const actual = this.executions.get(executionId)?.revision ?? null;
      if (actual !== expected) throw new ConflictError('execution id', executionId, expected, actual);
    }
    this.appendNow(executionId, lines);
  }

  /** Appends at once, in the caller's synchronous step. */
  appendNow(executionId: string, lines: readonly string[]): void {
    if (lines.length === 0) return;
    const stored = this.outputs.get(executionId);
    if (stored === undefined) this.outputs.set(executionId, [...lines]);
    else for (const line of lines) stored.push(line);
  }

  async get(executionId: string, range?: OutputRange): Promise<string[]> {
    const lines = this.outputs.get(executionId) ?? [];
    if (range === undefined) return [...lines];
    const from = range.from ?? 0;
    return lines.slice(from, range.limit === undefined ? undefined : from + range.limit);
  }

  async length(executionId: string): Promise<number> {
    return this.outputs.get(executionId)?.length ?? 0;
  }

  async delete(executionId: string): Promise<void> {
    this.outputs.delete(executionId);
  }
}
