import type { CvmStorage } from '../../adapters/storage-adapter';
import { ValidationError } from '../../errors';
import { carriedRevision, headOf, historyOf } from '../history-carry';
import type { ImportItem } from './export-stream';

/**
 * Writes one checked item of an export into `adapter`, in stream order. A history entry lands at
 * its distance below the source's revision of the execution, counted down from the revision the
 * target gave it (see history-carry.ts).
 */
export function applyItem(adapter: CvmStorage): (item: ImportItem) => Promise<void> {
  let target: { executionId: string; head: number } | null = null;
  return async (item) => {
    if (item.kind === 'program') await adapter.saveProgram(item.program);
    else if (item.kind === 'execution') await adapter.saveExecution(item.execution);
    else if (item.kind === 'output') await adapter.appendOutput(item.executionId, item.lines);
    else if (item.kind === 'history') {
      if (target?.executionId !== item.executionId) target = { executionId: item.executionId, head: await targetHead(adapter, item.executionId) };
      const entries = historyOf(adapter);
      const revision = carriedRevision(target.head, item.head, item.revision);
      if (entries === undefined || revision === null) throw notCarried(item, entries === undefined ? 'the target keeps no history' : `it would land below revision 1 (the target is at ${target.head})`);
      await entries.record(item.executionId, { revision, execution: item.execution, outputLength: item.outputLength });
    } else await adapter.setCurrentExecutionId(item.executionId);
  };
}

async function targetHead(adapter: CvmStorage, executionId: string): Promise<number> {
  const head = await headOf(adapter, executionId);
  if (head === null) throw new Error(`execution ${executionId} is not in the target after it was written`);
  return head;
}

function notCarried(item: ImportItem & { kind: 'history' }, why: string): ValidationError {
  return new ValidationError('history entry', [{ path: 'revision', constraints: { carried: `the history entry of execution ${item.executionId} at revision ${item.revision} cannot be carried: ${why}` } }]);
}
