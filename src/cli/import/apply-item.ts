import type { CvmStorage } from '../../adapters/storage-adapter';
import type { ImportItem } from './export-stream';

/** Writes one checked item of an export into `adapter`. */
export function applyItem(adapter: CvmStorage): (item: ImportItem) => Promise<void> {
  return async (item) => {
    if (item.kind === 'program') await adapter.saveProgram(item.program);
    else if (item.kind === 'execution') await adapter.saveExecution(item.execution);
    else if (item.kind === 'output') await adapter.appendOutput(item.executionId, item.lines);
    else await adapter.setCurrentExecutionId(item.executionId);
  };
}
