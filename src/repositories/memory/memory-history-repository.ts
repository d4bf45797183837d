import { HistoryRepository, type HistoryEntry, type HistoryPageRequest } from '../history-repository';
import { executionCodec } from '../record-format';
import type { StoredHistoryEntry } from './memory-store';

/** Past states in the memory store, by execution id and revision; the first record of a revision stays. */
export class MemoryHistoryRepository extends HistoryRepository {
  constructor(private readonly entries: Map<string, Map<number, StoredHistoryEntry>>) {
    super();
  }

  async record(executionId: string, entry: HistoryEntry): Promise<void> {
    let revisions = this.entries.get(executionId);
    if (revisions === undefined) this.entries.set(executionId, (revisions = new Map()));
    if (revisions.has(entry.revision)) return;
    revisions.set(entry.revision, { revision: entry.revision, outputLength: entry.outputLength, text: JSON.stringify(executionCodec.toDocument(entry.execution)) });
  }

  async get(executionId: string, revision: number): Promise<HistoryEntry | null> {
    const stored = this.entries.get(executionId)?.get(revision);
    return stored === undefined ? null : entryOf(stored);
  }

  async list(executionId: string, page: HistoryPageRequest): Promise<HistoryEntry[]> {
    const revisions = [...(this.entries.get(executionId)?.values() ?? [])]
      .filter((stored) => page.before === null || stored.revision < page.before)
      .sort((a, b) => b.revision - a.revision)
      .slice(0, page.limit);
    return revisions.map(entryOf);
  }

  async trimBelow(executionId: string, below: number): Promise<void> {
    const revisions = this.entries.get(executionId);
    for (const revision of [...(revisions?.keys() ?? [])]) if (revision < below) revisions?.delete(revision);
  }

  async delete(executionId: string): Promise<void> {
    this.entries.delete(executionId);
  }
}

function entryOf(stored: StoredHistoryEntry): HistoryEntry {
  return { revision: stored.revision, outputLength: stored.outputLength, execution: executionCodec.fromDocument(JSON.parse(stored.text)) };
}
