import { ConflictError } from '../../errors';
import { checkOutputGrowth } from '../output-cap';
import { OutputRepository, type AppendOptions, type OutputRange } from '../output-repository';
import type { StoredOutput, StoredText } from './memory-store';

/** An append's size in encoded bytes: the UTF-8 length of its lines as a JSON array. */
function encodedBytes(lines: readonly string[]): number {
  return Buffer.byteLength(JSON.stringify(lines), 'utf8');
}

/**
 * Output lines per execution, in append order, up to MAX_OUTPUT_BYTES each (output-cap.ts). A
 * fenced append checks the execution's revision and appends in one synchronous step, so no save
 * of the execution comes in between.
 */
export class MemoryOutputRepository extends OutputRepository {
  constructor(
    private readonly outputs: Map<string, StoredOutput>,
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
    this.prepareAppend(executionId, lines)();
  }

  /**
   * Refuses lines that would take the output past the cap (a ValidationError, nothing written);
   * else gives the append, to run in the caller's synchronous step.
   */
  prepareAppend(executionId: string, lines: readonly string[]): () => void {
    if (lines.length === 0) return () => undefined;
    const bytes = encodedBytes(lines);
    checkOutputGrowth(executionId)(this.outputs.get(executionId)?.bytes ?? 0, bytes);
    return () => {
      const stored = this.outputs.get(executionId);
      if (stored === undefined) this.outputs.set(executionId, { lines: [...lines], bytes });
      else {
        for (const line of lines) stored.lines.push(line);
        stored.bytes += bytes;
      }
    };
  }

  async get(executionId: string, range?: OutputRange): Promise<string[]> {
    const lines = this.outputs.get(executionId)?.lines ?? [];
    if (range === undefined) return [...lines];
    const from = range.from ?? 0;
    return lines.slice(from, range.limit === undefined ? undefined : from + range.limit);
  }

  async length(executionId: string): Promise<number> {
    return this.outputs.get(executionId)?.lines.length ?? 0;
  }

  async delete(executionId: string): Promise<void> {
    this.outputs.delete(executionId);
  }
}
