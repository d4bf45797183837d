import { promises as fs } from 'node:fs';
import { mapWithConcurrency } from '../../util/map-with-concurrency';
import { nullIfMissing } from '../../util/null-if-missing';
import type { QueryFields } from '../record-query';
import { identityOf, type FileIdentity } from './file-identity';
import type { FileStore, Folder } from './file-store';

const CONCURRENCY = 32;

interface Indexed {
  /** The file's identity when its fields were read; null when it was not settled then (read again next time). */
  identity: FileIdentity | null;
  fields: QueryFields;
}

/**
 * The query fields (id, created, updated, state, programId) of every record file in one folder,
 * kept in memory between queries, so that a page does not read every record again:
 * - when the folder is as it was at the last query (the same identity and modification time: a
 *   save renames a file into the folder and a delete unlinks one, and either changes it), the
 *   fields kept are the answer, with no file read;
 * - else the folder is listed and each file's identity taken (one lstat), and only files that
 *   are new or changed are read.
 * As with the read cache, a folder or file is trusted only once its modification time has
 * settled (`settledAfterNs` behind the start of the query). A record edited in place by a tool
 * other than this library, without any file of its folder being added, replaced or removed, is
 * seen once the folder changes.
 */
export class QueryIndex {
  private folderIdentity: FileIdentity | null = null;
  private entries = new Map<string, Indexed>();

  constructor(
    private readonly store: FileStore,
    private readonly folder: Folder,
  ) {}

  /** The fields of every record in the folder; `read` gives a record's fields (null: no longer there). */
  async fields(read: (id: string) => Promise<QueryFields | null>): Promise<QueryFields[]> {
    const startedNs = BigInt(Date.now()) * 1_000_000n;
    const settled = (mtimeNs: bigint) => mtimeNs + this.store.settledAfterNs < startedNs;
    const folder = await fs.stat(this.store.folderPath(this.folder), { bigint: true }).catch((error: NodeJS.ErrnoException) => {
      if (this.store.readOnly && error.code === 'ENOENT') return null;
      throw error;
    });
    if (folder === null) return [];
    const folderIdentity = identityOf(folder);
    if (folderIdentity === this.folderIdentity) return [...this.entries.values()].map((entry) => entry.fields);

    const ids = await this.store.listIds(this.folder);
    let allSettled = settled(folder.mtimeNs);
    const next = new Map<string, Indexed>();
    await mapWithConcurrency(ids, CONCURRENCY, async (id) => {
      const stats = await fs.lstat(this.store.recordPath(this.folder, id), { bigint: true }).catch(nullIfMissing);
      if (stats === null) return;
      const identity = identityOf(stats);
      const known = this.entries.get(id);
      if (known !== undefined && known.identity === identity) {
        next.set(id, known);
        return;
      }
      const fields = await read(id);
      if (fields === null) return;
      const trusted = stats.isFile() && settled(stats.mtimeNs);
      if (!trusted) allSettled = false;
      next.set(id, { identity: trusted ? identity : null, fields });
    });
    this.entries = next;
    this.folderIdentity = allSettled ? folderIdentity : null;
    return [...next.values()].map((entry) => entry.fields);
  }

  /** Forgets everything: the next query lists and reads the folder again. */
  clear(): void {
    this.folderIdentity = null;
    this.entries.clear();
  }
}
