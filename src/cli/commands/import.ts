import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { CvmStorage } from '../../adapters/storage-adapter';
import { InvalidIdError, ValidationError } from '../../errors';
import { CodecError } from '../../codec/value-codec';
import { EXIT, ImportFormatError, UsageError, type ExitCode } from '../cli-errors';
import { withStore, type CommandContext } from '../command-context';
import { decodeExecution, decodeOutput, decodeProgram, EXPORT_FORMAT, type StoreLine } from '../store-lines';
import { describeStore } from '../store-target';

export interface ImportResult {
  file: string;
  programs: number;
  executions: number;
  outputLines: number;
  currentExecutionId: string | null;
}

/**
 * `cvm-storage import FILE` (`-` reads standard input) into an empty store: a store that already
 * holds records is refused, since appending the same output twice would duplicate it (use
 * `migrate` to bring two stores together).
 */
export async function importStore(ctx: CommandContext, file: string): Promise<ExitCode> {
  const input: Readable = file === '-' ? ctx.io.stdin : createReadStream(file);
  const result = await withStore(
    ctx,
    ctx.store,
    async (adapter) => {
      if ((await adapter.listPrograms()).length > 0 || (await adapter.listExecutions()).length > 0) {
        throw new UsageError(`the store ${describeStore(ctx.store)} is not empty: import into an empty store`);
      }
      return applyLines(adapter, input, file);
    },
    { create: true },
  );
  await ctx.reporter.result(result, (r) => `imported ${r.programs} programs, ${r.executions} executions, ${r.outputLines} output lines from ${r.file}`);
  return EXIT.OK;
}

async function applyLines(adapter: CvmStorage, input: Readable, file: string): Promise<ImportResult> {
  const result: ImportResult = { file, programs: 0, executions: 0, outputLines: 0, currentExecutionId: null };
  let lineNumber = 0;
  let sawHeader = false;
  let current: string | null = null;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    lineNumber++;
    if (text === '') continue;
    const line = parse(text, lineNumber);
    if (!sawHeader) {
      if (line.kind !== 'header' || line.format !== EXPORT_FORMAT || line.version !== 1) {
        throw new ImportFormatError(lineNumber, `expected the header of a ${EXPORT_FORMAT} stream, version 1`);
      }
      sawHeader = true;
      continue;
    }
    try {
      if (line.kind === 'program') {
        await adapter.saveProgram(decodeProgram(line));
        result.programs++;
      } else if (line.kind === 'execution') {
        await adapter.saveExecution(decodeExecution(line));
        result.executions++;
      } else if (line.kind === 'output') {
        const lines = decodeOutput(line);
        await adapter.appendOutput(line.executionId, lines);
        result.outputLines += lines.length;
      } else if (line.kind === 'current') {
        current = line.executionId;
      } else {
        throw new ImportFormatError(lineNumber, `unexpected ${JSON.stringify((line as { kind: unknown }).kind)} line`);
      }
    } catch (error) {
      if (error instanceof CodecError || error instanceof ValidationError || error instanceof InvalidIdError) throw new ImportFormatError(lineNumber, error.message, { cause: error });
      throw error;
    }
  }
  if (!sawHeader) throw new ImportFormatError(lineNumber, 'the stream is empty');
  if (current !== null) await adapter.setCurrentExecutionId(current);
  result.currentExecutionId = current;
  return result;
}

function parse(text: string, lineNumber: number): StoreLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ImportFormatError(lineNumber, 'not JSON', { cause: error });
  }
  if (typeof value !== 'object' || value === null || typeof (value as { kind?: unknown }).kind !== 'string') {
    throw new ImportFormatError(lineNumber, 'not an object with a kind');
  }
  return value as StoreLine;
}
