import diagnosticsChannel from 'node:diagnostics_channel';
import { statSync } from 'node:fs';
import path from 'node:path';
import { FileStorageAdapter, type OperationEvent, type CvmStorage } from '../../src';
import { OPERATION_CHANNEL, RepositoryStorageAdapter } from '../../src/backend';
import { createFileBackend } from '../../src/repositories/file';
import { makeFullExecution, makeProgram, mongoTargets, useMongoKit, useTempDir } from '../support/fixtures';

/** Strings of the records below that no event may carry. */
const SECRET = 'secret-7f3a';
const program = () => makeProgram({ id: 'prog-events', name: `name ${SECRET}`, source: `source ${SECRET}` });
const execution = () => makeFullExecution({ id: 'exec-events', programId: 'prog-events', ccPrompt: `prompt ${SECRET}` });
const LINES = [`line ${SECRET}`, 'é ünïcödé ✓'];
const EVENT_KEYS = ['backend', 'bytesRead', 'bytesWritten', 'durationMs', 'errorCode', 'method', 'outcome'];

/** The events published while the calling describe's tests run. */
function useEvents(): OperationEvent[] {
  const events: OperationEvent[] = [];
  const listener = (message: unknown) => events.push(message as OperationEvent);
  beforeEach(() => {
    events.length = 0;
    diagnosticsChannel.subscribe(OPERATION_CHANNEL, listener);
  });
  afterEach(() => {
    diagnosticsChannel.unsubscribe(OPERATION_CHANNEL, listener);
  });
  return events;
}

/** Runs every operation once, in this order, on a connected adapter. */
async function everyOperation(adapter: CvmStorage): Promise<void> {
  await adapter.saveProgram(program());
  await adapter.getProgram('prog-events');
  await adapter.listPrograms();
  await adapter.createProgram(makeProgram({ id: 'prog-created' }));
  await adapter.saveExecution(execution());
  await adapter.getExecution('exec-events');
  await adapter.listExecutions();
  await adapter.createExecution(makeFullExecution({ id: 'exec-created', programId: 'prog-created' }));
  await adapter.appendOutput('exec-events', LINES);
  await adapter.getOutput('exec-events');
  await adapter.setCurrentExecutionId('exec-events');
  await adapter.getCurrentExecutionId();
  await adapter.deleteExecution('exec-created');
  await adapter.deleteProgram('prog-created');
}

const OPERATIONS = [
  'saveProgram',
  'getProgram',
  'listPrograms',
  'createProgram',
  'saveExecution',
  'getExecution',
  'listExecutions',
  'createExecution',
  'appendOutput',
  'getOutput',
  'setCurrentExecutionId',
  'getCurrentExecutionId',
  'deleteExecution',
  'deleteProgram',
];

function byMethod(events: OperationEvent[], method: string): OperationEvent {
  const found = events.filter((event) => event.method === method);
  expect(found).toHaveLength(1);
  return found[0];
}

