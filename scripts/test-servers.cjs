#!/usr/bin/env node
// Runs the MongoDB backend's tests against real, independently written MongoDB servers:
// for each server asked for, installs it (project-local, git-ignored .servers/), starts it on a
// free 127.0.0.1 port, waits until it answers `hello`, runs jest on test/mongo-backend (the
// contract suite and the backend tests) and the command-line tool's MongoDB tests (test/cli) with
// MONGODB_URL pointing at it, stops it by its PID, then runs the kill -9 / restart test
// (test/real-server) which starts the server itself. Prints a
// matrix suite x server and exits non-zero when any cell failed or a server could not be
// installed or started.
//
//   npm run test:servers                                   # every server
//   npm run test:servers -- --server secantus-rs,ferretdb  # some (or CVM_TEST_SERVERS=...)
//   npm run test:servers -- --suites mongo-backend         # skip the kill/restart test
//   npm run test:servers -- --suites dropped-database      # only the dropped-database test
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { stripVTControlCharacters } = require('node:util');

const ROOT = path.resolve(__dirname, '..');
const SERVERS_DIR = path.join(ROOT, '.servers');
const RESULTS_DIR = path.join(SERVERS_DIR, 'results');
const LOGS_DIR = path.join(SERVERS_DIR, 'logs');
const KNOWN = require('./servers/known-divergences.json').divergences;

/** How to install and start each server; `{port}` and `{dataPath}` are filled in per start. */
const SERVERS = {
  'secantus-rs': {
    install: 'scripts/servers/install-secantus.sh',
    argv: ['.servers/venv/bin/python', '-m', 'secantus', '--host', '127.0.0.1', '--port', '{port}', '--storage-path', '{dataPath}', '--log-level', 'WARNING'],
    url: 'mongodb://127.0.0.1:{port}/?replicaSet=secantus',
  },
  'secantus-standalone': {
    install: 'scripts/servers/install-secantus.sh',
    argv: ['.servers/venv/bin/python', '-m', 'secantus', '--standalone', '--host', '127.0.0.1', '--port', '{port}', '--storage-path', '{dataPath}', '--log-level', 'WARNING'],
    url: 'mongodb://127.0.0.1:{port}/',
  },
  ferretdb: {
    install: 'scripts/servers/install-ferretdb.sh',
    argv: ['.servers/bin/ferretdb', '--listen-addr', '127.0.0.1:{port}', '--sqlite-dir', '{dataPath}', '--log-level', 'error'],
    url: 'mongodb://127.0.0.1:{port}/',
  },
};

const SUITES = {
  'mongo-backend': { paths: ['test/mongo-backend'], config: 'jest.config.js', needsRunningServer: true },
  // The database dropped under a running adapter: saving and listing go on, the indexes come back.
  // Part of mongo-backend, so only run on its own when asked for (--suites dropped-database).
  'dropped-database': { paths: ['test/mongo-backend/dropped-database.test.ts'], config: 'jest.config.js', needsRunningServer: true, partOf: 'mongo-backend' },
  'kill-restart': { paths: ['test/real-server'], config: 'jest.real-server.config.js', needsRunningServer: false },
  // The command-line tool's MongoDB commands, migrate and export/import, end to end.
  cli: {
    paths: ['test/cli/mongo-commands.test.ts', 'test/cli/check-live-mongo.test.ts', 'test/cli/import-streams.test.ts', 'test/cli/migrate.test.ts', 'test/cli/export-import.test.ts', 'test/cli/prune.test.ts', 'test/cli/mongo-read-only.test.ts', 'test/cli/history-carry.test.ts'],
    config: 'jest.config.js',
    needsRunningServer: true,
  },
};

function parseArgs(argv) {
  const options = {
    servers: (process.env.CVM_TEST_SERVERS || Object.keys(SERVERS).join(',')).split(','),
    suites: Object.keys(SUITES).filter((name) => !SUITES[name].partOf),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!next) throw new Error(`${arg} needs a value`);
      return next.split(',').map((s) => s.trim()).filter(Boolean);
    };
    if (arg.startsWith('--server')) options.servers = value();
    else if (arg.startsWith('--suites')) options.suites = value();
    else if (arg === '--help' || arg === '-h') {
      console.log(`usage: npm run test:servers -- [--server ${Object.keys(SERVERS).join(',')}] [--suites ${Object.keys(SUITES).join(',')}]`);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  for (const name of options.servers) if (!SERVERS[name]) throw new Error(`unknown server ${name}; known: ${Object.keys(SERVERS).join(', ')}`);
  for (const name of options.suites) if (!SUITES[name]) throw new Error(`unknown suite ${name}; known: ${Object.keys(SUITES).join(', ')}`);
  return options;
}

const fill = (text, values) => text.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));

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

/** Children started here, stopped by PID on exit, failure or Ctrl-C. */
const running = new Map();

