import { createWriteStream, promises as fs } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { EXIT, type ExitCode } from '../cli-errors';
import { writeText } from '../cli-io';
import { withStore, type CommandContext } from '../command-context';
import { serializeLine, storeLines } from '../store-lines';

export interface ExportResult {
  file: string;
  programs: number;
  executions: number;
  outputLines: number;
}

/**
 * `cvm-storage export FILE`: the whole store as JSON Lines (see store-lines.ts); `-` writes to
 * standard output. A file is written beside its name and renamed into place when complete.
 */
export async function exportStore(ctx: CommandContext, file: string): Promise<ExitCode> {
  const toStdout = file === '-';
  const partial = `${file}.partial`;
  const stream: Writable = toStdout ? ctx.io.stdout : createWriteStream(partial, { flags: 'w' });
  const result: ExportResult = { file, programs: 0, executions: 0, outputLines: 0 };
  try {
    await withStore(ctx, ctx.store, async (adapter) => {
      for await (const line of storeLines(adapter)) {
        if (line.kind === 'program') result.programs++;
        else if (line.kind === 'execution') result.executions++;
        else if (line.kind === 'output') result.outputLines += line.lines.length;
        await writeText(stream, serializeLine(line));
      }
    });
    if (!toStdout) {
      stream.end();
      await finished(stream);
      await fs.rename(partial, file);
    }
  } catch (error) {
    if (!toStdout) {
      stream.destroy();
      await fs.rm(partial, { force: true });
    }
    throw error;
  }
  // With `-` the stream is the result; the summary would corrupt it.
  if (!toStdout) await ctx.reporter.result(result, (r) => `exported ${r.programs} programs, ${r.executions} executions, ${r.outputLines} output lines to ${r.file}`);
  return EXIT.OK;
}
