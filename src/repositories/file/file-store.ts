import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { CorruptRecordError, StorageIOError } from '../../errors';
import { storageIo } from '../storage-io';
import type { StorageConnection } from '../storage-connection';
import { CallOrder } from '../../util/call-order';
import { mapWithConcurrency } from '../../util/map-with-concurrency';
import { DocumentCache } from './document-cache';
import { HeldAppenders } from './held-appenders';
import { WrittenFiles } from './written-files';
import { listDirectory, readFileAndStats } from './durable-fs';
import { DEFAULT_CACHE_BYTES, type Durability } from './file-options';
import { fileNameOf, idOfFileName, isHashedName } from './file-names';
import { currentIdentity, identityOf } from './file-identity';
import { prepareDataFolders } from './prepare-data-folder';
import { touchingRecordFolders } from './query-index';
import { isLeftover, tempFileOwner } from './temp-files';
import { claimedRevision } from './revision-claims';
import { putBackLeftover, setAsideFrom } from './set-aside';
import { storedRevision } from './stored-revision';

// ignoreBOM keeps a byte-order mark in the text, where JSON.parse refuses it as it always did.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export const FOLDERS = { programs: 'programs', executions: 'executions', outputs: 'outputs' } as const;
export type Folder = keyof typeof FOLDERS;

/** The extension of the original package's output files (`outputs/<id>.output`). */
export const ORIGINAL_OUTPUT = '.output';

/**
 * How long after its modification time a file's identity is trusted to name its content, in ms.
 * A file system stamps times from a clock that ticks in steps (about 4 ms on Linux, 1 s or 2 s on
 * some file systems) and lags the clock Date.now() reads by up to a step, so two versions written
 * within one step can share a modification time, and a freed inode can be reused. Once the
 * modification time is more than this far behind the moment a read started, any later change
 * gets a later time, and so another identity.
 */
export const SETTLED_AFTER_MS = 3_000;

const LIST_CONCURRENCY = 32;

export interface FileStoreOptions {
  durability?: Durability;
  /** The read cache's bound in file bytes; 0 turns it off. */
  cacheBytes?: number;
  /** For tests: see SETTLED_AFTER_MS; a negative value trusts every identity at once. */
  settledAfterMs?: number;
  /**
   * For tools that only read (the `cvm-storage` read-only commands): connect() creates, probes
   * and cleans up nothing, and a missing subfolder lists as empty. Writes are not refused: such a
   * caller must only read.
   */
  readOnly?: boolean;
}

/**
 * The data folder the file repositories share: its lifecycle, its paths, one queue that
 * serializes the writes to each file within this process, and the read cache.
 */
export class FileStore implements StorageConnection {
  readonly writes = new CallOrder();
  readonly durability: Durability;
  /** Parsed JSON files by path, each valid while the file keeps its identity (see readJson). */
  readonly cache: DocumentCache;
  /** Output files kept open between appends. */
  readonly appenders = new HeldAppenders();
  /** The record files this process wrote last, while their paths still name them (read with the cache on). */
  readonly written = new WrittenFiles();
  /** See SETTLED_AFTER_MS, in ns. */
  readonly settledAfterNs: bigint;
  readonly readOnly: boolean;
  private connected = false;
  /** The names (without `.output`) of the original package's output files, as connect found them. */
  private originalOutputs = new Set<string>();

  constructor(
    readonly dataDir: string,
    options: FileStoreOptions = {},
  ) {
    this.durability = options.durability ?? 'strict';
    this.cache = new DocumentCache(options.cacheBytes ?? DEFAULT_CACHE_BYTES);
    this.settledAfterNs = BigInt(options.settledAfterMs ?? SETTLED_AFTER_MS) * 1_000_000n;
    this.readOnly = options.readOnly === true;
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    const subfolders = Object.values(FOLDERS).map((f) => path.join(this.dataDir, f));
    if (this.readOnly) return this.connectReadOnly(subfolders);
    await touchingRecordFolders(this.dataDir, ['programs', 'executions'], () => prepareDataFolders([this.dataDir, ...subfolders]));
    for (const folder of subfolders) await this.refuseLinkedFolder(folder);
    const outputs = this.folderPath('outputs');
    this.originalOutputs = new Set();
    for (const folder of [this.dataDir, ...subfolders]) {
      const names = await this.removeCrashLeftovers(folder);
      if (folder === outputs) for (const name of names) if (name.endsWith(ORIGINAL_OUTPUT)) this.originalOutputs.add(name.slice(0, -ORIGINAL_OUTPUT.length));
    }
    this.connected = true;
  }

