import { EXIT, type ExitCode } from '../cli-errors';
import { withStore, type CommandContext } from '../command-context';
import { table } from '../reporter';
import type { ExecutionRevision } from '../../types';
import { wholeNumberFlag } from './revision-number';

export interface HistoryResult {
  id: string;
  revisions: ExecutionRevision[];
  /** The `--before` of the next page, or null. */
  next: number | null;
}

/** `cvm-storage history ID [--limit n] [--before r]`: the execution's revisions, newest first; none stored exits 1. */
export async function history(ctx: CommandContext, id: string, flags: { limit?: string; before?: string }): Promise<ExitCode> {
  const limit = wholeNumberFlag('--limit', flags.limit) ?? 50;
  const before = wholeNumberFlag('--before', flags.before) ?? null;
  const result = await withStore(ctx, ctx.store, async (adapter): Promise<HistoryResult> => ({ id, ...(await adapter.listExecutionRevisions(id, { limit, before })) }));
  await ctx.reporter.result(result, human);
  return result.revisions.length > 0 ? EXIT.OK : EXIT.PROBLEMS;
}

function human(result: HistoryResult): string {
  if (result.revisions.length === 0) return `no execution ${result.id}`;
  const rows = result.revisions.map((entry): [string, string] => [
    String(entry.revision),
    `${entry.state} pc ${entry.pc}, ${entry.outputLength} output lines${entry.updated ? `, updated ${entry.updated.toISOString()}` : ''}`,
  ]);
  const more = result.next === null ? [] : [`more: --before ${result.next}`];
  return [table(rows), ...more].join('\n');
}
