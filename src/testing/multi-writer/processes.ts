import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

/** A writer process and what it printed so far, line by line. */
export interface Writer {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once the writer exited and its output was read to the end. */
  closed: Promise<void>;
}

/**
 * Starts worker.js (worker.ts when this suite runs from its TypeScript sources, through
 * ts-node's transpiler, which then must be installed) with `args`.
 */
export function startWriter(args: string[], env: Record<string, string> = {}): Writer {
  const extension = path.extname(__filename);
  const script = path.join(__dirname, `worker${extension}`);
  const execArgv = extension === '.ts' ? ['-r', 'ts-node/register/transpile-only'] : [];
  const child = spawn(process.execPath, [...execArgv, script, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const writer: Writer = {
    child,
    lines: [],
    stderr: [],
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
    closed: new Promise((resolve) => child.once('close', () => resolve())),
  };
  let rest = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    writer.lines.push(...parts);
  });
  child.stderr.on('data', (chunk: Buffer) => writer.stderr.push(chunk.toString('utf8')));
  return writer;
}

/** Resolves once the writer printed `line` (or rejects when it exits first), checking each time it prints. */
export function waitFor(writer: Writer, matches: (lines: string[]) => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const check = (): void => {
      if (settled || !matches(writer.lines)) return;
      settled = true;
      writer.child.stdout.off('data', check);
      resolve();
    };
    // Registered after startWriter's own listener, so the lines of each chunk are in by then.
    writer.child.stdout.on('data', check);
    void writer.closed.then(() => {
      check();
      if (settled) return;
      settled = true;
      writer.child.stdout.off('data', check);
      reject(new Error(`the writer exited before ${what}: ${writer.stderr.join('')}`));
    });
    check();
  });
}

/** Waits for every writer to print `ready`, then starts them all at once. */
export async function startTogether(writers: Writer[]): Promise<void> {
  await Promise.all(writers.map((writer) => waitFor(writer, (lines) => lines.includes('ready'), 'it was ready')));
  for (const writer of writers) writer.child.stdin.write('go\n');
}