  private async connectReadOnly(subfolders: readonly string[]): Promise<void> {
    const present = subfolders.filter((folder) => existsSync(folder));
    for (const folder of present) await this.refuseLinkedFolder(folder);
    const outputs = this.folderPath('outputs');
    const names = present.includes(outputs) ? (await this.io(outputs, 'list', () => listDirectory(outputs))).filter((entry) => entry.isFile()).map((entry) => entry.name) : [];
    this.originalOutputs = new Set(names.filter((name) => name.endsWith(ORIGINAL_OUTPUT)).map((name) => name.slice(0, -ORIGINAL_OUTPUT.length)));
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    this.connected = false;
    await this.writes.idle();
    await Promise.all([this.appenders.dropAll(), this.written.dropAll()]);
    this.cache.clear();
  }

  isConnected(): boolean {
    return this.connected;
  }

  /**
   * The original package's output file of the execution, or null when there was none on connect.
   * Only the original package writes such files (this one only reads and deletes them), so a
   * store this package has opened gains one only from an old writer running beside it, which is
   * not supported (docs/compatibility.md): a store without them pays nothing per read.
   */
  originalOutputPath(executionId: string): string | null {
    const name = fileNameOf(executionId);
    return this.originalOutputs.has(name) ? path.join(this.folderPath('outputs'), `${name}${ORIGINAL_OUTPUT}`) : null;
  }

  /** After this process deleted the execution's original output file. */
  forgetOriginalOutput(executionId: string): void {
    this.originalOutputs.delete(fileNameOf(executionId));
  }

  folderPath(folder: Folder): string {
    return path.join(this.dataDir, FOLDERS[folder]);
  }

  /** The file of the record `id` (file-names.ts: an id of the old alphabet is its own name). */
  recordPath(folder: Folder, id: string, extension = '.json'): string {
    return path.join(this.dataDir, FOLDERS[folder], `${fileNameOf(id)}${extension}`);
  }

  get metadataPath(): string {
    return path.join(this.dataDir, 'metadata.json');
  }

  /**
   * The parsed content of the JSON file (which may itself be `null`), or null when there is no
   * file. The value may be shared with the cache and with other callers: never mutate it.
   *
   * With the cache on, a file parsed before costs one lstat while its identity (device, inode,
   * size, modification time in ns) is the one it had when read; any save replaces the inode, so
   * a file another process changed is read again. Only files whose modification time was settled
   * (SETTLED_AFTER_MS behind the start of the read) are kept. A file this process wrote last is
   * answered from the text written while the path names that file (written-files.ts).
   */
  async readJson(file: string): Promise<{ value: unknown } | null> {
    if (this.cache.enabled) {
      const written = await this.written.content(file, (text) => JSON.parse(text));
      if (written !== undefined) {
        this.cache.hits += 1;
        return written;
      }
    }
    const cached = this.cache.enabled ? this.cache.get(file) : undefined;
    if (cached !== undefined) {
      if ((await this.io(file, 'inspect', () => currentIdentity(file))) === cached.identity) {
        this.cache.hits += 1;
        return { value: cached.document };
      }
      this.cache.delete(file);
    }
    const startedNs = BigInt(Date.now()) * 1_000_000n;
    const read = await this.io(file, 'read', () => readFileAndStats(file));
    if (read === null) return null;
    const value = this.parseJson(file, read.bytes);
    if (this.cache.enabled && read.stats.mtimeNs + this.settledAfterNs < startedNs) {
      this.cache.set(file, { identity: identityOf(read.stats), document: value, bytes: read.bytes.length });
    }
    return { value };
  }

  /** Forgets the file's cached content: called before this process replaces or removes it. */
  forget(file: string): void {
    this.cache.delete(file);
  }

  private parseJson(file: string, bytes: Buffer): unknown {
    let text: string;
    try {
      text = UTF8.decode(bytes);
    } catch (error) {
      throw new CorruptRecordError(file, 'the file is not valid UTF-8', { cause: error });
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new CorruptRecordError(file, text.length === 0 ? 'the file is empty' : 'the file is not valid JSON', { cause: error });
    }
  }

