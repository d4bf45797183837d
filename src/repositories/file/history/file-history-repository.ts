import { promises as fs } from 'node:fs';
import { FORMAT_VERSION } from '../../../codec/format-version';
import { CorruptRecordError } from '../../../errors';
import { HistoryRepository, type HistoryEntry, type HistoryPageRequest, type StagedEntry } from '../../history-repository';
import { decodeRecord, executionCodec } from '../../record-format';
import { listDirectory, removeFileDurably, stageFileLosable } from '../durable-fs';
import type { FileStore } from '../file-store';
import { historyFileOf, historyFolderOf, revisionOfHistoryName } from './history-files';

/**
 * Past states as files, `history/<historyFolderName>/<revision>.json`, each
 * `{"format":2,"revision":n,"outputLength":k,"execution":{...}}` in the stored record format.
 * An entry is placed with a hard link (stageFileLosable), so the first writer of a revision
 * wins and the file never changes after; the folders are made on the first entry only. The
 * folder is not fsynced: a power loss may lose the newest entries, never leave one short.
 */
export class FileHistoryRepository extends HistoryRepository {
  constructor(private readonly store: FileStore) {
    super();
  }

  async record(executionId: string, entry: HistoryEntry): Promise<void> {
    const staged = await this.stage(executionId, entry);
    await staged.place();
  }

  /** The entry's file written under a temp name in its folder (made on the first entry); placing it is one link. */
  override async stage(executionId: string, entry: HistoryEntry): Promise<StagedEntry> {
    const file = historyFileOf(this.store.dataDir, executionId, entry.revision);
    const text = JSON.stringify({ format: FORMAT_VERSION, revision: entry.revision, outputLength: entry.outputLength, execution: executionCodec.toDocument(entry.execution) });
    const staged = await this.store.io(file, 'write', async () => {
      try {
        return await stageFileLosable(file, text, this.store.durability);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        await fs.mkdir(historyFolderOf(this.store.dataDir, executionId), { recursive: true });
        return stageFileLosable(file, text, this.store.durability);
      }
    });
    return {
      place: async () => {
        await this.store.io(file, 'write', () => staged.place());
      },
      discard: () => staged.discard(),
    };
  }

  async get(executionId: string, revision: number): Promise<HistoryEntry | null> {
    const file = historyFileOf(this.store.dataDir, executionId, revision);
    const content = await this.store.readJson(file);
    return content === null ? null : entryOf(content.value, file, executionId, revision);
  }

  async list(executionId: string, page: HistoryPageRequest): Promise<HistoryEntry[]> {
    const revisions = (await this.revisions(executionId)).filter((revision) => page.before === null || revision < page.before).slice(0, page.limit);
    const entries = await Promise.all(revisions.map((revision) => this.get(executionId, revision)));
    return entries.filter((entry): entry is HistoryEntry => entry !== null);
  }

  async trimBelow(executionId: string, below: number): Promise<void> {
    const extra = (await this.revisions(executionId)).filter((revision) => revision < below);
    for (const revision of extra) {
      const file = historyFileOf(this.store.dataDir, executionId, revision);
      // A removal a power loss undoes leaves an entry below the floor, which reads leave out.
      await this.store.io(file, 'remove', () => removeFileDurably(file, 'relaxed'));
    }
  }

  async delete(executionId: string): Promise<void> {
    const folder = historyFolderOf(this.store.dataDir, executionId);
    await this.store.io(folder, 'remove', () => fs.rm(folder, { recursive: true, force: true }));
  }

  /** The stored revisions, newest first; none when the folder is missing. */
  private async revisions(executionId: string): Promise<number[]> {
    const folder = historyFolderOf(this.store.dataDir, executionId);
    const names = await this.store.io(folder, 'list', () =>
      listDirectory(folder).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? [] : Promise.reject(error))),
    );
    return names
      .filter((entry) => entry.isFile())
      .map((entry) => revisionOfHistoryName(entry.name))
      .filter((revision): revision is number => revision !== null)
      .sort((a, b) => b - a);
  }
}

/** The entry a history file holds, or a CorruptRecordError naming the file (the execution's id checked when given). */
export function entryOf(value: unknown, file: string, executionId: string | undefined, revision: number): HistoryEntry {
  const stored = value as { revision?: unknown; outputLength?: unknown; execution?: unknown } | null;
  if (typeof stored !== 'object' || stored === null || stored.revision !== revision || !Number.isSafeInteger(stored.outputLength)) {
    throw new CorruptRecordError(file, 'it is not a history entry of this revision');
  }
  return { revision, outputLength: stored.outputLength as number, execution: decodeRecord(executionCodec, stored.execution, file, executionId) };
}
