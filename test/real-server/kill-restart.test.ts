/**
 * Kills a real MongoDB-compatible server with SIGKILL while appends and saves are in flight,
 * restarts it on the same on-disk data, and checks that every acknowledged write is there, nothing
 * is torn, and the same adapter carries on without being reconnected by hand.
 *
 * Run by `npm run test:servers` (jest.real-server.config.js), which says how to start the server:
 *   CVM_TEST_SERVER_START  JSON argv with `{port}` and `{dataPath}` placeholders
 *   CVM_TEST_SERVER_URL    connection string with a `{port}` placeholder
 *   CVM_TEST_SERVER_NAME   for the test names; CVM_TEST_SERVER_LOG: file for the server's output
 * Without them the test fails: it is left out of `npm test` by jest.config.js, never skipped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import type { Execution, Program } from '../../src/types';
import { makeExecution, makeProgram } from '../support/fixtures/records';
import { freePort, PHASE_TIMEOUT_MS, ServerProcess, serverArgvOrFailingTest } from './server-process';

const NAME = process.env.CVM_TEST_SERVER_NAME ?? 'a real server';

const KILLS = 2;
const ACKS_BEFORE_KILL = 5;
const ACKS_AFTER_RESTART = 5;
const DOWN_MS = 300;

/** What a loop of one kind of write attempted, and which of its attempts were acknowledged. */
interface Ledger {
  name: string;
  attempted: number[];
  acked: number[];
  /** When each acknowledged attempt was started. */
  startedAt: Map<number, number>;
  errors: string[];
}

function ledger(name: string): Ledger {
  return { name, attempted: [], acked: [], startedAt: new Map(), errors: [] };
}

const linesOf = (k: number): string[] => [`a${k}.0`, `a${k}.1`, `a${k}.2`];
const executionAt = (k: number): Execution =>
  makeExecution({ state: 'RUNNING', pc: k, stack: [k, `s${k}`], variables: { pc: k, tag: `t${k}` }, updated: new Date(Date.UTC(2025, 0, 1, 0, 0, 0, k)) });
const programAt = (k: number): Program => makeProgram({ id: `p-${k}`, name: `Program ${k}` });

/** Runs `write(k)` for k = 0, 1, ... one at a time until `stop()` says so, noting each outcome. */
async function writeLoop(entry: Ledger, stop: () => boolean, write: (k: number) => Promise<void>): Promise<void> {
  for (let k = 0; !stop(); k++) {
    entry.attempted.push(k);
    const started = Date.now();
    try {
      await write(k);
      entry.acked.push(k);
      entry.startedAt.set(k, started);
    } catch (error) {
      entry.errors.push(`${k}: ${(error as Error).message}`.slice(0, 200));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function until(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + PHASE_TIMEOUT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Checks the output: whole appends only, in order, once each, every acknowledged one present. */
function checkOutput(lines: string[], appends: Ledger): void {
  expect(lines.length % 3).toBe(0);
  const found: number[] = [];
  for (let i = 0; i < lines.length; i += 3) {
    const k = Number(/^a(\d+)\.0$/.exec(lines[i])?.[1]);
    expect(lines.slice(i, i + 3)).toStrictEqual(linesOf(k));
    found.push(k);
  }
  expect(found).toStrictEqual([...found].sort((a, b) => a - b));
  expect(new Set(found).size).toBe(found.length);
  const attempted = new Set(appends.attempted);
  expect(found.filter((k) => !attempted.has(k))).toStrictEqual([]);
  const present = new Set(found);
  expect(appends.acked.filter((k) => !present.has(k))).toStrictEqual([]);
}

describe(`kill -9 and restart of ${NAME}`, () => {
  const argv = serverArgvOrFailingTest();
  if (argv === undefined) return;

  let server: ServerProcess;
  let dataPath: string;

  beforeAll(async () => {
    dataPath = mkdtempSync(path.join(os.tmpdir(), 'cvm-kill-restart-'));
    server = new ServerProcess(argv, await freePort(), dataPath);
    await server.start();
  });

  afterAll(async () => {
    await server?.stop();
    if (dataPath) rmSync(dataPath, { recursive: true, force: true });
  });

  it(`keeps every acknowledged append and save across ${KILLS} kills, tears nothing, and the same adapter carries on`, async () => {
    const url = server.url.replace(/\/(\?|$)/, '/cvm_kill_restart$1');
    const adapter = new MongoDBStorageAdapter(url, { serverSelectionTimeoutMS: 20_000 });
    await adapter.connect();
    try {
      await adapter.saveProgram(makeProgram());
      await adapter.saveExecution(executionAt(0));

      const appends = ledger('appendOutput');
      const saves = ledger('saveExecution');
      const programs = ledger('saveProgram');
      let stopping = false;
      const loops = Promise.all([
        writeLoop(appends, () => stopping, (k) => adapter.appendOutput('exec-1', linesOf(k))),
        writeLoop(saves, () => stopping, (k) => adapter.saveExecution(executionAt(k + 1))),
        writeLoop(programs, () => stopping, (k) => adapter.saveProgram(programAt(k))),
      ]);
      const ledgers = [appends, saves, programs];
      try {
        await until('every loop has acknowledged writes', () => ledgers.every((entry) => entry.acked.length >= ACKS_BEFORE_KILL));
        for (let kill = 0; kill < KILLS; kill++) {
          await server.kill9();
          await new Promise((resolve) => setTimeout(resolve, DOWN_MS));
          await server.start();
          const upAt = Date.now();
          const ackedSince = (entry: Ledger) => entry.acked.filter((k) => (entry.startedAt.get(k) as number) >= upAt).length;
          await until(`every loop has ${ACKS_AFTER_RESTART} writes acknowledged after restart ${kill + 1}`, () =>
            ledgers.every((entry) => ackedSince(entry) >= ACKS_AFTER_RESTART),
          );
        }
      } finally {
        stopping = true;
        await loops;
      }
      expect(adapter.isConnected()).toBe(true);

      const readers = [adapter, new MongoDBStorageAdapter(url, { serverSelectionTimeoutMS: 20_000 })];
      await readers[1].connect();
      try {
        for (const reader of readers) {
          checkOutput(await reader.getOutput('exec-1'), appends);

          const lastAckedPc = Math.max(...saves.acked) + 1;
          const lastTriedPc = Math.max(...saves.attempted) + 1;
          const execution = (await reader.getExecution('exec-1')) as Execution;
          expect(execution.pc).toBeGreaterThanOrEqual(lastAckedPc);
          expect(execution.pc).toBeLessThanOrEqual(lastTriedPc);
          expect(execution).toStrictEqual(executionAt(execution.pc));

          for (const k of programs.acked) expect(await reader.getProgram(`p-${k}`)).toStrictEqual(programAt(k));
          const listed = await reader.listPrograms();
          const tried = new Set(['prog-1', ...programs.attempted.map((k) => `p-${k}`)]);
          expect(listed.filter((program) => !tried.has(program.id))).toStrictEqual([]);
          for (const program of listed) {
            expect(program).toStrictEqual(program.id === 'prog-1' ? makeProgram() : programAt(Number(program.id.slice(2))));
          }
        }
      } finally {
        await readers[1].disconnect();
      }
      // What the kills cost, for the log: a run in which no write ever failed proves less.
      console.log(
        `${NAME}: ${ledgers.map((entry) => `${entry.name} ${entry.acked.length} acked / ${entry.attempted.length} tried (${entry.errors.length} failed${entry.errors[0] ? `, e.g. ${entry.errors[0]}` : ''})`).join('; ')}`,
      );
    } finally {
      await adapter.disconnect();
    }
  });
});
