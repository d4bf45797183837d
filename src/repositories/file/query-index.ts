import { promises as fs, type BigIntStats } from 'node:fs';
import path from 'node:path';
import { mapWithConcurrency } from '../../util/map-with-concurrency';
import { nullIfMissing } from '../../util/null-if-missing';
import { byCreatedThenId } from '../../util/order-records';
import { compareByPosition, isAfter, type QueryFields, type QueryPosition } from '../record-query';
import { identityOf } from './file-identity';
import type { FileStore, Folder } from './file-store';
import { appendJournal, mayStillBeWriting, newToken, readJournal, statJournal, type JournalLine, type OpenChange } from './index-journal';
import { DamagedSnapshotError, encodeSnapshot, SnapshotView, writeSnapshot, type IndexEntry } from './index-snapshot';
import { JournalWriter } from './journal-writer';
import { HOST_IDENTITY } from './temp-files';

const CONCURRENCY = 32;
/** How many records may differ from the snapshot before this process writes a new one. */
const OVERLAY_LIMIT = 1_000;
/** How much of a journal's end a rescan without a snapshot of it reads for the changes still going on. */
const JOURNAL_TAIL_BYTES = 4 * 1024 * 1024;
/** The journal inode of an index kept in memory only (no journal could be created). */
const NO_JOURNAL = 'none';

export type RecordFieldsReader = (id: string) => Promise<QueryFields | null>;

/** Whether `name`, directly in the data folder, is a query index's snapshot or journal (derived from the records, rebuilt at will). */
export function isQueryIndexFile(name: string): boolean {
  return /^(programs|executions)\.index(-journal)?$/.test(name);
}

/** The snapshot and journal of `folder` in the data folder. */
export function indexPaths(dataDir: string, folder: Folder): { snapshot: string; journal: string } {
  return { snapshot: path.join(dataDir, `${folder}.index`), journal: path.join(dataDir, `${folder}.index-journal`) };
}

/**
 * Tells the readers of `folder`'s query index, once its records were changed outside the
 * repositories (by the CLI's repair), to rebuild it from the record files.
 */
export async function announceOutsideChange(dataDir: string, folder: Folder): Promise<void> {
  const { journal } = indexPaths(dataDir, folder);
  // Without a journal no reader trusts a snapshot: nothing to tell.
  if ((await statJournal(journal)) !== null) await appendJournal(journal, [{ kind: 'reset' }]);
}

/** Whether every change of the record folder so far came before the journal's last line. */
async function journalCoversFolder(dataDir: string, folder: Folder): Promise<boolean> {
  try {
    const folderStats = await fs.stat(path.join(dataDir, folder), { bigint: true });
    const journal = await statJournal(indexPaths(dataDir, folder).journal);
    return journal !== null && folderStats.mtimeNs <= journal.mtimeNs;
  } catch {
    // No folder yet, or none there (connect then says why): nothing covered.
    return false;
  }
}

/**
 * Runs `touch`, which changes the record folders without changing a record (connect's probe of
 * each folder), then says so in the journal of each folder the journal covered before, so that
 * readers do not take the probe for a change nobody announced and rebuild their index.
 */
export async function touchingRecordFolders(dataDir: string, folders: readonly Folder[], touch: () => Promise<void>): Promise<void> {
  const covered = await Promise.all(folders.map((folder) => journalCoversFolder(dataDir, folder)));
  await touch();
  for (const [index, folder] of folders.entries()) {
    if (covered[index]) await appendJournal(indexPaths(dataDir, folder).journal, [{ kind: 'witness' }]).catch(() => undefined);
  }
}

/**
 * The query fields (id, created, updated, state, programId) of every record file of one folder,
 * kept on disk so that a page in a fresh process, or right after a save, reads only the records
 * it shows. The record files stay the truth; see docs/query-index.md for why the index cannot
 * change what a page returns:
 * - the snapshot (index-snapshot.ts) holds every record's fields, sorted, as of a byte of the journal;
 * - the journal (index-journal.ts) names every record a writer of this library changes, before
 *   and after it changes it; a reader applies the lines past its snapshot by reading those
 *   records again, and reads again, at every page, a record whose change is still going on;
 * - a change nobody announced (another program, an older version, a writer that died before its
 *   `b` line is impossible, since the line comes first) shows as the record folder's
 *   modification time being later than the journal's with no change going on: the index is then
 *   rebuilt by a rescan (each file's identity taken, only new or changed files read).
 * The candidates a page takes from here are read and checked again by the repository.
 */
