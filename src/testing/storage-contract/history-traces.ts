import type { CvmStorage } from '../../adapters/storage-adapter';
import type { Execution } from '../../types';
import { useSession, type ContractHarness } from './harness';
import { loadTraces, type TraceCall } from './trace-files';
import { describe, expect, it } from './runner';

type Methods = Record<string, (...args: unknown[]) => Promise<unknown>>;

/** What the store held right after one recorded saveExecution: a pause of the VM. */
interface Pause {
  id: string;
  revision: number;
  execution: Execution;
  output: string[];
}

async function replay(adapter: CvmStorage, call: TraceCall): Promise<unknown> {
  try {
    return await (adapter as unknown as Methods)[call.method](...call.args);
  } catch (error) {
    throw new Error(`call ${call.seq} (${call.method}) failed: ${String(error)}`, { cause: error });
  }
}

/** The largest trace forks a 10,000-element heap at each pause. */
const TRACE_TIMEOUT_MS = 180_000;

const TRACES = loadTraces().map((trace) => [trace.name, trace] as const);

export function describeHistoryTraces(harness: ContractHarness): void {
  describe('a recorded CVM trace replayed with history on', () => {
    const session = useSession(harness, { connect: false, history: { keep: 'all' } });

    it.each(TRACES)('%s: every pause reads back as it was and forks into a copy with the output as it stood', async (_name, trace) => {
      const adapter = await session.create();
      const pauses: Pause[] = [];
      for (const call of trace.calls) {
        await replay(adapter, call);
        if (call.method !== 'saveExecution' || !adapter.isConnected()) continue;
        const id = (call.args[0] as Execution).id;
        const read = await adapter.readExecution(id);
        if (read === null) throw new Error(`call ${call.seq}: ${id} is not stored after its save`);
        pauses.push({ id, revision: read.revision, execution: read.execution, output: await adapter.getOutput(id) });
      }
      expect(pauses.length).toBeGreaterThan(0);
      const reopened = await session.reopen();
      let forks = 0;
      for (const [index, pause] of pauses.entries()) {
        if ((await reopened.getExecution(pause.id)) === null) continue; // deleted later in the trace, with its history
        expect({ index, read: await reopened.readExecution(pause.id, { revision: pause.revision }) }).toStrictEqual({ index, read: { execution: pause.execution, revision: pause.revision } });
        const newId = `fork-${index}`;
        const forked = await reopened.forkExecution(pause.id, { revision: pause.revision, newId });
        expect({ index, execution: forked?.execution }).toStrictEqual({ index, execution: { ...pause.execution, id: newId } });
        expect({ index, output: await reopened.getOutput(newId) }).toStrictEqual({ index, output: pause.output });
        forks += 1;
      }
      expect(forks).toBeGreaterThan(0);
    }, TRACE_TIMEOUT_MS);
  });
}
