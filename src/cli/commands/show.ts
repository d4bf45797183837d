import { inspect as formatValue } from 'node:util';
import { InvalidIdError } from '../../errors';
import { EXIT, UsageError, type ExitCode } from '../cli-errors';
import { withStore, type CommandContext } from '../command-context';
import { recordAsJson } from '../record-json';

export interface ShowResult {
  kind: 'program' | 'execution';
  id: string;
  found: boolean;
  /** The record as the API returns it, in JSON (record-json.ts); null when not there. */
  record: unknown;
  /** An execution's revision (what `expectedRevision` takes); programs have none. */
  revision?: number | null;
  output?: string[];
}

/** `cvm-storage show program|execution ID [--output]`; an invalid id exits 2, a record that is not there 1. */
export async function show(ctx: CommandContext, kind: string, id: string, flags: { output?: boolean }): Promise<ExitCode> {
  if (kind !== 'program' && kind !== 'execution') throw new UsageError(`show what? "program" or "execution", not ${JSON.stringify(kind)}`);
  if (flags.output && kind !== 'execution') throw new UsageError('--output applies to executions only');
  let record: object | null = null;
  const result = await withStore(
    ctx,
    ctx.store,
    async (adapter): Promise<ShowResult> => {
      if (kind === 'program') {
        const program = (record = await validId(kind, id, () => adapter.getProgram(id)));
        return { kind, id, found: program !== null, record: recordAsJson(program) };
      }
      const read = await validId(kind, id, () => adapter.readExecution(id));
      record = read?.execution ?? null;
      const shown: ShowResult = { kind, id, found: read !== null, record: recordAsJson(record), revision: read?.revision ?? null };
      if (flags.output && read !== null) shown.output = await adapter.getOutput(id);
      return shown;
    },
    { readOnly: true },
  );
  await ctx.reporter.result(result, (shown) => human(shown, record));
  return result.found ? EXIT.OK : EXIT.PROBLEMS;
}

/** An id the API refuses is a usage error naming it, not damage in the store. */
async function validId<T>(kind: string, id: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidIdError) throw new UsageError(`${JSON.stringify(id)} is not a valid ${kind} id: ${error.message}`, { cause: error });
    throw error;
  }
}

function human(result: ShowResult, record: object | null): string {
  if (!result.found) return `no ${result.kind} ${result.id}`;
  const text = [formatValue(record, { depth: 8, colors: false, breakLength: 100, maxArrayLength: 50 })];
  if (result.revision !== undefined && result.revision !== null) text.push(`revision: ${result.revision}`);
  if (result.output !== undefined) {
    text.push(`output (${result.output.length} lines):`);
    text.push(...result.output);
  }
  return text.join('\n');
}