/** The checks every backend passes; `open` gives a new, unconnected adapter on an empty store. */
function describeOperationEvents(backend: string, open: () => CvmStorage, storedFileSize?: (adapter: CvmStorage, id: string) => number): void {
  const events = useEvents();
  let adapter: CvmStorage | undefined;
  afterEach(async () => {
    if (adapter?.isConnected()) await adapter.disconnect();
    adapter = undefined;
  });

  it('publishes one event per call, with the method, the backend and outcome ok', async () => {
    adapter = open();
    await adapter.connect();
    await everyOperation(adapter);
    await adapter.disconnect();

    expect(events.map((event) => event.method)).toEqual(['connect', ...OPERATIONS, 'disconnect']);
    for (const event of events) {
      expect(event).toEqual({
        method: event.method,
        backend,
        durationMs: expect.any(Number),
        bytesRead: expect.any(Number),
        bytesWritten: expect.any(Number),
        outcome: 'ok',
      });
      expect(event.durationMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('counts the bytes of what was written and read, in stored form', async () => {
    adapter = open();
    await adapter.connect();
    await everyOperation(adapter);

    const saved = byMethod(events, 'saveProgram');
    expect(saved.bytesWritten).toBeGreaterThan(0);
    expect(saved.bytesRead).toBe(0);
    expect(byMethod(events, 'getProgram')).toMatchObject({ bytesRead: saved.bytesWritten, bytesWritten: 0 });
    const savedExecution = byMethod(events, 'saveExecution');
    expect(savedExecution.bytesWritten).toBeGreaterThan(0);
    expect(byMethod(events, 'getExecution').bytesRead).toBe(savedExecution.bytesWritten);
    expect(byMethod(events, 'listPrograms').bytesRead).toBe(saved.bytesWritten);
    expect(byMethod(events, 'createProgram').bytesWritten).toBeGreaterThan(0);
    const linesBytes = Buffer.byteLength(JSON.stringify(LINES), 'utf8');
    expect(byMethod(events, 'appendOutput')).toMatchObject({ bytesWritten: linesBytes, bytesRead: 0 });
    expect(byMethod(events, 'getOutput')).toMatchObject({ bytesRead: linesBytes, bytesWritten: 0 });
    expect(byMethod(events, 'setCurrentExecutionId').bytesWritten).toBe('exec-events'.length);
    expect(byMethod(events, 'getCurrentExecutionId').bytesRead).toBe('exec-events'.length);
    expect(byMethod(events, 'deleteProgram')).toMatchObject({ bytesRead: 0, bytesWritten: 0 });
    if (storedFileSize) {
      // On the file backend a record's bytes are its file's size, less the storage's leading
      // `"revision":n,` (a fresh revision has 16 digits from 2001 to 2286, for programs too).
      const revisionField = `"revision":${(await adapter.readExecution('exec-events'))?.revision},`.length;
      expect(saved.bytesWritten).toBe(storedFileSize(adapter, 'programs/prog-events.json') - revisionField);
      expect(savedExecution.bytesWritten).toBe(storedFileSize(adapter, 'executions/exec-events.json') - revisionField);
    }
  });

  it('carries no record content: only the documented fields', async () => {
    adapter = open();
    await adapter.connect();
    await everyOperation(adapter);
    await expect(adapter.saveProgram(makeProgram({ id: 'prog-bad', name: 42 as unknown as string, source: SECRET }))).rejects.toThrow();

    expect(events.length).toBeGreaterThan(OPERATIONS.length);
    for (const event of events) {
      for (const key of Object.keys(event)) expect(EVENT_KEYS).toContain(key);
      const text = JSON.stringify(event);
      for (const forbidden of [SECRET, 'prog-events', 'exec-events', 'prog-bad', 'Invalid']) expect(text).not.toContain(forbidden);
    }
  });

  it('publishes outcome error with the StorageError code, and zero bytes', async () => {
    adapter = open();
    await expect(adapter.saveProgram(program())).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    await adapter.connect();
    await expect(adapter.getProgram('')).rejects.toMatchObject({ code: 'INVALID_ID' });
    await expect(adapter.saveExecution({ ...execution(), pc: 'x' as unknown as number })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await adapter.createProgram(program());
    await expect(adapter.createProgram(program())).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });

    expect(events.filter((event) => event.outcome === 'error')).toEqual([
      { method: 'saveProgram', backend, durationMs: expect.any(Number), bytesRead: 0, bytesWritten: 0, outcome: 'error', errorCode: 'NOT_CONNECTED' },
      { method: 'getProgram', backend, durationMs: expect.any(Number), bytesRead: 0, bytesWritten: 0, outcome: 'error', errorCode: 'INVALID_ID' },
      { method: 'saveExecution', backend, durationMs: expect.any(Number), bytesRead: 0, bytesWritten: 0, outcome: 'error', errorCode: 'VALIDATION_FAILED' },
      { method: 'createProgram', backend, durationMs: expect.any(Number), bytesRead: 0, bytesWritten: 0, outcome: 'error', errorCode: 'ALREADY_EXISTS' },
    ]);
  });
}

describe('operation events on the file backend', () => {
  const dir = useTempDir('cvm-events-');
  describeOperationEvents('file', () => new FileStorageAdapter(dir()), (adapter, file) => statSync(path.join((adapter as FileStorageAdapter).dataDir, file)).size);
});

for (const target of mongoTargets()) {
  describe(`operation events on MongoDB, ${target.name}`, () => {
    const kit = useMongoKit(target);
    describeOperationEvents('mongodb', () => kit.adapter(kit.databaseUrl('events')));
  });
}

describe('operation events of a custom backend', () => {
  const dir = useTempDir('cvm-events-');
  const events = useEvents();

  it('names it custom, and codes an error that is no StorageError INTERNAL', async () => {
    const backend = createFileBackend(dir());
    delete backend.name;
    backend.programs.get = async () => {
      throw new Error(`boom ${SECRET}`);
    };
    const adapter = new RepositoryStorageAdapter(backend);
    await adapter.connect();
    await expect(adapter.getProgram('prog-events')).rejects.toThrow(`boom ${SECRET}`);
    await adapter.disconnect();

    expect(events.map((event) => [event.method, event.backend, event.outcome, event.errorCode])).toEqual([
      ['connect', 'custom', 'ok', undefined],
      ['getProgram', 'custom', 'error', 'INTERNAL'],
      ['disconnect', 'custom', 'ok', undefined],
    ]);
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });
});

describe('without a subscriber', () => {
  const dir = useTempDir('cvm-events-');
  afterEach(() => jest.restoreAllMocks());

  it('publishes nothing and reads no clock', async () => {
    const channel = diagnosticsChannel.channel(OPERATION_CHANNEL);
    expect(channel.hasSubscribers).toBe(false);
    const publish = jest.spyOn(channel, 'publish');
    const now = jest.spyOn(performance, 'now');
    const adapter = new FileStorageAdapter(dir());
    await adapter.connect();
    await everyOperation(adapter);
    await expect(adapter.getProgram('')).rejects.toMatchObject({ code: 'INVALID_ID' });
    expect(publish).not.toHaveBeenCalled();
    expect(now).not.toHaveBeenCalled();

    // The same spies see a subscribed call, so the checks above can fail.
    const listener = () => {};
    diagnosticsChannel.subscribe(OPERATION_CHANNEL, listener);
    try {
      await adapter.getProgram('prog-events');
    } finally {
      diagnosticsChannel.unsubscribe(OPERATION_CHANNEL, listener);
    }
    // (The spy wraps the inactive channel's publish, so it does not reach the listener.)
    expect(publish).toHaveBeenCalledTimes(1);
    expect(publish).toHaveBeenCalledWith(expect.objectContaining({ method: 'getProgram', outcome: 'ok' }));
    expect(now).toHaveBeenCalled();
    await adapter.disconnect();
  });
});