export class QueryIndex {
  private readonly snapshotFile: string;
  private readonly journalFile: string;
  private readonly folderPath: string;
  private snapshot: SnapshotView | null = null;
  /** Records changed since the snapshot (null: gone), and their order (rebuilt on demand). */
  private overlay = new Map<string, IndexEntry | null>();
  private overlaySorted: IndexEntry[] | null = null;
  private journalIno: string | null = null;
  private journalOffset = 0;
  private open = new Map<string, OpenChange>();
  /** Records named by journal lines applied since they were last read. */
  private changed = new Set<string>();
  private loaded = false;
  private writesChecked = false;
  private readonly writer: JournalWriter;

  constructor(
    private readonly store: FileStore,
    private readonly folder: Folder,
  ) {
    ({ snapshot: this.snapshotFile, journal: this.journalFile } = indexPaths(store.dataDir, folder));
    this.folderPath = store.folderPath(folder);
    this.writer = new JournalWriter(this.journalFile);
  }

  /**
   * Runs `change` of the record `id` between its two journal lines. Before this process's first
   * change, a folder changed since the journal last was (by a writer that does not keep the
   * journal) is announced as such, so that a reader does not take this process's lines as the
   * whole story.
   */
  async announce<R>(id: string, change: () => Promise<R>): Promise<R> {
    const token = newToken();
    const lines: JournalLine[] = [];
    if (!this.writesChecked) {
      if (await this.changedUnannounced()) lines.push({ kind: 'reset' });
      this.writesChecked = true;
    }
    lines.push({ kind: 'before', token, id, host: HOST_IDENTITY, pid: process.pid, at: Date.now() });
    return this.writer.holding(async () => {
      await this.writer.append(lines);
      try {
        return await change();
      } finally {
        // Should this line fail, the change stays open: readers read the record again at every
        // page until its writer is gone, which is still right.
        await this.writer.append([{ kind: 'after', token, id }]).catch(() => undefined);
      }
    });
  }

  /** Whether the record folder changed after the journal's last line (or there is no journal but a snapshot). */
  private async changedUnannounced(): Promise<boolean> {
    const folder = await fs.stat(this.folderPath, { bigint: true });
    const journal = await statJournal(this.journalFile);
    if (journal === null) return (await fs.stat(this.snapshotFile).catch(nullIfMissing)) !== null;
    return folder.mtimeNs > journal.mtimeNs;
  }

  /**
   * Brings the index up to date with the journal and the folder, reading again (with `read`)
   * the records changed since; a record `read` finds gone (null) leaves the index.
   */
  async refresh(read: RecordFieldsReader): Promise<void> {
    // A snapshot another process replaced since: take that one (it stands at its own journal point).
    if (this.snapshot !== null && !(await this.snapshot.attach())) this.clear();
    if (!this.loaded) await this.load();
    const folder = await fs.stat(this.folderPath, { bigint: true }).catch((error: NodeJS.ErrnoException) => {
      // A read-only open of a store without this folder: it lists as empty (rescan).
      if (this.store.readOnly && error.code === 'ENOENT') return null;
      throw error;
    });
    if (folder === null) return this.rescan(read);
    // After the folder: a change the folder's time shows had its `b` line appended before it.
    const journal = await statJournal(this.journalFile);
    if (journal === null || String(journal.ino) !== this.journalIno || Number(journal.size) < this.journalOffset) return this.rescan(read);
    const { lines, end } = await readJournal(this.journalFile, this.journalOffset, Number(journal.size));
    this.journalOffset = end;
    if (!this.apply(lines)) return this.rescan(read);
    const now = Date.now();
    let live = false;
    for (const [token, change] of this.open) {
      this.changed.add(change.id);
      if (mayStillBeWriting(change, now)) live = true;
      else this.open.delete(token);
    }
    if (!live && folder.mtimeNs > journal.mtimeNs) return this.rescan(read);
    const ids = [...this.changed];
    this.changed.clear();
    const entries = await mapWithConcurrency(ids, CONCURRENCY, read);
    ids.forEach((id, index) => {
      const fields = entries[index];
      this.overlay.set(id, fields === null ? null : { fields, identity: null });
    });
    if (ids.length > 0) this.overlaySorted = null;
    if (this.overlay.size > OVERLAY_LIMIT) await this.compact();
  }

