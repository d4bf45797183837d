#!/usr/bin/env node
import 'reflect-metadata';
import { Command, CommanderError, Option } from 'commander';
import { StorageError } from '../errors';
import { CliError, EXIT, type ExitCode } from './cli-errors';
import { processIO, type CliIO } from './cli-io';
import type { CommandContext } from './command-context';
import { check } from './commands/check';
import { exportStore } from './commands/export';
import { fork } from './commands/fork';
import { history } from './commands/history';
import { importStore } from './commands/import';
import { inspect } from './commands/inspect';
import { list } from './commands/list';
import { migrate } from './commands/migrate';
import { prune, type PruneFlags } from './commands/prune';
import { show } from './commands/show';
import { showRevision } from './commands/show-revision';
import { ui, type UiFlags } from './commands/ui';
import { upgrade } from './commands/upgrade';
import { packageVersion } from './package-version';
import { Reporter } from './reporter';
import { storeFromFlags } from './store-choice';

interface GlobalFlags {
  dataDir?: string;
  mongoUrl?: string;
  json?: boolean;
  timeout?: string;
  operationTimeout?: string;
}

const EXIT_CODES_HELP = `
Exit codes:
  0  fine
  1  problems found (damage, a record that is not there, stores that differ after migrate)
  2  usage error (an invalid id, an export file that exists), or the store cannot be opened
     (missing folder, a folder that is not a store, unreachable server)

The store is --data-dir or --mongo-url; else, with CVM_STORAGE_TYPE set, the one StorageFactory
picks (CVM_DATA_DIR or ./.cvm, MONGODB_URI or its local default); else MONGODB_URL, MONGODB_URI,
CVM_DATA_DIR, as createStorageAdapter reads them; else ./cvm-data or ./.cvm, whichever exists
(both is an error: choose with --data-dir). Every command names the store it uses on stderr.`;

