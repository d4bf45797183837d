import { promises as fs } from 'node:fs';
import { FORMAT_VERSION } from '../../../codec/format-version';
import { CorruptRecordError } from '../../../errors';
import type { Execution } from '../../../types';
import type { ExecutionRepository } from '../../execution-repository';
import { HistoryRepository, type HistoryEntry, type RecordedSave, type HistoryPageRequest } from '../../history-repository';
import { decodeRecord, executionCodec } from '../../record-format';
import { listDirectory, removeFileDurably, stageFileLosable } from '../durable-fs';
import { currentIdentity, type FileIdentity } from '../file-identity';
import type { FileRecordRepository } from '../file-record-repository';
import type { FileStore } from '../file-store';
import { nullIfMissing } from '../../../util/null-if-missing';
import { historyFileOf, historyFolderOf, revisionOfHistoryName } from './history-files';

/**
 * Past states as files, `history/<historyFolderName>/<revision>.json`, each never changed after
 * it is placed, in one of two forms: `{"format":2,"revision":n,"outputLength":k,"execution":{...}}`
 * (the execution in the stored record format), or the record file itself as it was saved at
 * revision n, which then also holds `"outputLength":k`. The first form is written as a temp file
 * placed with a hard link (stageFileLosable), so the first writer of a revision wins. The second
 * is a hard link to the record file the save just wrote (saveRecorded): no byte is written twice,
 * and the record file is never changed in place, only replaced. The folders are made on the
 * first entry only. The folder is not fsynced: a power loss may lose the newest entries, never
 * leave one short (the content of either form is on disk before its link).
 */
export class FileHistoryRepository extends HistoryRepository {
  constructor(
    private readonly store: FileStore,
    private readonly executions: FileRecordRepository<Execution>,
  ) {
    super();
  }

  async record(executionId: string, entry: HistoryEntry): Promise<void> {
    const file = historyFileOf(this.store.dataDir, executionId, entry.revision);
    const text = JSON.stringify({ format: FORMAT_VERSION, revision: entry.revision, outputLength: entry.outputLength, execution: executionCodec.toDocument(entry.execution) });
    await this.store.io(file, 'write', async () => {
      const staged = await this.inFolder(executionId, () => stageFileLosable(file, text, this.store.durability));
      await staged.place();
    });
  }

  /**
   * The save with the record file carrying the output length; once it is written (while the
   * record's lock is held, when the save takes it), the file is linked as the entry. When
   * another writer's file took the path in between, the link is undone and the entry recorded
   * from the state this save wrote.
   */
  override async saveRecorded(_executions: ExecutionRepository, execution: Execution, save: RecordedSave): Promise<void> {
    const id = execution.id;
    const revision = save.fence.expectedRevision + 1;
    let length = 0;
    let linked = false;
    await this.executions.saveKeeping(execution, save.fence, {
      unfenced: !save.fencedByCaller,
      fields: async () => ({ outputLength: (length = await save.outputLength) }),
      written: async (recordFile, identity) => {
        linked = await this.link(id, recordFile, identity, revision);
      },
    });
    if (!linked) await this.record(id, { revision, execution, outputLength: length });
  }

  /** Links the record file written (of that identity) as the entry of `revision`; false when the path no longer names it. */
  private async link(executionId: string, recordFile: string, identity: FileIdentity, revision: number): Promise<boolean> {
    const file = historyFileOf(this.store.dataDir, executionId, revision);
    return this.store.io(file, 'write', async () => {
      try {
        await this.inFolder(executionId, () => fs.link(recordFile, file));
      } catch (error) {
        // The first writer of a revision wins (as record does).
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return true;
        throw error;
      }
      if ((await currentIdentity(file)) === identity) return true;
      await fs.unlink(file);
      return false;
    });
  }

  /** Runs `write` (of a file in the execution's history folder), making the folder first when it is missing. */
  private async inFolder<T>(executionId: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await fs.mkdir(historyFolderOf(this.store.dataDir, executionId), { recursive: true });
      return write();
    }
  }

  async get(executionId: string, revision: number): Promise<HistoryEntry | null> {
    const file = historyFileOf(this.store.dataDir, executionId, revision);
    const content = await this.store.readJson(file);
    return content === null ? null : entryOf(content.value, file, executionId, revision);
  }

  /** The entry file's size (in either form); undefined when it is gone. */
  override async storedBytes(executionId: string, revision: number): Promise<number | undefined> {
    const file = historyFileOf(this.store.dataDir, executionId, revision);
    const stats = await this.store.io(file, 'inspect', () => fs.stat(file).catch(nullIfMissing));
    return stats?.size;
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
  // The record file form holds the execution's document itself (see FileHistoryRepository).
  const document = 'execution' in stored ? stored.execution : stored;
  return { revision, outputLength: stored.outputLength as number, execution: decodeRecord(executionCodec, document, file, executionId) };
}