  /** Applies journal lines; false at a reset. */
  private apply(lines: readonly JournalLine[]): boolean {
    let reset = false;
    for (const line of lines) {
      if (line.kind === 'before') {
        this.open.set(line.token, { id: line.id, host: line.host, pid: line.pid, at: line.at });
        this.changed.add(line.id);
      } else if (line.kind === 'after') {
        this.open.delete(line.token);
        this.changed.add(line.id);
      } else if (line.kind === 'reset') reset = true;
    }
    return !reset;
  }

  /** The snapshot on disk, if it is one of this journal; else a rescan at the first refresh. */
  private async load(): Promise<void> {
    this.loaded = true;
    const snapshot = await SnapshotView.open(this.snapshotFile);
    const journal = await statJournal(this.journalFile);
    if (snapshot === null || journal === null || snapshot.header.journal.ino !== String(journal.ino) || snapshot.header.journal.offset > Number(journal.size)) {
      this.journalIno = null;
      return;
    }
    this.useSnapshot(snapshot);
    if (!(await snapshot.attach())) this.clear();
  }

  private useSnapshot(snapshot: SnapshotView): void {
    this.snapshot = snapshot;
    this.journalIno = snapshot.header.journal.ino;
    this.journalOffset = snapshot.header.journal.offset;
    for (const [token, change] of snapshot.header.open) this.open.set(token, change);
    this.overlay.clear();
    this.overlaySorted = null;
  }

  /**
   * Rebuilds the index from the record files: each file's identity is taken, and only files the
   * index does not know at that identity are read. The journal lines up to the rescan's start
   * are applied for the changes still going on; the new snapshot stands at that point. Should the
   * folder have changed meanwhile unannounced, the next refresh sees it and rescans again.
   */
  private async rescan(read: RecordFieldsReader): Promise<void> {
    const startedNs = BigInt(Date.now()) * 1_000_000n;
    const settled = (stats: BigIntStats) => stats.mtimeNs + this.store.settledAfterNs < startedNs;
    // A data folder this process cannot write to, or a read-only open: the index lives in memory, rescanned at every refresh.
    if (!this.store.readOnly) await appendJournal(this.journalFile, []).catch(() => undefined);
    const folderBefore = await fs.stat(this.folderPath, { bigint: true }).catch((error: NodeJS.ErrnoException) => {
      if (this.store.readOnly && error.code === 'ENOENT') return null;
      throw error;
    });
    if (folderBefore === null) {
      this.useSnapshot(SnapshotView.ofText(encodeSnapshot({ format: 1, journal: { ino: NO_JOURNAL, offset: 0 }, open: [] }, [])));
      return;
    }
    const journal = await statJournal(this.journalFile);
    const ino = journal === null ? NO_JOURNAL : String(journal.ino);
    let end = 0;
    if (journal !== null) {
      const size = Number(journal.size);
      // Without a snapshot of this journal, only its end can hold changes still going on.
      const from = ino === this.journalIno ? this.journalOffset : Math.max(0, size - JOURNAL_TAIL_BYTES);
      const read = await readJournal(this.journalFile, from, size, from !== 0 && ino !== this.journalIno);
      end = read.end;
      this.apply(read.lines);
    }
    this.changed.clear();

    const known = await this.knownEntries();
    const ids = await this.store.listIds(this.folder);
    const entries: IndexEntry[] = [];
    await mapWithConcurrency(ids, CONCURRENCY, async (id) => {
      const stats = await fs.lstat(this.store.recordPath(this.folder, id), { bigint: true }).catch(nullIfMissing);
      if (stats === null) return;
      const identity = identityOf(stats);
      const entry = known.get(id);
      if (entry !== undefined && entry.identity === identity) {
        entries.push(entry);
        return;
      }
      const fields = await read(id);
      if (fields !== null) entries.push({ fields, identity: stats.isFile() && settled(stats) ? identity : null });
    });
    entries.sort((a, b) => byCreatedThenId(a.fields, b.fields));
    const text = encodeSnapshot({ format: 1, journal: { ino, offset: end }, open: [...this.open] }, entries);
    this.open.clear();
    this.useSnapshot(SnapshotView.ofText(text));
    if (journal === null || this.store.readOnly) return;
    await this.persist(text);
    const folderAfter = await fs.stat(this.folderPath, { bigint: true });
    // The folder is as the rescan read it, up to now: say so to the next reader (see changedUnannounced).
    if (folderAfter.mtimeNs === folderBefore.mtimeNs) await appendJournal(this.journalFile, [{ kind: 'witness' }]).catch(() => undefined);
  }

