/**
 * A running Express 5 app over the MongoDB adapter while its real server goes away: paused with
 * SIGSTOP (sockets open, nothing answers), then killed with SIGKILL and started again later on the
 * same port and data. While the server is gone every request answers 503 with `Retry-After` and a
 * CONNECTION_FAILED body within the adapter's operationTimeoutMS; once it is back the same app,
 * with the same adapter, answers 200 again, and everything written before is there.
 * Started as kill-restart.test.ts says.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoDBStorageAdapter } from '../../src/adapters/mongodb-storage-adapter';
import { RETRY_AFTER_SECONDS } from '../../src/http';
import { serveExpressApp, type ServedApp } from './express-app';
import { withLoopDelay } from './loop-delay';
import { BACK_BOUND_MS, GONE_BOUND_MS, OPERATION_TIMEOUT_MS, SERVER_SELECTION_TIMEOUT_MS, SLACK_MS } from './outage-bounds';
import { freePort, PHASE_TIMEOUT_MS, ServerProcess, serverArgvOrFailingTest } from './server-process';

const NAME = process.env.CVM_TEST_SERVER_NAME ?? 'a real server';

interface Answer {
  route: string;
  status: number;
  retryAfter: string | null;
  code: unknown;
  ms: number;
}

describe(`an Express app while ${NAME} is gone`, () => {
  const argv = serverArgvOrFailingTest();
  if (argv === undefined) return;

  let server: ServerProcess;
  let dataPath: string;
  let adapter: MongoDBStorageAdapter;
  let app: ServedApp;
  const logged: Error[] = [];

  beforeAll(async () => {
    dataPath = mkdtempSync(path.join(os.tmpdir(), 'cvm-express-gone-'));
    server = new ServerProcess(argv, await freePort(), dataPath);
    await server.start();
    const url = server.url.replace(/\/(\?|$)/, '/cvm_express$1');
    adapter = new MongoDBStorageAdapter(url, { serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS, operationTimeoutMS: OPERATION_TIMEOUT_MS });
    await adapter.connect();
    app = await serveExpressApp(adapter, (error) => logged.push(error));
  });

  afterAll(async () => {
    await app?.close();
    try {
      server.resume();
    } catch {
      // not running
    }
    await adapter?.disconnect().catch(() => undefined);
    await server?.stop();
    if (dataPath) rmSync(dataPath, { recursive: true, force: true });
  });

  async function send(method: string, route: string, body?: unknown): Promise<Answer & { body: unknown }> {
    const started = Date.now();
    const response = await fetch(`${app.url}${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(PHASE_TIMEOUT_MS),
    });
    const text = await response.text();
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    return { route: `${method} ${route}`, status: response.status, retryAfter: response.headers.get('retry-after'), code: (parsed as { code?: unknown } | undefined)?.code, ms: Date.now() - started, body: parsed };
  }

  /** Writes through the app while the server is up: executions `${prefix}-0..2`, each with output. */
  async function writeBefore(prefix: string): Promise<string[]> {
    // Serving first, so that a test after one that failed with the server gone does not fail too.
    const deadline = Date.now() + PHASE_TIMEOUT_MS;
    while ((await send('GET', '/executions')).status !== 200 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const ids = [0, 1, 2].map((k) => `${prefix}-${k}`);
    for (const [k, id] of ids.entries()) {
      expect((await send('PUT', `/executions/${id}`, { pc: k })).status).toBe(204);
      expect((await send('POST', `/executions/${id}/output`, { lines: [`${id} a`, `${id} b`] })).status).toBe(204);
    }
    expect((await send('GET', `/executions/${ids[0]}`)).status).toBe(200);
    return ids;
  }

  /** One request of each route at once; the writes go to an id of their own, as they may land later. */
  function burst(prefix: string, round: number): Promise<Answer[]> {
    return Promise.all([
      send('PUT', `/executions/gone-${prefix}-${round}`, { pc: 99 }),
      send('GET', `/executions/${prefix}-0`),
      send('GET', '/executions'),
      send('POST', `/executions/gone-${prefix}-${round}/output`, { lines: ['while gone'] }),
    ]);
  }

  /** Requests made at once, and again after the fail-fast window, all answer 503 CONNECTION_FAILED with Retry-After, in time. */
  async function expectGone(prefix: string): Promise<void> {
    const { result, lagMs } = await withLoopDelay(async () => {
      const first = await burst(prefix, 0);
      await new Promise((resolve) => setTimeout(resolve, SERVER_SELECTION_TIMEOUT_MS + 500));
      return [...first, ...(await burst(prefix, 1))];
    });
    const bound = GONE_BOUND_MS + SLACK_MS + lagMs;
    console.log(`${NAME} ${prefix}: while gone, slowest answer ${Math.max(...result.map((answer) => answer.ms))} ms (bound ${Math.round(bound)} ms, event loop delay ${Math.round(lagMs)} ms)`);
    for (const { route, status, retryAfter, code, ms } of result) {
      expect({ route, status, retryAfter, code, late: ms > bound ? ms : false }).toStrictEqual({ route, status: 503, retryAfter: String(RETRY_AFTER_SECONDS), code: 'CONNECTION_FAILED', late: false });
    }
  }

  /** Polls until the same app answers 200 and checks it did within BACK_BOUND_MS of `backAt`. */
  async function expectBack(prefix: string, backAt: number): Promise<void> {
    const { result: answer, lagMs } = await withLoopDelay(async () => {
      const deadline = backAt + PHASE_TIMEOUT_MS;
      for (;;) {
        const answer = await send('GET', `/executions/${prefix}-0`);
        if (answer.status === 200 || Date.now() > deadline) return answer;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    const tookMs = Date.now() - backAt;
    const bound = BACK_BOUND_MS + SLACK_MS + lagMs;
    console.log(`${NAME} ${prefix}: back, first 200 after ${tookMs} ms (bound ${Math.round(bound)} ms, event loop delay ${Math.round(lagMs)} ms)`);
    expect({ status: answer.status, late: tookMs > bound ? tookMs : false }).toStrictEqual({ status: 200, late: false });
  }

  /** Everything written before the server went away reads back as written, through the same app. */
  async function expectKept(ids: string[]): Promise<void> {
    for (const [k, id] of ids.entries()) {
      expect((await send('GET', `/executions/${id}`)).body).toMatchObject({ id, pc: k, state: 'RUNNING' });
      expect((await send('GET', `/executions/${id}/output`)).body).toStrictEqual({ lines: [`${id} a`, `${id} b`] });
    }
    const listed = (await send('GET', '/executions')).body as { ids: string[] };
    expect(listed.ids.filter((id) => !id.startsWith('gone-'))).toEqual(expect.arrayContaining(ids));
    expect(listed.ids.filter((id) => ids.includes(id))).toHaveLength(ids.length);
  }

  it('paused with SIGSTOP: 503 with Retry-After while it answers nothing, 200 again after SIGCONT, with the same adapter', async () => {
    const ids = await writeBefore('paused');
    await server.pause();
    try {
      await expectGone('paused');
    } finally {
      server.resume();
    }
    await expectBack('paused', Date.now());
    await expectKept(ids);
    expect(adapter.isConnected()).toBe(true);
  });

  it('killed with SIGKILL and started again on the same data: 503 with Retry-After while it is down, 200 again after, with the same adapter', async () => {
    const ids = await writeBefore('killed');
    await server.kill9();
    try {
      await expectGone('killed');
    } finally {
      await server.start();
    }
    await expectBack('killed', Date.now());
    await expectKept(ids);
    expect(adapter.isConnected()).toBe(true);
    expect(logged.length).toBeGreaterThan(0);
  });
});
