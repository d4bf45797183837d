import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * A real MongoDB-compatible server for the MongoDB rows: BENCH_MONGODB_URL when set, else
 * SecantusDB from .servers/ (installed by scripts/servers/install-secantus.sh) started as a
 * one-node replica set on a free loopback port, its data in `dataDir`, and stopped by its PID.
 * Null when neither is there: those rows print "not measured: no server".
 */
const ROOT = path.resolve(__dirname, '..', '..');
const PYTHON = path.join(ROOT, '.servers', 'venv', 'bin', 'python');
const START_TIMEOUT_MS = 60_000;

export interface BenchServer {
  url: string;
  label: string;
  stop(): Promise<void>;
}

export async function startServer(dataDir: string): Promise<BenchServer | null> {
  const given = process.env.BENCH_MONGODB_URL;
  if (given) return { url: given, label: 'BENCH_MONGODB_URL', stop: async () => {} };
  if (!existsSync(PYTHON)) return null;
  await fs.mkdir(dataDir, { recursive: true });
  const port = await freePort();
  const child = spawn(PYTHON, ['-m', 'secantus', '--host', '127.0.0.1', '--port', String(port), '--storage-path', dataDir, '--log-level', 'WARNING'], { stdio: 'ignore' });
  const stop = () => stopChild(child);
  try {
    await waitForPort(port, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `mongodb://127.0.0.1:${port}/?replicaSet=secantus`, label: 'SecantusDB (one-node replica set, loopback)', stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`SecantusDB exited with code ${child.exitCode} before listening`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`SecantusDB did not listen on ${port} within ${START_TIMEOUT_MS} ms`);
}

/** SIGTERM to the server's PID, SIGKILL if it has not exited within 10 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
