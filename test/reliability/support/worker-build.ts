import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { transpileFolders, type TranspiledFolders } from '../../support/transpiled-folders';

const REPO = path.resolve(__dirname, '..', '..', '..');
const SOURCES = ['src', 'test/reliability/workers', 'test/reliability/support'];

/**
 * Child-process workers run as plain JavaScript: ts-node would spend over a second compiling the
 * library in every child, and the crash test starts one child per kill. So the library and the
 * workers are transpiled to a temp folder with the repository's layout (once per run under jest:
 * test/support/transpiled-folders.ts), and children find the packages through NODE_PATH.
 */
export class WorkerBuild {
  private readonly children = new Set<ChildProcessWithoutNullStreams>();

  private constructor(private readonly folders: TranspiledFolders) {}

  get root(): string {
    return this.folders.root;
  }

  static async create(): Promise<WorkerBuild> {
    return new WorkerBuild(transpileFolders(SOURCES));
  }

  /**
   * Starts `test/reliability/workers/<name>.js` with `args`; stdio are pipes. With
   * `maxOpenFiles`, the child runs under that file-descriptor limit (`ulimit -n`).
   */
  start(name: string, args: string[], options: { maxOpenFiles?: number } = {}): ChildProcessWithoutNullStreams {
    const script = path.join(this.root, 'test', 'reliability', 'workers', `${name}.js`);
    const command =
      options.maxOpenFiles === undefined
        ? [process.execPath, script, ...args]
        : ['/bin/sh', '-c', `ulimit -n ${options.maxOpenFiles} && exec "$0" "$@"`, process.execPath, script, ...args];
    const child = spawn(command[0], command.slice(1), {
      env: { ...process.env, NODE_PATH: path.join(REPO, 'node_modules') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  /** Kills any child still running, waits for it, and removes the build. */
  async dispose(): Promise<void> {
    await Promise.all(
      [...this.children].map((child) => {
        const exited = exitOf(child);
        child.kill('SIGKILL');
        return exited;
      }),
    );
    this.folders.remove();
  }
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

const stderrOf = new WeakMap<ChildProcessWithoutNullStreams, string[]>();

/** Collects the child's stderr from now on (call right after start). */
export function captureStderr(child: ChildProcessWithoutNullStreams): void {
  const chunks: string[] = [];
  stderrOf.set(child, chunks);
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => chunks.push(chunk));
}

/** Resolves when the child has exited and its pipes are closed. */
export function exitOf(child: ChildProcessWithoutNullStreams): Promise<Exit> {
  return new Promise((resolve) => {
    const done = (code: number | null, signal: NodeJS.Signals | null): void =>
      resolve({ code, signal, stderr: (stderrOf.get(child) ?? []).join('') });
    if (child.exitCode !== null || child.signalCode !== null) {
      if (child.stdout.closed && child.stderr.closed) done(child.exitCode, child.signalCode);
      else child.once('close', () => done(child.exitCode, child.signalCode));
    } else {
      child.once('close', done);
    }
  });
}

/** Resolves with the first stdout line equal to `line`; rejects if the child exits first. */
export function waitForLine(child: ChildProcessWithoutNullStreams, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('utf8');
      if (buffer.split('\n').includes(line)) {
        cleanup();
        resolve();
      }
    };
    const onExit = (code: number | null, signal: string | null): void => {
      cleanup();
      reject(new Error(`worker exited (code ${code}, signal ${signal}) before printing ${JSON.stringify(line)}: ${(stderrOf.get(child) ?? []).join('')}`));
    };
    const cleanup = (): void => {
      child.stdout.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
}
