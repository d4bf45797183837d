import { inspect as formatValue } from 'node:util';
import { EXIT, UsageError, type ExitCode } from '../cli-errors';
import { withStore, type CommandContext } from '../command-context';
import { recordAsJson } from '../record-json';
import type { ShowResult } from './show';
import { wholeNumberFlag } from './revision-number';

export interface ShowRevisionResult extends ShowResult {
  revision: number;
}

/** `cvm-storage show execution ID --revision N [--output]`: the execution as saved at N, with the output as it stood then. */
export async function showRevision(ctx: CommandContext, kind: string, id: string, flags: { revision: string; output?: boolean }): Promise<ExitCode> {
  if (kind !== 'execution') throw new UsageError('--revision applies to executions only');
  const revision = wholeNumberFlag('--revision', flags.revision) as number;
  let record: object | null = null;
  const result = await withStore(ctx, ctx.store, async (adapter): Promise<ShowRevisionResult> => {
    const read = await adapter.readExecution(id, { revision });
    record = read?.execution ?? null;
    const shown: ShowRevisionResult = { kind: 'execution', id, revision, found: read !== null, record: recordAsJson(record) };
    if (flags.output && read !== null) {
      const length = (await adapter.listExecutionRevisions(id, { before: revision + 1, limit: 1 })).revisions[0]?.outputLength ?? 0;
      shown.output = length === 0 ? [] : await adapter.getOutput(id, { from: 0, limit: length });
    }
    return shown;
  });
  await ctx.reporter.result(result, (shown) => human(shown, record));
  return result.found ? EXIT.OK : EXIT.PROBLEMS;
}

function human(result: ShowRevisionResult, record: object | null): string {
  if (!result.found) return `no revision ${result.revision} of execution ${result.id}`;
  const text = [`revision ${result.revision}`, formatValue(record, { depth: 8, colors: false, breakLength: 100, maxArrayLength: 50 })];
  if (result.output !== undefined) text.push(`output then (${result.output.length} lines):`, ...result.output);
  return text.join('\n');
}
