import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { MongoClient } from 'mongodb';

/** How long starting a server, or any phase of a test, may take. */
export const PHASE_TIMEOUT_MS = 30_000;
const LOG = process.env.CVM_TEST_SERVER_LOG;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Whether every thread of the process is stopped (state T or t in /proc/<pid>/task/<tid>/stat).
 * Where there is no /proc (not Linux) it cannot tell, and says so.
 */
function allThreadsStopped(pid: number): boolean {
  if (!existsSync('/proc/self/task')) throw new Error('no /proc: cannot tell when a SIGSTOP has taken effect');
  return readdirSync(`/proc/${pid}/task`).every((tid) => {
    try {
      // The state follows the command name, which is in parentheses and may hold spaces.
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      return /^[Tt]/.test(stat.slice(stat.lastIndexOf(')') + 2));
    } catch {
      return true; // the thread has exited
    }
  });
}

/**
 * The server's argv from CVM_TEST_SERVER_START when it and CVM_TEST_SERVER_URL are set (npm run
 * test:servers sets both); otherwise it declares a test that fails saying so, and returns undefined.
 */
export function serverArgvOrFailingTest(): string[] | undefined {
  const start = process.env.CVM_TEST_SERVER_START;
  if (start && process.env.CVM_TEST_SERVER_URL) return JSON.parse(start) as string[];
  it('is given a server to start (CVM_TEST_SERVER_START, CVM_TEST_SERVER_URL: run it with npm run test:servers)', () => {
    throw new Error('CVM_TEST_SERVER_START and CVM_TEST_SERVER_URL are not set: this test cannot run, and does not pass');
  });
  return undefined;
}

const fill = (text: string, values: Record<string, string>): string => text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);

/** One server process on a fixed port and data folder, started again after each kill. */
export class ServerProcess {
  private child: ChildProcess | undefined;
  readonly url: string;

  constructor(
    private readonly argv: string[],
    readonly port: number,
    readonly dataPath: string,
  ) {
    this.url = fill(process.env.CVM_TEST_SERVER_URL as string, { port: String(port) });
  }

  async start(): Promise<void> {
    const [command, ...args] = this.argv.map((part) => fill(part, { port: String(this.port), dataPath: this.dataPath }));
    const log = LOG ? openSync(LOG, 'a') : 'ignore';
    const child = spawn(command, args, { stdio: ['ignore', log, log] });
    if (typeof log === 'number') closeSync(log);
    this.child = child;
    const deadline = Date.now() + PHASE_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${command} exited (${child.exitCode ?? child.signalCode}) before answering`);
      const client = new MongoClient(this.url, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
      try {
        await client.connect();
        await client.db('admin').command({ ping: 1 });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`${command} did not answer within ${PHASE_TIMEOUT_MS} ms`, { cause: error });
      } finally {
        await client.close().catch(() => undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** SIGKILL by PID: no shutdown, no flush. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (child?.pid === undefined || child.exitCode !== null || child.signalCode !== null) throw new Error('the server is not running');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(child.pid, 'SIGKILL');
    await exited;
  }

  /**
   * SIGSTOP: the process keeps its sockets open and answers nothing until resume(). Resolves once
   * every thread of it has stopped: kill() returns before they have, and a loaded machine leaves
   * time for a thread still running to answer a call made right after (seen on SecantusDB).
   */
  async pause(): Promise<void> {
    this.signal('SIGSTOP');
    const pid = this.child?.pid as number;
    const deadline = Date.now() + PHASE_TIMEOUT_MS;
    while (!allThreadsStopped(pid)) {
      if (Date.now() > deadline) throw new Error(`the server's threads did not all stop within ${PHASE_TIMEOUT_MS} ms of SIGSTOP`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** SIGCONT after pause(). */
  resume(): void {
    this.signal('SIGCONT');
  }

  private signal(signal: NodeJS.Signals): void {
    const child = this.child;
    if (child?.pid === undefined || child.exitCode !== null || child.signalCode !== null) throw new Error('the server is not running');
    process.kill(child.pid, signal);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child?.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

