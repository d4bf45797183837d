import { createWriteStream, promises as fs } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { EXIT, UsageError, type ExitCode } from '../cli-errors';
import { writeText } from '../cli-io';
import { withStore, type CommandContext } from '../command-context';
import { ExportTally } from '../export-tally';
import { progressBar } from '../migrate/progress';
import { serializeLine, storeLines } from '../store-lines';

export interface ExportResult {
  file: string;
  programs: number;
  executions: number;
  outputLines: number;
  historyEntries: number;
}

/**
 * `cvm-storage export FILE`: the whole store as JSON Lines (see store-lines.ts), closed by an end
 * line with counts and a SHA-256 of the lines before it; `-` writes to standard output. A file is
 * written beside its name and moved into place when complete; a file of that name (there before,
 * or made meanwhile) is a usage error unless `force`, and is then replaced.
 */
export async function exportStore(ctx: CommandContext, file: string, flags: { force?: boolean } = {}): Promise<ExitCode> {
  const toStdout = file === '-';
  const force = flags.force === true;
  if (!toStdout && !force && (await pathExists(file))) throw existing(file);
  const partial = `${file}.partial`;
  const stream: Writable = toStdout ? ctx.io.stdout : createWriteStream(partial, { flags: 'w' });
  const tally = new ExportTally();
  const progress = progressBar(ctx.io, ctx.reporter.json, 'export');
  try {
    await withStore(
      ctx,
      ctx.store,
      async (adapter) => {
        let total = 0;
        let done = 0;
        for await (const line of storeLines(adapter, (records) => (total = records))) {
          const text = serializeLine(line);
          tally.add(line, text);
          await writeText(stream, text);
          if (line.kind === 'program' || line.kind === 'execution') progress.update(++done, total);
        }
        await writeText(stream, serializeLine(tally.end()));
      },
      { readOnly: true },
    );
    progress.stop();
    if (!toStdout) {
      stream.end();
      await finished(stream);
      await moveIntoPlace(partial, file, force);
    }
  } catch (error) {
    progress.stop();
    if (!toStdout) {
      stream.destroy();
      await fs.rm(partial, { force: true });
    }
    throw error;
  }
  const result: ExportResult = { file, programs: tally.programs, executions: tally.executions, outputLines: tally.outputLines, historyEntries: tally.historyEntries };
  // With `-` the stream is the result; the summary would corrupt it.
  if (!toStdout) await ctx.reporter.result(result, (r) => `exported ${r.programs} programs, ${r.executions} executions, ${r.outputLines} output lines, ${r.historyEntries} history entries to ${r.file}`);
  return EXIT.OK;
}

async function pathExists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
}

function existing(file: string): UsageError {
  return new UsageError(`${file} exists: nothing was written (give --force to replace it)`);
}

/** Without `force`, a hard link, which fails on a name taken meanwhile, then the partial file's removal. */
async function moveIntoPlace(partial: string, file: string, force: boolean): Promise<void> {
  if (force) return fs.rename(partial, file);
  try {
    await fs.link(partial, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw existing(file);
    throw error;
  }
  await fs.rm(partial);
}