  /** Writes a snapshot; a data folder this process cannot write to keeps it in memory only. */
  private async persist(text: string): Promise<void> {
    if (this.store.readOnly) return;
    await writeSnapshot(this.snapshotFile, text).catch(() => undefined);
  }

  /** Every entry known now, by id: the snapshot's, with the changes since. */
  private async knownEntries(): Promise<Map<string, IndexEntry>> {
    const known = new Map<string, IndexEntry>();
    try {
      for (const entry of (await this.snapshot?.all()) ?? []) known.set(entry.fields.id, entry);
    } catch (error) {
      if (!(error instanceof DamagedSnapshotError)) throw error;
    }
    for (const [id, entry] of this.overlay) {
      if (entry === null) known.delete(id);
      else known.set(id, entry);
    }
    return known;
  }

  /** Folds the changes into a new snapshot, in memory and on disk. */
  private async compact(): Promise<void> {
    const entries = [...(await this.knownEntries()).values()].sort((a, b) => byCreatedThenId(a.fields, b.fields));
    const text = encodeSnapshot({ format: 1, journal: { ino: this.journalIno as string, offset: this.journalOffset }, open: [...this.open] }, entries);
    const open = new Map(this.open);
    this.useSnapshot(SnapshotView.ofText(text));
    this.open = open;
    await this.persist(text);
  }

  /**
   * The first `count` records after `position` that `accept` takes, in (created, id) order, as
   * the index has them (call refresh first). A damaged snapshot line rebuilds the index.
   */
  async take(read: RecordFieldsReader, position: QueryPosition | null, accept: (fields: QueryFields) => boolean, count: number): Promise<QueryFields[]> {
    try {
      return await this.collect(position, accept, count);
    } catch (error) {
      if (!(error instanceof DamagedSnapshotError)) throw error;
      this.snapshot = null;
      this.journalIno = null;
      await this.refresh(read);
      return this.collect(position, accept, count);
    }
  }

  private async collect(position: QueryPosition | null, accept: (fields: QueryFields) => boolean, count: number): Promise<QueryFields[]> {
    const taken: QueryFields[] = [];
    if (count <= 0) return taken;
    for await (const fields of this.after(position)) {
      if (!accept(fields)) continue;
      taken.push(fields);
      if (taken.length === count) break;
    }
    return taken;
  }

  /** The fields of the records after `position`, in (created, id) order, as the index has them. */
  private async *after(position: QueryPosition | null): AsyncGenerator<QueryFields> {
    const overlay = (this.overlaySorted ??= [...this.overlay.values()].filter((entry): entry is IndexEntry => entry !== null).sort((a, b) => byCreatedThenId(a.fields, b.fields)));
    let next = 0;
    while (next < overlay.length && !isAfter(overlay[next].fields, position)) next += 1;
    if (this.snapshot !== null) for await (const { fields } of this.snapshot.after(position)) {
      if (this.overlay.has(fields.id)) continue;
      while (next < overlay.length && compareByPosition(overlay[next].fields, fields) < 0) yield overlay[next++].fields;
      yield fields;
    }
    while (next < overlay.length) yield overlay[next++].fields;
  }

  /** Forgets everything held in memory: the next refresh loads the index from disk again. */
  clear(): void {
    this.loaded = false;
    this.snapshot = null;
    this.journalIno = null;
    this.journalOffset = 0;
    this.open.clear();
    this.changed.clear();
    this.overlay.clear();
    this.overlaySorted = null;
  }
}
