import { describeFencedSaveRaces } from './fenced-saves';
import { describeForkRaces } from './fork';
import { describePointerAndAppendRaces } from './pointer-and-appends';
import { describeInProcessPruneRaces } from './prune';
import type { InProcessMultiWriterHarness } from './with-adapters';
import type { MultiWriterRunner } from '../runner';

export type { InProcessMultiWriterHarness };

/**
 * The multi-writer contract's in-process part, for any backend (the memory backend too) and any
 * runner with `describe` and `it`: several adapters opened on one store in this process race what
 * the writer processes of describeMultiWriterContract race: fenced resume, "only if absent",
 * compareAndSet of the current execution, appends while a prune runs, saves and pointer changes
 * while a prune judges or deletes, forks. Each race is forced: the racing calls are held where
 * they enter the backend until all have arrived, then let go in one tick, so a backend whose
 * conditional write checks, pauses, then writes fails. The adapters must be built on
 * RepositoryStorageAdapter (as every adapter of this package is).
 *
 *   describeInProcessMultiWriterContract('my backend', { freshStore, open }, { describe, it });
 */
export function describeInProcessMultiWriterContract<S>(
  backendName: string,
  harness: InProcessMultiWriterHarness<S>,
  { describe, it }: MultiWriterRunner,
): void {
  describe(`multi-writer contract, in one process: ${backendName}`, () => {
    describeFencedSaveRaces(harness, it);
    describePointerAndAppendRaces(harness, it);
    describeInProcessPruneRaces(harness, it);
    describeForkRaces(harness, it);
  });
}
