import type { Execution, Program } from '../../types';
import { DEFAULT_VALIDATION_MODE, type ValidationMode } from '../../validation/validation-mode';
import { CURRENT_EXECUTION_KEY } from '../current-execution-key';
import { executionCodec, programCodec } from '../record-format';
import type { StorageBackend } from '../storage-connection';
import { MemoryHistoryRepository } from './memory-history-repository';
import { MemoryMetadataRepository } from './memory-metadata-repository';
import { MemoryOutputRepository } from './memory-output-repository';
import { MemoryRecordRepository } from './memory-record-repository';
import { MemoryConnection, MemoryStore } from './memory-store';

export { MemoryStore };

/**
 * The four memory repositories over one MemoryStore, for an adapter
 * (`new RepositoryStorageAdapter(backend)`, which checks every call first). Every change is one
 * synchronous step, so each is atomic against every other call in the process.
 */
export function createMemoryBackend(store: MemoryStore, validation?: ValidationMode): StorageBackend {
  const outputs = new MemoryOutputRepository(store.outputs, store.executions);
  const executions = new MemoryRecordRepository<Execution>(store.executions, executionCodec, 'executions', (id, lines) => outputs.prepareAppend(id, lines));
  const metadata = new MemoryMetadataRepository(store.metadata);
  const deleteNow = (executionId: string): void => {
    if (store.metadata.get(CURRENT_EXECUTION_KEY) === executionId) store.metadata.delete(CURRENT_EXECUTION_KEY);
    store.outputs.delete(executionId);
    store.executions.delete(executionId);
    store.history.delete(executionId);
  };
  return {
    name: 'memory',
    connection: new MemoryConnection(store),
    validation: validation ?? DEFAULT_VALIDATION_MODE,
    programs: new MemoryRecordRepository<Program>(store.programs, programCodec, 'programs'),
    executions,
    outputs,
    metadata,
    history: new MemoryHistoryRepository(store.history),
    deleteExecution: async (executionId) => deleteNow(executionId),
    deleteExecutionIfUnchanged: async (executionId, { revision, keepIfCurrent }) => {
      if (keepIfCurrent && store.metadata.get(CURRENT_EXECUTION_KEY) === executionId) return false;
      if (store.executions.get(executionId)?.revision !== revision) return false;
      deleteNow(executionId);
      return true;
    },
  };
}
