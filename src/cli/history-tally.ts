import { backendOf, type RepositoryStorageAdapter } from '../adapters/repository-storage-adapter';
import { FORMAT_VERSION } from '../codec/format-version';
import type { HistoryEntry } from '../repositories/history-repository';
import { executionCodec } from '../repositories/record-format';

/** The history entries the store holds for the executions listed: how many, and their size in the stored (JSON) form. */
export interface HistoryTally {
  records: number;
  bytes: number;
  /** Executions with at least one entry. */
  executions: number;
}

const PAGE = 1000;

/** Tallies the stored entries of each execution, a page at a time; null for a backend that keeps no history. */
export async function tallyHistory(adapter: RepositoryStorageAdapter, executionIds: readonly string[]): Promise<HistoryTally | null> {
  const entries = backendOf(adapter)?.history;
  if (entries === undefined) return null;
  const tally: HistoryTally = { records: 0, bytes: 0, executions: 0 };
  for (const id of executionIds) {
    let before: number | null = null;
    let found = false;
    for (;;) {
      const page = await entries.list(id, { before, limit: PAGE });
      for (const entry of page) {
        tally.records += 1;
        tally.bytes += (await entries.storedBytes(id, entry.revision)) ?? jsonBytesOf(entry);
        found = true;
      }
      if (page.length < PAGE) break;
      before = page[page.length - 1].revision;
    }
    if (found) tally.executions += 1;
  }
  return tally;
}

/** The entry's size in its JSON form, for a backend that does not tell how much it stores. */
function jsonBytesOf(entry: HistoryEntry): number {
  const stored = { format: FORMAT_VERSION, revision: entry.revision, outputLength: entry.outputLength, execution: executionCodec.toDocument(entry.execution) };
  return Buffer.byteLength(JSON.stringify(stored), 'utf8');
}
