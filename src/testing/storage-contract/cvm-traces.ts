import type { CvmStorage } from '../../adapters/storage-adapter';
import { loadTraces, withoutUndefined, type TraceCall } from './trace-files';
import { firstDifference } from './same-value';
import { useSession, type ContractHarness } from './harness';
import { describe, expect, it } from './runner';

const READS = new Set(['getProgram', 'getExecution', 'listPrograms', 'listExecutions', 'getOutput', 'getCurrentExecutionId']);

const WRITES = new Set(['saveProgram', 'deleteProgram', 'saveExecution', 'deleteExecution', 'appendOutput', 'setCurrentExecutionId']);

type Methods = Record<string, (...args: unknown[]) => Promise<unknown>>;

async function replay(adapter: CvmStorage, call: TraceCall): Promise<unknown> {
  try {
    return await (adapter as unknown as Methods)[call.method](...call.args);
  } catch (error) {
    throw new Error(`call ${call.seq} (${call.method}) failed: ${String(error)}`, { cause: error });
  }
}

/** Compares what a read gave with what the lossless store gave, `undefined` properties removed. */
function expectRecorded(call: TraceCall, actual: unknown): void {
  const difference = firstDifference(withoutUndefined(call.result), actual);
  expect({ seq: call.seq, method: call.method, difference }).toStrictEqual({ seq: call.seq, method: call.method, difference: null });
}

const TRACES = loadTraces().map((trace) => [trace.name, trace] as const);

export function describeCvmTraces(harness: ContractHarness): void {
  describe('replays of the storage calls a real CVM VM made', () => {
    const session = useSession(harness, { connect: false });

    it('has the twelve recorded traces to replay', () => {
      expect(TRACES.length).toBe(12);
    });

    it.each(TRACES)('%s: every call succeeds and every read returns what a lossless store returned, also after reopening', async (_name, trace) => {
      const adapter = await session.create();
      for (const call of trace.calls) {
        const result = await replay(adapter, call);
        if (READS.has(call.method)) expectRecorded(call, result);
      }
      expect(adapter.isConnected()).toBe(false);
      // The reads after the last write saw the final state: a second adapter must see it too.
      const writes = trace.calls.map((call, index) => (WRITES.has(call.method) ? index : -1));
      const finalReads = trace.calls.slice(Math.max(...writes) + 1).filter((call) => READS.has(call.method));
      expect(finalReads.length).toBeGreaterThan(0);
      const reopened = await session.reopen();
      for (const call of finalReads) expectRecorded(call, await replay(reopened, call));
    });
  });
}
