import { inspect as formatValue } from 'node:util';
import { EXIT, UsageError, type ExitCode } from '../cli-errors';
import { withStore, type CommandContext } from '../command-context';
import { executionLine, programLine } from '../store-lines';

export interface ShowResult {
  kind: 'program' | 'execution';
  id: string;
  found: boolean;
  /** The record as stored (the codec's lossless document), so JSON keeps NaN, -0 and the like. */
  document: object | null;
  output?: string[];
}

/** `cvm-storage show program|execution ID [--output]`; a record that is not there exits 1. */
export async function show(ctx: CommandContext, kind: string, id: string, flags: { output?: boolean }): Promise<ExitCode> {
  if (kind !== 'program' && kind !== 'execution') throw new UsageError(`show what? "program" or "execution", not ${JSON.stringify(kind)}`);
  if (flags.output && kind !== 'execution') throw new UsageError('--output applies to executions only');
  let record: object | null = null;
  const result = await withStore(ctx, ctx.store, async (adapter): Promise<ShowResult> => {
    if (kind === 'program') {
      const program = (record = await adapter.getProgram(id));
      return { kind, id, found: program !== null, document: program && programLine(program).document };
    }
    const execution = (record = await adapter.getExecution(id));
    const shown: ShowResult = { kind, id, found: execution !== null, document: execution && executionLine(execution).document };
    if (flags.output && execution !== null) shown.output = await adapter.getOutput(id);
    return shown;
  });
  // People see the record as the API returns it (NaN, -0 and dates as such); JSON gets the stored document.
  await ctx.reporter.result(result, (shown) => human(shown, record));
  return result.found ? EXIT.OK : EXIT.PROBLEMS;
}

function human(result: ShowResult, record: object | null): string {
  if (!result.found) return `no ${result.kind} ${result.id}`;
  const text = [formatValue(record, { depth: 8, colors: false, breakLength: 100, maxArrayLength: 50 })];
  if (result.output !== undefined) {
    text.push(`output (${result.output.length} lines):`);
    text.push(...result.output);
  }
  return text.join('\n');
}
