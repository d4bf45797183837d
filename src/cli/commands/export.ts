import { createWriteStream, promises as fs } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { EXIT, type ExitCode } from '../cli-errors';
import { writeText } from '../cli-io';
import { withStore, type CommandContext } from '../command-context';
import { ExportTally } from '../export-tally';
import { serializeLine, storeLines } from '../store-lines';

export interface ExportResult {
  file: string;
  programs: number;
  executions: number;
  outputLines: number;
}

/**
 * `cvm-storage export FILE`: the whole store as JSON Lines (see store-lines.ts), closed by an end
 * line with counts and a SHA-256 of the lines before it; `-` writes to standard output. A file is
 * written beside its name and renamed into place when complete.
 */
export async function exportStore(ctx: CommandContext, file: string): Promise<ExitCode> {
  const toStdout = file === '-';
  const partial = `${file}.partial`;
  const stream: Writable = toStdout ? ctx.io.stdout : createWriteStream(partial, { flags: 'w' });
  const tally = new ExportTally();
  try {
    await withStore(ctx, ctx.store, async (adapter) => {
      for await (const line of storeLines(adapter)) {
        const text = serializeLine(line);
        tally.add(line, text);
        await writeText(stream, text);
      }
      await writeText(stream, serializeLine(tally.end()));
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
  const result: ExportResult = { file, programs: tally.programs, executions: tally.executions, outputLines: tally.outputLines };
  // With `-` the stream is the result; the summary would corrupt it.
  if (!toStdout) await ctx.reporter.result(result, (r) => `exported ${r.programs} programs, ${r.executions} executions, ${r.outputLines} output lines to ${r.file}`);
  return EXIT.OK;
}
