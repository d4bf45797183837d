// Starts a standalone SecantusDB from .servers/ on a free loopback port and stops it by PID.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const PYTHON = path.join(ROOT, '.servers/venv/bin/python');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function installIfMissing() {
  const probe = spawnSync(PYTHON, ['-c', 'import secantus'], { stdio: 'ignore' });
  if (probe.status === 0) return;
  const result = spawnSync('bash', [path.join(ROOT, 'scripts/servers/install-secantus.sh')], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`install-secantus.sh failed (exit ${result.status ?? result.signal})`);
}

function answers(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function startSecantus() {
  installIfMissing();
  const port = await freePort();
  const dataPath = fs.mkdtempSync(path.join(os.tmpdir(), 'cvm-original-secantus-'));
  const logFile = `${dataPath}.log`;
  const log = fs.openSync(logFile, 'a');
  const argv = ['-m', 'secantus', '--standalone', '--host', '127.0.0.1', '--port', String(port), '--storage-path', dataPath, '--log-level', 'WARNING'];
  const child = spawn(PYTHON, argv, { cwd: ROOT, stdio: ['ignore', log, log] });
  fs.closeSync(log);

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataPath, { recursive: true, force: true });
    fs.rmSync(logFile, { force: true });
  }

  const deadline = Date.now() + 30_000;
  while (!(await answers(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const output = fs.readFileSync(logFile, 'utf8');
      await stop();
      throw new Error(`SecantusDB did not start on 127.0.0.1:${port}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url: `mongodb://127.0.0.1:${port}/cvm_test`, pid: child.pid, stop };
}

module.exports = { startSecantus };
