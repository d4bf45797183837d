/**
 * Pauses a real MongoDB-compatible server with SIGSTOP (its sockets stay open, nothing answers):
 * every call settles within operationTimeoutMS with a ConnectionError, calls made seconds later
 * too, and after SIGCONT the same adapter carries on. Started as kill-restart.test.ts says.
 * The bounds (outage-bounds.ts) allow for the event loop's worst delay in the phase, measured, so
 * that a loaded machine does not fail them, while a call that waited out two timeouts still does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import { makeExecution } from '../support/fixtures/records';
import { withLoopDelay } from './loop-delay';
import { BACK_BOUND_MS, GONE_BOUND_MS, OPERATION_TIMEOUT_MS, SERVER_SELECTION_TIMEOUT_MS, SLACK_MS } from './outage-bounds';
import { freePort, PHASE_TIMEOUT_MS, ServerProcess, serverArgvOrFailingTest } from './server-process';

const NAME = process.env.CVM_TEST_SERVER_NAME ?? 'a real server';

describe(`SIGSTOP of ${NAME}`, () => {
  const argv = serverArgvOrFailingTest();
  if (argv === undefined) return;

  let server: ServerProcess;
  let dataPath: string;
  let adapter: MongoDBStorageAdapter;

  beforeAll(async () => {
    dataPath = mkdtempSync(path.join(os.tmpdir(), 'cvm-sigstop-'));
    server = new ServerProcess(argv, await freePort(), dataPath);
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

  const calls = (): Record<string, () => Promise<unknown>> => ({
    getExecution: () => adapter.getExecution('exec-1'),
    saveExecution: () => adapter.saveExecution(makeExecution({ pc: 2 })),
    appendOutput: () => adapter.appendOutput('exec-1', ['line']),
    listExecutions: () => adapter.listExecutions(),
    setCurrentExecutionId: () => adapter.setCurrentExecutionId('exec-1'),
    queryExecutions: () => adapter.queryExecutions({ state: 'RUNNING' }),
  });

  async function settleAll(round: string): Promise<{ call: string; code: unknown; ms: number }[]> {
    const started = Date.now();
    return Promise.all(
      Object.entries(calls()).map(async ([name, call]) => {
        const code = await call().then(
          () => 'resolved',
          (error: unknown) => (error as { code?: unknown }).code,
        );
        return { call: `${round} ${name}`, code, ms: Date.now() - started };
      }),
    );
  }

  it('calls made while it is stopped, at once and seconds later, fail with CONNECTION_FAILED within operationTimeoutMS', async () => {
    await server.pause();
    const { result, lagMs } = await withLoopDelay(async () => {
      const first = await settleAll('at once:');
      // Past the fail-fast window: these calls try the server again.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      return [...first, ...(await settleAll('seconds later:'))];
    });
    const bound = GONE_BOUND_MS + SLACK_MS + lagMs;
    console.log(`${NAME}: stopped, slowest call settled after ${Math.max(...result.map(({ ms }) => ms))} ms (bound ${Math.round(bound)} ms, event loop delay ${Math.round(lagMs)} ms)`);
    for (const { call, code, ms } of result) expect({ call, code, late: ms > bound ? ms : false }).toStrictEqual({ call, code: 'CONNECTION_FAILED', late: false });
  });

  it('after SIGCONT the same adapter carries on', async () => {
    // Stopped (again: SIGSTOP twice is one stop), so this test does not lean on the one before.
    await server.pause();
    expect(await adapter.getExecution('exec-1').catch((error: unknown) => (error as { code?: unknown }).code)).toBe('CONNECTION_FAILED');
    server.resume();
    const backAt = Date.now();
    const { result: last, lagMs } = await withLoopDelay(async () => {
      let answer: unknown = null;
      while (Date.now() < backAt + PHASE_TIMEOUT_MS) {
        answer = await adapter.getExecution('exec-1').catch((error: unknown) => error);
        if (!(answer instanceof Error)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return answer;
    });
    const tookMs = Date.now() - backAt;
    const bound = BACK_BOUND_MS + SLACK_MS + lagMs;
    console.log(`${NAME}: resumed, first answer after ${tookMs} ms (bound ${Math.round(bound)} ms, event loop delay ${Math.round(lagMs)} ms)`);
    expect(last).toMatchObject({ id: 'exec-1' });
    expect(tookMs > bound ? tookMs : false).toBe(false);
  });
});