/** Runs `cvm-storage` with `argv` (without node and script), returning the exit code. */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<ExitCode> {
  let code: ExitCode = EXIT.OK;
  const program = new Command('cvm-storage')
    .description('Inspect, check and repair, migrate, back up and restore a @cvm/storage store.')
    .version(packageVersion(), '--version', 'print the version of @cvm/storage and exit')
    .option('--data-dir <dir>', 'the file store in this folder')
    .option('--mongo-url <url>', 'the MongoDB store at this connection string')
    .option('--json', 'print JSON instead of text for people')
    .addOption(new Option('--timeout <ms>', 'how long to wait for a MongoDB server').default('5000'))
    .option('--operation-timeout <ms>', 'how long one MongoDB call may take (default: the library\'s 30000)')
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError();
  const context = (): CommandContext => {
    const flags = program.opts<GlobalFlags>();
    const positive = (text: string | undefined) => (Number.isFinite(Number(text)) && Number(text) > 0 ? Number(text) : undefined);
    return {
      io,
      reporter: new Reporter(io, flags.json === true),
      store: storeFromFlags(flags, io.env, io.cwd),
      serverSelectionTimeoutMS: positive(flags.timeout),
      operationTimeoutMS: positive(flags.operationTimeout),
    };
  };
  const run = (action: (ctx: CommandContext) => Promise<ExitCode>) => async () => {
    code = await action(context());
  };
  program.command('inspect').description('counts, sizes, oldest and newest, the current execution').action(run((ctx) => inspect(ctx)));
  program
    .command('list')
    .description('a page of programs or executions, in the API order')
    .argument('<kind>', 'programs or executions')
    .option('--state <state>', 'executions in this state only')
    .option('--limit <n>', 'at most n items', '50')
    .option('--after <id>', 'the items after this id')
    .action((kind: string, flags: { state?: string; limit?: string; after?: string }) => run((ctx) => list(ctx, kind, flags))());
  program
    .command('show')
    .description('one record, and with --output its output')
    .argument('<kind>', 'program or execution')
    .argument('<id>')
    .option('--output', "the execution's output too")
    .option('--revision <n>', 'the execution as saved at this revision (kept by the history option)')
    .action((kind: string, id: string, flags: { output?: boolean; revision?: string }) =>
      run((ctx) => (flags.revision === undefined ? show(ctx, kind, id, flags) : showRevision(ctx, kind, id, { ...flags, revision: flags.revision })))(),
    );
  program
    .command('history')
    .description("an execution's saved revisions, newest first")
    .argument('<id>')
    .option('--limit <n>', 'at most n revisions', '50')
    .option('--before <revision>', 'the revisions below this one')
    .action((id: string, flags: { limit?: string; before?: string }) => run((ctx) => history(ctx, id, flags))());
  program
    .command('fork')
    .description('a new execution from an earlier revision, with the output as it stood then; the source is untouched')
    .argument('<id>')
    .option('--revision <n>', 'the revision to start from')
    .option('--id <new>', 'the new execution id')
    .action((id: string, flags: { revision?: string; id?: string }) => run((ctx) => fork(ctx, id, flags))());
  program
    .command('check')
    .description('read every record and output log and report damage')
    .option('--repair', 'quarantine damaged files, seal torn output tails, clear a dangling current pointer (each only if still so as it acts)')
    .action((flags: { repair?: boolean }) => run((ctx) => check(ctx, flags))());
  program
    .command('migrate')
    .description('copy the store into another (file or MongoDB), then verify both hold the same')
    .requiredOption('--to <dir|url>', 'the target store: a folder or a mongodb:// URL')
    .option('--dry-run', 'show what would be copied, write nothing')
    .action((flags: { to: string; dryRun?: boolean }) => run((ctx) => migrate(ctx, flags.to, flags))());
  program
    .command('upgrade')
    .description('rewrite records stored in an earlier format (the original package\'s included) in the current one, in place')
    .option('--dry-run', 'list what would be rewritten, write nothing')
    .action((flags: { dryRun?: boolean }) => run((ctx) => upgrade(ctx, flags))());
  program
    .command('prune')
    .description('delete executions last changed before a date, with their output (never the current one unless asked)')
    .requiredOption('--older-than <date|duration>', 'an ISO date, or a duration back from now: 30d, 12h, 90m, 2w')
    .option('--state <states>', 'only executions in these states, comma-separated (e.g. COMPLETED,ERROR); this or --any-state is required')
    .option('--any-state', 'executions in every state, paused ones (AWAITING_COGNITIVE_RESULT) included')
    .option('--include-current', 'also the current execution (the pointer is cleared)')
    .option('--dry-run', 'count what would be deleted, delete nothing')
    .option('--ids', 'print the ids of the executions, not only their count')
    .option('--quiet', 'print nothing on success')
    .option('--batch-size <n>', 'executions read and deleted at a time (1 to 1000)', '100')
    .action((flags: PruneFlags) => run((ctx) => prune(ctx, flags))());
  program
    .command('export')
    .description('the whole store as JSON Lines')
    .argument('<file>', 'a file, or - for standard output')
    .option('--force', 'replace the file if it exists')
    .action((file: string, flags: { force?: boolean }) => run((ctx) => exportStore(ctx, file, flags))());
  program
    .command('import')
    .description('an export into an empty store')
    .argument('<file>', 'a file, or - for standard input')
    .action((file: string) => run((ctx) => importStore(ctx, file))());

  program
    .command('ui')
    .description('a read-only web inspector of the store; prints its URL, with an access token, first')
    .option('--port <n>', 'the port to listen on (0: a free one)', '0')
    .option('--host <host>', 'the address to bind', '127.0.0.1')
    .action((flags: UiFlags) => run((ctx) => ui(ctx, flags))());

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    return report(error, io, program.opts<GlobalFlags>().json === true);
  }
}

async function report(error: unknown, io: CliIO, json: boolean): Promise<ExitCode> {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  }
  const reporter = new Reporter(io, json);
  if (error instanceof CliError) {
    await reporter.error(error.message, error.code);
    return error.exitCode;
  }
  if (error instanceof StorageError) {
    // A damaged record met while listing, a failed read: a problem with the store; `check` finds it.
    await reporter.error(`${error.message} (code ${error.code}; run cvm-storage check)`, error.code);
    return error.code === 'CONNECTION_FAILED' || error.code === 'NOT_CONNECTED' ? EXIT.USAGE : EXIT.PROBLEMS;
  }
  await reporter.error(error instanceof Error ? (error.stack ?? error.message) : String(error), 'CLI_UNEXPECTED');
  return EXIT.USAGE;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
