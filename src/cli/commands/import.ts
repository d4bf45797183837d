import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { MongoDBStorageAdapter } from '../../adapters/mongodb-storage-adapter';
import { EXIT, ImportFormatError, UsageError, type ExitCode } from '../cli-errors';
import { announceStore, withStore, type CommandContext } from '../command-context';
import { readExport, type ExportSummary, type ImportItem } from '../import/export-stream';
import { folderContent, importIntoFolder } from '../import/folder-target';
import { importIntoMongo } from '../import/mongo-target';
import { progressBar } from '../migrate/progress';
import { describeStore } from '../store-target';

export interface ImportResult {
  file: string;
  programs: number;
  executions: number;
  outputLines: number;
  historyEntries: number;
  currentExecutionId: string | null;
  warnings: string[];
}

/**
 * `cvm-storage import FILE` (`-` reads standard input, kept in a temp file first) into an empty
 * store. The stream is read twice: first only checked, line by line and for completeness
 * (export-stream.ts), so a bad stream changes nothing anywhere; then written, into a new folder
 * renamed into place at the end (file backend), or into the MongoDB store under an import mark,
 * removed again on failure (mongo-target.ts). A store that holds records, output or a current
 * pointer is refused, since appending the same output twice would duplicate it (`migrate` merges).
 */
export async function importStore(ctx: CommandContext, file: string): Promise<ExitCode> {
  const spooled = file === '-' ? await spoolStdin(ctx) : null;
  const source = spooled ?? file;
  try {
    await assertReadable(source, file);
    const checked = await readExport(createReadStream(source));
    const write = async (apply: (item: ImportItem) => Promise<void>): Promise<ExportSummary> => {
      const progress = progressBar(ctx.io, ctx.reporter.json, 'import');
      const total = checked.programs + checked.executions;
      let done = 0;
      let written: ExportSummary;
      try {
        written = await readExport(createReadStream(source), async (item) => {
          await apply(item);
          if (item.kind === 'program' || item.kind === 'execution') progress.update(++done, total);
        });
      } finally {
        progress.stop();
      }
      if (written.sha256 !== checked.sha256) throw new ImportFormatError(1, `${file} changed while it was imported; nothing was imported`);
      return written;
    };
    const store = ctx.store;
    let summary: ExportSummary;
    if (store.kind === 'file') {
      const held = await folderContent(store.dataDir);
      if (held !== null) throw new UsageError(`the store ${describeStore(store)} is not empty (${held}): import into an empty store`);
      await announceStore(ctx);
      summary = await importIntoFolder(store.dataDir, write);
    } else {
      summary = await withStore(
        ctx,
        store,
        (adapter) => {
          if (!(adapter instanceof MongoDBStorageAdapter)) throw new TypeError('expected a MongoDB adapter');
          return importIntoMongo(adapter, store.url, write, (text) => ctx.reporter.note(text));
        },
        { create: true },
      );
    }
    for (const warning of summary.warnings) await ctx.reporter.note(`warning: ${warning}`);
    const result: ImportResult = {
      file,
      programs: summary.programs,
      executions: summary.executions,
      outputLines: summary.outputLines,
      historyEntries: summary.historyEntries,
      currentExecutionId: summary.currentExecutionId,
      warnings: summary.warnings,
    };
    await ctx.reporter.result(result, (r) => `imported ${r.programs} programs, ${r.executions} executions, ${r.outputLines} output lines, ${r.historyEntries} history entries from ${r.file}`);
    return EXIT.OK;
  } finally {
    if (spooled !== null) await fs.rm(path.dirname(spooled), { recursive: true, force: true });
  }
}

async function assertReadable(source: string, file: string): Promise<void> {
  try {
    await (await fs.open(source, 'r')).close();
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
}

/** Standard input, copied into a private temp folder, so it can be read twice. */
async function spoolStdin(ctx: CommandContext): Promise<string> {
  const folder = await fs.mkdtemp(path.join(tmpdir(), 'cvm-storage-import-'));
  const file = path.join(folder, 'stdin.jsonl');
  try {
    await pipeline(ctx.io.stdin, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    await fs.rm(folder, { recursive: true, force: true });
    throw error;
  }
  return file;
}
