import { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import { ConnectionError } from '../../src/errors';
import { makeExecution } from '../support/fixtures';
import { startMongoStandIn, type MongoStandIn } from '../support/mongo-standin';
import { startStallingProxy, type StallingProxy } from '../support/stalling-proxy';

/**
 * A server that stops answering (a loopback proxy that stops forwarding, connections left open,
 * as a server paused by SIGSTOP; test/real-server pauses a real one): every call settles within
 * operationTimeoutMS with a ConnectionError, calls made later too, and once a call timed out the
 * circuit breaker fails the next ones at once. When the server answers again, calls succeed.
 */
const OPERATION_TIMEOUT_MS = 800;
const SERVER_SELECTION_TIMEOUT_MS = 400;
/** Slack for timers and a loaded machine. */
const SLACK_MS = 400;

describe('MongoDB calls settle while the server does not answer', () => {
  let standIn: MongoStandIn;
  let proxy: StallingProxy;
  let adapter: MongoDBStorageAdapter;

  beforeAll(async () => {
    standIn = await startMongoStandIn();
    proxy = await startStallingProxy(standIn.port);
    adapter = new MongoDBStorageAdapter(`mongodb://127.0.0.1:${proxy.port}/stalled?directConnection=true`, {
      serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
      operationTimeoutMS: OPERATION_TIMEOUT_MS,
    });
    // The short server selection timeout is for the stalls below; on a loaded machine the first
    // handshake alone can outlast it, so the setup's connect may take a few tries.
    for (let attempt = 1; ; attempt++) {
      try {
        await adapter.connect();
        break;
      } catch (error) {
        if (attempt === 5) throw error;
      }
    }
    await adapter.saveExecution(makeExecution());
  });

  afterAll(async () => {
    proxy.resume();
    await adapter.disconnect();
    await proxy.close();
    await standIn.close();
  });

  const calls = (): [string, () => Promise<unknown>][] => [
    ['getExecution', () => adapter.getExecution('exec-1')],
    ['saveExecution', () => adapter.saveExecution(makeExecution({ pc: 2 }))],
    ['appendOutput', () => adapter.appendOutput('exec-1', ['line'])],
    ['listExecutions', () => adapter.listExecutions()],
    ['setCurrentExecutionId', () => adapter.setCurrentExecutionId('exec-1')],
    ['queryExecutions', () => adapter.queryExecutions({ state: 'RUNNING' })],
  ];

  /** Runs every call at once; resolves to how each settled and after how many ms. */
  async function settle(): Promise<{ name: string; error: unknown; ms: number }[]> {
    const started = Date.now();
    return Promise.all(
      calls().map(async ([name, call]) => {
        const error = await call().then(
          () => null,
          (caught: unknown) => caught,
        );
        return { name, error, ms: Date.now() - started };
      }),
    );
  }

  it('6 calls made as it stops answering each fail with ConnectionError within operationTimeoutMS', async () => {
    proxy.stall();
    const settled = await settle();
    for (const { name, error, ms } of settled) {
      expect({ name, error, late: ms > OPERATION_TIMEOUT_MS + SLACK_MS }).toStrictEqual({ name, error: expect.any(ConnectionError), late: false });
      expect((error as ConnectionError).code).toBe('CONNECTION_FAILED');
    }
  });

  it('right after a timeout the circuit breaker fails calls at once, with ConnectionError', async () => {
    const settled = await settle();
    for (const { name, error, ms } of settled) {
      expect({ name, error, fast: ms < 100 }).toStrictEqual({ name, error: expect.any(ConnectionError), fast: true });
    }
  });

  it('calls made later, still unanswered, settle within the bound too', async () => {
    await new Promise((resolve) => setTimeout(resolve, SERVER_SELECTION_TIMEOUT_MS + 100));
    const settled = await settle();
    for (const { name, error, ms } of settled) {
      expect({ name, code: (error as { code?: unknown } | null)?.code, late: ms > OPERATION_TIMEOUT_MS + SLACK_MS }).toStrictEqual({ name, code: 'CONNECTION_FAILED', late: false });
    }
  });

  it('when the server answers again, calls succeed', async () => {
    proxy.resume();
    await new Promise((resolve) => setTimeout(resolve, SERVER_SELECTION_TIMEOUT_MS + 100));
    let last: unknown = null;
    for (let attempt = 0; attempt < 20; attempt++) {
      last = await adapter.getExecution('exec-1').then(
        (execution) => execution,
        (error: unknown) => error,
      );
      if (!(last instanceof Error)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(last).toMatchObject({ id: 'exec-1' });
  });
});
