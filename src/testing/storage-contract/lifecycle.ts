import type { CvmStorage } from '../../adapters/storage-adapter';
import { expectNotConnected } from './expectations';
import { at, makeExecution, makeFullExecution, makeProgram } from './records';
import { useSession, type ContractHarness } from './harness';
import { describe, expect, it } from './runner';

/** Every method except connect, disconnect and isConnected, called with valid arguments. */
const DATA_METHODS: [string, (adapter: CvmStorage) => Promise<unknown>][] = [
  ['saveProgram', (a) => a.saveProgram(makeProgram({ id: 'prog-new' }))],
  ['getProgram', (a) => a.getProgram('prog-1')],
  ['listPrograms', (a) => a.listPrograms()],
  ['deleteProgram', (a) => a.deleteProgram('prog-1')],
  ['saveExecution', (a) => a.saveExecution(makeExecution({ id: 'exec-new' }))],
  ['getExecution', (a) => a.getExecution('exec-1')],
  ['listExecutions', (a) => a.listExecutions()],
  ['deleteExecution', (a) => a.deleteExecution('exec-1')],
  ['appendOutput', (a) => a.appendOutput('exec-1', ['more'])],
  ['appendOutput with []', (a) => a.appendOutput('exec-1', [])],
  ['getOutput', (a) => a.getOutput('exec-1')],
  ['getOutput with a range', (a) => a.getOutput('exec-1', { from: 1, limit: 1 })],
  ['getOutputLength', (a) => a.getOutputLength('exec-1')],
  ['getCurrentExecutionId', (a) => a.getCurrentExecutionId()],
  ['setCurrentExecutionId', (a) => a.setCurrentExecutionId('exec-new')],
  ['setCurrentExecutionId(null)', (a) => a.setCurrentExecutionId(null)],
];

/** Stores one program, one execution with output, and makes it current. */
async function seed(adapter: CvmStorage): Promise<void> {
  await adapter.saveProgram(makeProgram());
  await adapter.saveExecution(makeFullExecution());
  await adapter.appendOutput('exec-1', ['first', 'second']);
  await adapter.setCurrentExecutionId('exec-1');
}

async function expectSeeded(adapter: CvmStorage): Promise<void> {
  expect(await adapter.getProgram('prog-1')).toStrictEqual(makeProgram());
  expect(await adapter.listPrograms()).toStrictEqual([makeProgram()]);
  expect(await adapter.getExecution('exec-1')).toStrictEqual(makeFullExecution());
  expect(await adapter.listExecutions()).toStrictEqual([makeFullExecution()]);
  expect(await adapter.getOutput('exec-1')).toStrictEqual(['first', 'second']);
  expect(await adapter.getCurrentExecutionId()).toBe('exec-1');
}

export function describeLifecycle(harness: ContractHarness): void {
  describe('lifecycle', () => {
    const session = useSession(harness, { connect: false });

    it('isConnected is false before connect(), true after, false after disconnect()', async () => {
      const adapter = await session.create();
      expect(adapter.isConnected()).toBe(false);
      await adapter.connect();
      expect(adapter.isConnected()).toBe(true);
      await adapter.disconnect();
      expect(adapter.isConnected()).toBe(false);
    });

    it('connect() twice is harmless and keeps the data', async () => {
      const adapter = await session.create();
      await adapter.connect();
      await seed(adapter);
      await adapter.connect();
      expect(adapter.isConnected()).toBe(true);
      await expectSeeded(adapter);
      await adapter.saveProgram(makeProgram({ id: 'prog-2', created: at(1) }));
      expect((await adapter.listPrograms()).map((p) => p.id)).toStrictEqual(['prog-1', 'prog-2']);
      await adapter.disconnect();
    });

    it.each(DATA_METHODS)('%s rejects with NotConnectedError before connect()', async (_name, method) => {
      const adapter = await session.create();
      await expectNotConnected(() => method(adapter));
      expect(adapter.isConnected()).toBe(false);
    });

    it.each(DATA_METHODS)('%s rejects with NotConnectedError after disconnect()', async (_name, method) => {
      const adapter = await session.create();
      await adapter.connect();
      await seed(adapter);
      await adapter.disconnect();
      await expectNotConnected(() => method(adapter));
      expect(adapter.isConnected()).toBe(false);
    });

    it('calls rejected while disconnected change nothing in the store', async () => {
      const adapter = await session.create();
      await adapter.connect();
      await seed(adapter);
      await adapter.disconnect();
      for (const [, method] of DATA_METHODS) {
        await expectNotConnected(() => method(adapter));
      }
      const reopened = await session.openSameStore();
      await reopened.connect();
      await expectSeeded(reopened);
      expect(await reopened.getProgram('prog-new')).toBeNull();
      expect(await reopened.getExecution('exec-new')).toBeNull();
      await reopened.disconnect();
    });

    it('data survives disconnect() and a new adapter on the same store', async () => {
      const adapter = await session.create();
      await adapter.connect();
      await seed(adapter);
      await adapter.disconnect();
      const reopened = await session.openSameStore();
      expect(reopened.isConnected()).toBe(false);
      await reopened.connect();
      expect(reopened.isConnected()).toBe(true);
      await expectSeeded(reopened);
      await reopened.disconnect();
    });

    it('a fresh store is empty', async () => {
      const adapter = await session.create();
      await adapter.connect();
      expect(await adapter.listPrograms()).toStrictEqual([]);
      expect(await adapter.listExecutions()).toStrictEqual([]);
      expect(await adapter.getCurrentExecutionId()).toBeNull();
      expect(await adapter.getOutput('exec-1')).toStrictEqual([]);
      await adapter.disconnect();
    });
  });
}
