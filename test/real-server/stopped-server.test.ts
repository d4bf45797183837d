/**
 * Pauses a real MongoDB-compatible server with SIGSTOP (its sockets stay open, nothing answers):
 * every call settles within operationTimeoutMS with a ConnectionError, calls made seconds later
 * too, and after SIGCONT the same adapter carries on. Started as kill-restart.test.ts says.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import { makeExecution } from '../support/fixtures/records';
import { freePort, ServerProcess } from './server-process';

const START = process.env.CVM_TEST_SERVER_START;
const NAME = process.env.CVM_TEST_SERVER_NAME ?? 'a real server';
const OPERATION_TIMEOUT_MS = 1500;
const SERVER_SELECTION_TIMEOUT_MS = 1000;
const SLACK_MS = 1000;

describe(`SIGSTOP of ${NAME}`, () => {
  if (!START || !process.env.CVM_TEST_SERVER_URL) {
    it('is given a server to start (CVM_TEST_SERVER_START, CVM_TEST_SERVER_URL: run it with npm run test:servers)', () => {
      throw new Error('CVM_TEST_SERVER_START and CVM_TEST_SERVER_URL are not set: this test cannot run, and does not pass');
    });
    return;
  }

  let server: ServerProcess;
  let dataPath: string;
  let adapter: MongoDBStorageAdapter;

  beforeAll(async () => {
    dataPath = mkdtempSync(path.join(os.tmpdir(), 'cvm-sigstop-'));
    server = new ServerProcess(JSON.parse(START) as string[], await freePort(), dataPath);
    await server.start();
    adapter = new MongoDBStorageAdapter(server.url, { serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS, operationTimeoutMS: OPERATION_TIMEOUT_MS });
    await adapter.connect();
    await adapter.saveExecution(makeExecution());
  });

  afterAll(async () => {
    try {
      server.resume();
    } catch {
      // not running
    }
    await adapter?.disconnect().catch(() => undefined);
    await server?.stop();
    rmSync(dataPath, { recursive: true, force: true });
  });

  const calls = (): (() => Promise<unknown>)[] => [
    () => adapter.getExecution('exec-1'),
    () => adapter.saveExecution(makeExecution({ pc: 2 })),
    () => adapter.appendOutput('exec-1', ['line']),
    () => adapter.listExecutions(),
    () => adapter.setCurrentExecutionId('exec-1'),
    () => adapter.queryExecutions({ state: 'RUNNING' }),
  ];

  async function settleAll(): Promise<{ code: unknown; ms: number }[]> {
    const started = Date.now();
    return Promise.all(
      calls().map(async (call) => {
        const code = await call().then(
          () => 'resolved',
          (error: unknown) => (error as { code?: unknown }).code,
        );
        return { code, ms: Date.now() - started };
      }),
    );
  }

  it('calls made while it is stopped, at once and seconds later, fail with CONNECTION_FAILED within operationTimeoutMS', async () => {
    server.pause();
    const first = await settleAll();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const later = await settleAll();
    for (const { code, ms } of [...first, ...later]) expect({ code, late: ms > OPERATION_TIMEOUT_MS + SLACK_MS }).toStrictEqual({ code: 'CONNECTION_FAILED', late: false });
  });

  it('after SIGCONT the same adapter carries on', async () => {
    server.resume();
    let last: unknown = null;
    for (let attempt = 0; attempt < 50; attempt++) {
      last = await adapter.getExecution('exec-1').catch((error: unknown) => error);
      if (!(last instanceof Error)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(last).toMatchObject({ id: 'exec-1' });
  });
});