  /**
   * The ids of the files in `folder` that end with `extension`, turned back from their names
   * (idOfFileName). A long id's name holds a hash: its id is the `id` of the JSON record in it,
   * which must be the id that name belongs to. Names this library never gives (a temp file, a
   * file put there by hand) are left out, as `cvm-storage check` reports.
   */
  async listIds(folder: Folder, extension = '.json'): Promise<string[]> {
    const directory = path.join(this.dataDir, FOLDERS[folder]);
    if (this.readOnly && !existsSync(directory)) return [];
    const entries = await this.io(directory, 'list', () => listDirectory(directory));
    const names = entries.map((entry) => entry.name).filter((name) => name.endsWith(extension)).map((name) => name.slice(0, -extension.length));
    const ids = await mapWithConcurrency(names, LIST_CONCURRENCY, (name) => {
      if (isHashedName(name) && extension === '.json') return this.idInHashedFile(path.join(directory, `${name}${extension}`), name);
      return Promise.resolve(idOfFileName(name));
    });
    return ids.filter((id): id is string => id !== null);
  }

  /** The id the record file named `name` holds; null when the file is gone. */
  private async idInHashedFile(file: string, name: string): Promise<string | null> {
    const content = await this.readJson(file);
    if (content === null) return null;
    const id = (content.value as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && fileNameOf(id) === name) return id;
    throw new CorruptRecordError(file, typeof id === 'string' ? `it holds id ${JSON.stringify(id)}, which belongs to another file name` : 'it holds no id');
  }

  /** Runs a file-system operation, turning its failure into a StorageIOError naming the path. */
  io<T>(location: string, operation: string, action: () => Promise<T>): Promise<T> {
    return storageIo(location, operation, action);
  }

  /**
   * The data folder itself may be a symbolic link; its subfolders may not: a link there would send
   * every record of its kind out of the data folder, past the O_NOFOLLOW on each file.
   */
  private async refuseLinkedFolder(folder: string): Promise<void> {
    const stats = await this.io(folder, 'inspect', () => fs.lstat(folder));
    if (stats.isSymbolicLink()) {
      const cause = Object.assign(new Error(`${folder} is a symbolic link; the data folder's subfolders must be real folders`), { code: 'ELOOP' });
      throw new StorageIOError(folder, 'use the symbolic link', { cause });
    }
  }

  /**
   * Removes a claim of a revision (revision-claims.ts) left by a writer that died, once its record
   * is no longer at the revision before (a claim of the next revision stays: the next fenced save
   * takes it over).
   */
  private async removeUsedClaim(claim: string, revision: number): Promise<void> {
    const record = claim.slice(0, claim.lastIndexOf('.json.r') + '.json'.length);
    // A record that cannot be read keeps its claims (the next fenced save of it takes them over).
    const stored = await storedRevision(record).catch(() => revision - 1);
    if (stored !== revision - 1) await this.io(claim, 'remove', () => fs.unlink(claim).catch(ignoreIfGone));
  }

  /**
   * Removes dead writers' temp files (see temp-files.ts) and used claims, and puts back records a
   * dead prune had set aside (set-aside.ts). Only regular files with such names are touched; a
   * folder, link or anything else of that name is left alone, and so is an entry that changes or
   * vanishes meanwhile. Returns the names of the other regular files.
   */
  private async removeCrashLeftovers(folder: string): Promise<string[]> {
    const entries = await this.io(folder, 'list', () => listDirectory(folder));
    const others: string[] = [];
    for (const entry of entries) {
      const claimed = claimedRevision(entry.name);
      // A claim is a symbolic link (or, where links cannot be made, a file): see revision-claims.ts.
      if (claimed !== null && (entry.isFile() || entry.isSymbolicLink())) {
        await this.removeUsedClaim(path.join(folder, entry.name), claimed);
        continue;
      }
      if (!entry.isFile()) continue;
      const asideFrom = setAsideFrom(entry.name);
      if (tempFileOwner(entry.name) === null && asideFrom === null) {
        others.push(entry.name);
        continue;
      }
      const file = path.join(folder, entry.name);
      const stats = await fs.lstat(file).catch(() => null);
      if (asideFrom !== null) {
        if (stats !== null && stats.isFile()) await this.io(file, 'put back', () => putBackLeftover(folder, entry.name, stats.mtimeMs, this.durability));
        continue;
      }
      if (stats === null || !stats.isFile() || !isLeftover(entry.name, stats.mtimeMs)) continue;
      await this.io(file, 'remove', () => fs.unlink(file).catch(ignoreIfGone));
    }
    return others;
  }
}

function ignoreIfGone(error: NodeJS.ErrnoException): void {
  // ENOENT: removed meanwhile; EISDIR and EPERM: replaced by a folder meanwhile.
  if (error.code === 'ENOENT' || error.code === 'EISDIR' || error.code === 'EPERM') return;
  throw error;
}
