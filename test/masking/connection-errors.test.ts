import diagnosticsChannel from 'node:diagnostics_channel';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConnectionError, createStorageAdapter, MongoDBStorageAdapter, StorageFactory } from '../../src';
import { OPERATION_CHANNEL } from '../../src/backend';
import { CvmStorageModule } from '../../src/nest';
import { SECRET_URLS } from './malformed-urls';
import { leaks, renderingsOf } from './secret-leaks';

const FAST = { serverSelectionTimeoutMS: 200 };

/** The error `attempt` rejects with, and every operation event published meanwhile. */
async function failure(attempt: () => Promise<unknown>): Promise<{ error: unknown; events: string[] }> {
  const events: string[] = [];
  const listener = (event: unknown): void => {
    events.push(JSON.stringify(event));
  };
  diagnosticsChannel.subscribe(OPERATION_CHANNEL, listener);
  try {
    await attempt();
  } catch (error) {
    return { error, events };
  } finally {
    diagnosticsChannel.unsubscribe(OPERATION_CHANNEL, listener);
  }
  throw new Error('expected the attempt to fail');
}

function withEnv<T>(vars: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  Object.assign(process.env, vars);
  return work().finally(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
}

/** `vars` in the environment only while `work` runs, synchronously. */
function withEnvNow<T>(vars: Record<string, string>, work: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  Object.assign(process.env, vars);
  try {
    return work();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

type EntryPoint = [string, (url: string) => Promise<unknown>];

const ENTRY_POINTS: EntryPoint[] = [
  ['new MongoDBStorageAdapter(url).connect()', (url) => new MongoDBStorageAdapter(url, FAST).connect()],
  ['createStorageAdapter({ mongoUrl })', (url) => createStorageAdapter({ mongoUrl: url, ...FAST })],
  ['createStorageAdapter() with MONGODB_URL', (url) => withEnv({ MONGODB_URL: url }, () => createStorageAdapter(FAST))],
];

/**
 * StorageFactory takes no server-selection timeout, so on a URL that parses it waits the default
 * 5 s for a server: these tests run concurrently. StorageFactory.create() reads the environment
 * synchronously, so the variables are set only while it runs and concurrent tests do not share them.
 */
const DEFAULT_TIMEOUT_ENTRY_POINTS: EntryPoint[] = [
  ["StorageFactory.create({ type: 'mongodb', mongoUri }).connect()", (url) => StorageFactory.create({ type: 'mongodb', mongoUri: url }).connect()],
  [
    'StorageFactory.create() with CVM_STORAGE_TYPE and MONGODB_URI',
    (url) => withEnvNow({ CVM_STORAGE_TYPE: 'mongodb', MONGODB_URI: url }, () => StorageFactory.create()).connect(),
  ],
];

async function expectNoSecret(open: EntryPoint[1], url: string, secrets: string[]): Promise<void> {
  const { error, events } = await failure(() => open(url));
  expect(error).toBeInstanceOf(ConnectionError);
  expect((error as ConnectionError).target).toContain('****');
  expect(events.length).toBeGreaterThan(0);
  expect(leaks([...renderingsOf(error), ...events], secrets)).toEqual([]);
}

describe.each(ENTRY_POINTS)('%s with a connection string holding secrets', (_name, open) => {
  it.each(SECRET_URLS)('$url: a ConnectionError whose message, target, stack, causes and events hold no secret', async ({ url, secrets }) => {
    await expectNoSecret(open, url, secrets);
  }, 20000);
});

// One describe for both: jest starts the concurrent tests of one describe block together, so
// the 5 s waits of both entry points overlap.
describe('StorageFactory with a connection string holding secrets', () => {
  const cases = DEFAULT_TIMEOUT_ENTRY_POINTS.flatMap(([name, open]) => SECRET_URLS.map(({ url, secrets }) => ({ name, open, url, secrets })));
  it.concurrent.each(cases)('$name, $url: a ConnectionError whose message, target, stack, causes and events hold no secret', async ({ open, url, secrets }) => {
    await expectNoSecret(open, url, secrets);
  }, 20000);
});

describe('CvmStorageModule with a mongoUrl holding secrets', () => {
  afterEach(() => jest.restoreAllMocks());

  it.each(SECRET_URLS)('$url: neither the retry warnings nor the error the module fails with hold a secret', async ({ url, secrets }) => {
    const logged: string[] = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => {
      logged.push(String(message));
    });
    const module = CvmStorageModule.forRoot({ mongoUrl: url, ...FAST, retryAttempts: 1, retryDelay: 0 });
    const error = await Test.createTestingModule({ imports: [module] })
      .compile()
      .then(async (moduleRef) => {
        await moduleRef.init();
        await moduleRef.close();
      })
      .then(
        () => new Error('expected init to fail'),
        (failed: unknown) => failed,
      );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(logged).toHaveLength(1);
    expect(leaks([...renderingsOf(error), ...logged], secrets)).toEqual([]);
  }, 20000);
});
