import { PassThrough, Readable } from 'node:stream';
import type { CommandContext } from '../../src/cli/command-context';
import { main } from '../../src/cli/main';
import { Reporter } from '../../src/cli/reporter';
import type { StoreTarget } from '../../src/cli/store-target';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  stdin?: string;
  env?: NodeJS.ProcessEnv;
  /** Make standard error claim to be a terminal, as the progress bar needs. */
  tty?: boolean;
  /** The folder the CLI looks for default stores in; the process's by default. */
  cwd?: string;
}

/** Runs the CLI's main function in this process with captured streams. */
export async function runCli(argv: string[], options: RunOptions = {}): Promise<CliRun> {
  const { stdout, stderr, written } = capturedStreams(options.tty === true);
  const stdin = Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin, 'utf8')]);
  const code = await main(argv, { stdout, stderr, stdin, env: options.env ?? {}, cwd: options.cwd });
  return { code, stdout: written.stdout(), stderr: written.stderr() };
}

/** Standard output and error that keep what is written to them; `tty` makes stderr claim to be a terminal. */
function capturedStreams(tty: boolean) {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), tty ? { isTTY: true, columns: 120 } : {});
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const written = { stdout: () => Buffer.concat(out).toString('utf8'), stderr: () => Buffer.concat(err).toString('utf8') };
  return { stdout, stderr, written };
}

/** Runs the CLI and parses its `--json` output. */
export async function runJson<T = Record<string, unknown>>(argv: string[], options: RunOptions = {}): Promise<{ code: number; json: T; stderr: string }> {
  const run = await runCli([...argv, '--json'], options);
  let json: T;
  try {
    json = JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  }
  return { code: run.code, json, stderr: run.stderr };
}

/** A CommandContext over captured streams, for calling a command function directly. */
export function captureContext(store: StoreTarget, options: { json?: boolean; tty?: boolean } = {}): { ctx: CommandContext; stdout: () => string; stderr: () => string } {
  const { stdout, stderr, written } = capturedStreams(options.tty === true);
  const io = { stdout, stderr, stdin: Readable.from([]), env: {} };
  return { ctx: { io, reporter: new Reporter(io, options.json === true), store }, ...written };
}