function stopByPid(pid, signal = 'SIGTERM') {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

async function stopChild(child, timeoutMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  stopByPid(child.pid, 'SIGTERM');
  const timer = setTimeout(() => stopByPid(child.pid, 'SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
  running.delete(child.pid);
}

function onSignal(signal) {
  for (const pid of running.keys()) stopByPid(pid, 'SIGKILL');
  console.error(`\ntest-servers: ${signal}, stopped ${running.size} child process(es)`);
  process.exit(130);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.on('exit', () => {
  for (const pid of running.keys()) stopByPid(pid, 'SIGKILL');
});

async function waitForHello(url, child, timeoutMs = 60_000) {
  const { MongoClient } = require('mongodb');
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited (${child.exitCode ?? child.signalCode}) before answering`);
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 });
    try {
      await client.connect();
      const hello = await client.db('admin').command({ hello: 1 });
      await client.db('admin').command({ ping: 1 });
      return hello;
    } catch (error) {
      lastError = error;
    } finally {
      await client.close().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`did not answer hello within ${timeoutMs} ms: ${lastError?.message}`);
}

function runJest(suite, resultFile, env) {
  return new Promise((resolve) => {
    const args = [require.resolve('jest/bin/jest'), '-c', SUITES[suite].config, '--json', `--outputFile=${resultFile}`, ...SUITES[suite].paths];
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
    running.set(child.pid, child);
    child.on('exit', (code, signal) => {
      running.delete(child.pid);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/**
 * Per test file: passed / failed / skipped / known from jest's --json output. A file that did not
 * run counts as failed; a failure listed in known-divergences.json for this server counts as
 * known; a listed divergence that did not fail is a problem (the list is stale).
 */
function readCells(server, resultFile, jestExit) {
  const cells = new Map();
  const stale = new Set();
  const failures = [];
  let report;
  try {
    report = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  } catch (error) {
    return { cells, failures, error: `no jest report (${error.message}), jest exit ${jestExit}` };
  }
  for (const file of report.testResults) {
    const name = path.relative(ROOT, file.name);
    const cell = { passed: 0, failed: 0, skipped: 0, known: 0 };
    for (const test of file.assertionResults) {
      const known = KNOWN.find((entry) => entry.servers.includes(server) && test.fullName.endsWith(entry.test));
      // A race divergence shows only when the race goes the wrong way: passing is no sign that it is gone.
      if (known && test.status === 'passed' && !known.race) stale.add(known);
      if (test.status === 'passed') cell.passed++;
      else if (test.status === 'failed' && known) cell.known++;
      else if (test.status === 'failed') {
        cell.failed++;
        failures.push(`${server} ${name}: ${test.fullName}\n    ${firstLines(test.failureMessages.join('\n'))}`);
      } else cell.skipped++;
    }
    if (file.status === 'failed' && cell.failed + cell.known === 0) {
      cell.failed++; // the file itself failed (e.g. beforeAll threw)
      failures.push(`${server} ${name}: the file failed\n    ${firstLines(file.message ?? '')}`);
    }
    cells.set(name, cell);
  }
  const counted = [...cells.values()].reduce((sum, cell) => sum + cell.passed + cell.failed + cell.skipped + cell.known, 0);
  const errors = [];
  if (counted === 0) errors.push('jest ran no test');
  else if (jestExit !== 0 && ![...cells.values()].some((cell) => cell.failed + cell.known > 0)) errors.push(`jest exited ${jestExit} with no failed test`);
  for (const entry of stale) errors.push(`known divergence "${entry.test}" passed: remove it from scripts/servers/known-divergences.json`);
  return { cells, failures, error: errors.join('; ') || undefined };
}

/** A failure's first lines without colours, short enough to read at the end of a CI log. */
function firstLines(message) {
  const lines = stripVTControlCharacters(message).split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.slice(0, 6).join('\n    ').slice(0, 1200);
}

async function startServer(name, server, dataPath, logFile) {
  const port = await freePort();
  const values = { port, dataPath };
  const [command, ...args] = server.argv.map((part) => fill(part, values));
  const log = fs.openSync(logFile, 'a');
  const child = spawn(path.resolve(ROOT, command), args, { cwd: ROOT, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  running.set(child.pid, child);
  child.once('exit', () => running.delete(child.pid));
  const url = fill(server.url, values);
  const hello = await waitForHello(url, child).catch(async (error) => {
    await stopChild(child);
    throw new Error(`${name} ${error.message} (log: ${path.relative(ROOT, logFile)})`);
  });
  return { child, url, port, hello };
}

function install(name, server) {
  const started = Date.now();
  const result = spawnSync('bash', [path.join(ROOT, server.install)], { cwd: ROOT, stdio: 'inherit' });
  const seconds = (Date.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${name}: ${server.install} failed (exit ${result.status ?? result.signal})`);
  return seconds;
}

function printMatrix(rows, serverNames, problems) {
  const fmt = (cell) => (cell ? `${cell.passed}/${cell.failed}/${cell.skipped}/${cell.known}` : '-');
  const header = ['test file (passed/failed/skipped/known)', ...serverNames];
  const table = [...rows.keys()].sort().map((suite) => [suite, ...serverNames.map((server) => fmt(rows.get(suite).get(server)))]);
  const totals = { passed: 0, failed: 0, skipped: 0, known: 0 };
  const perServer = serverNames.map((server) => {
    const sum = { passed: 0, failed: 0, skipped: 0, known: 0 };
    for (const byServer of rows.values()) {
      const cell = byServer.get(server);
      if (!cell) continue;
      for (const key of Object.keys(sum)) sum[key] += cell[key];
    }
    for (const key of Object.keys(totals)) totals[key] += sum[key];
    return fmt(sum);
  });
  table.push(['total', ...perServer]);
  const widths = header.map((_, i) => Math.max(header[i].length, ...table.map((row) => row[i].length)));
  const line = (row) => `| ${row.map((text, i) => text.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of table) console.log(line(row));
  for (const problem of problems) console.log(`PROBLEM: ${problem}`);
  return totals;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.mkdirSync(LOGS_DIR, { recursive: true });
  const rows = new Map();
  const problems = [];
  const failures = [];
  const timings = [];
  const addCells = (server, suite, cells) => {
    for (const [file, cell] of cells) {
      if (!rows.has(file)) rows.set(file, new Map());
      rows.get(file).set(server, cell);
    }
  };

  for (const name of options.servers) {
    const server = SERVERS[name];
    const serverStarted = Date.now();
    console.log(`\n=== ${name} ===`);
    let installSeconds;
    try {
      installSeconds = install(name, server);
    } catch (error) {
      problems.push(`${name}: could not be installed: ${error.message}`);
      continue;
    }
    const logFile = path.join(LOGS_DIR, `${name}.log`);
    fs.writeFileSync(logFile, '');
    for (const suite of options.suites) {
      const resultFile = path.join(RESULTS_DIR, `${name}.${suite}.json`);
      fs.rmSync(resultFile, { force: true });
      const suiteStarted = Date.now();
      let jestExit;
      if (SUITES[suite].needsRunningServer) {
        const dataPath = fs.mkdtempSync(path.join(os.tmpdir(), `cvm-${name}-`));
        let started;
        try {
          started = await startServer(name, server, dataPath, logFile);
        } catch (error) {
          problems.push(`${name}: could not be started: ${error.message}`);
          fs.rmSync(dataPath, { recursive: true, force: true });
          continue;
        }
        console.log(`${name}: pid ${started.child.pid} on 127.0.0.1:${started.port}, reports MongoDB ${started.hello.maxWireVersion !== undefined ? `wire ${started.hello.maxWireVersion}` : '?'}${started.hello.setName ? `, replica set ${started.hello.setName}` : ', standalone'}`);
        try {
          jestExit = await runJest(suite, resultFile, { MONGODB_URL: started.url });
        } finally {
          await stopChild(started.child);
          fs.rmSync(dataPath, { recursive: true, force: true });
        }
        if (started.child.exitCode !== null && started.child.exitCode !== 0 && started.child.signalCode === null) {
          problems.push(`${name}: exited with ${started.child.exitCode} when stopped (log: ${path.relative(ROOT, logFile)})`);
        }
      } else {
        jestExit = await runJest(suite, resultFile, {
          CVM_TEST_SERVER_NAME: name,
          CVM_TEST_SERVER_START: JSON.stringify(server.argv.map((part, i) => (i === 0 ? path.resolve(ROOT, part) : part))),
          // j: true: an acknowledged write is in the server's journal, so it must survive kill -9
          // (with j: false MongoDB itself may lose it: docs/mongodb-compatibility.md).
          CVM_TEST_SERVER_URL: `${server.url}${server.url.includes('?') ? '&' : '?'}journal=true`,
          CVM_TEST_SERVER_LOG: logFile,
        });
      }
      const { cells, failures: failed, error } = readCells(name, resultFile, jestExit);
      if (error) problems.push(`${name} ${suite}: ${error}`);
      failures.push(...failed);
      addCells(name, suite, cells);
      timings.push(`${name} ${suite}: ${((Date.now() - suiteStarted) / 1000).toFixed(1)} s`);
    }
    timings.push(`${name} install check: ${installSeconds.toFixed(1)} s, all: ${((Date.now() - serverStarted) / 1000).toFixed(1)} s`);
  }

  const totals = printMatrix(rows, options.servers, problems);
  console.log(`\n${timings.join('\n')}`);
  if (totals.known > 0) console.log(`${totals.known} failed as known divergences of a server (scripts/servers/known-divergences.json, not counted as passed)`);
  // Last, so that a log cut to its end still says which tests failed and why.
  if (failures.length > 0) console.log(`\nfailed, not known divergences:\n${failures.join('\n')}`);
  console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  const ok = totals.failed === 0 && totals.skipped === 0 && problems.length === 0 && totals.passed > 0;
  if (!ok) console.log('test:servers FAILED' + (totals.skipped > 0 ? ' (skipped tests count as not run)' : ''));
  process.exitCode = ok ? 0 : 1;
}

main().catch((error) => {
  console.error(`test-servers: ${error.stack || error}`);
  process.exitCode = 1;
});
