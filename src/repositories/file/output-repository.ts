import { ConflictError } from '../../errors';
import type { CheckedOutputRange } from '../../validation/output-range';
import { rangeAfterOriginal } from '../range-after-original';
import { OutputRepository, type AppendOptions, type OutputRange } from '../output-repository';
import { readFileAndStats, removeFileDurably } from './durable-fs';
import { withFileLock } from './file-lock';
import { claimRevision, LIVE_CLAIM } from './revision-claims';
import { holdsAnotherId } from './file-names';
import type { FileStore } from './file-store';
import { checkOutputGrowth } from '../output-cap';
import { checkOutputReadable } from './output-limit';
import { formatOutputRecord, parseOutputLog } from './output-log';
import type * as OriginalOutputModule from './original-output';
import type * as OutputReadsModule from './output-reads';
import type { OutputReads } from './output-reads';
import { completeStoredStep } from './step-output';
import { storedHead } from './stored-revision';
import { KnownLengths } from './known-lengths';

/** At most this many executions' appended lengths are remembered. */
const REMEMBERED_EXECUTIONS = 10_000;

/**
 * Output as `outputs/<executionId>.jsonl`, after the lines of the original package's
 * `outputs/<executionId>.output` when connect found that file (read-only: appends go to the log),
 * appended to with O_APPEND, one write per call, up to
 * MAX_OUTPUT_BYTES per execution (see output-cap.ts). A range read and a length scan the file in
 * blocks (output-scan.ts), from the last position the OutputIndex knows before the range, or
 * backwards from the last one for a read of the end (output-tail.ts). A scan that passed over
 * STORE_AFTER_BYTES the file's sidecar did not cover stores the positions beside it
 * (output-index-file.ts) for the processes that read it later (the index and its sidecars are
 * off with the store's `cacheBytes: 0`; a read-only store only reads them). Range reads and the
 * length live in output-reads.ts, loaded by the first of them; the original package's lines, in
 * original-output.ts, loaded when connect found such a file.
 */
export class FileOutputRepository extends OutputRepository {
  #reads: OutputReads | undefined;
  /** Log lengths at sizes this process saw (known-lengths.ts), learnt by `length` and carried by appends. */
  readonly #lengths = new KnownLengths();
  /** The output's length each execution's last append left, when known (takeAppendedLength). */
  readonly #appended = new Map<string, number>();

  constructor(private readonly store: FileStore) {
    super();
  }

  async append(executionId: string, lines: string[], options?: AppendOptions): Promise<void> {
    const expected = options?.expectedRevision;
    const record = formatOutputRecord(lines);
    const file = this.path(executionId);
    this.#appended.delete(executionId);
    await this.store.writes.run(file, () =>
      this.store.io(file, 'append to', async () => {
        const append = () => this.store.appenders.append(file, record, checkOutputGrowth(executionId), this.store.durability, this.#lengths.has(file));
        const span = expected === undefined ? await append() : await this.whileAtExpectedRevision(executionId, expected, append);
        const length = this.#lengths.appended(file, span, lines.length);
        if (length !== undefined && this.store.originalOutputPath(executionId) === null) this.#remember(executionId, length);
      }),
    );
  }

  override takeAppendedLength(executionId: string): number | undefined {
    const length = this.#appended.get(executionId);
    this.#appended.delete(executionId);
    return length;
  }

  #remember(executionId: string, length: number): void {
    this.#appended.set(executionId, length);
    if (this.#appended.size > REMEMBERED_EXECUTIONS) this.#appended.delete(this.#appended.keys().next().value as string);
  }

  /**
   * Runs `work` holding the execution record's lock, if the record is at `revision` (saves take
   * the same lock), and the claim of the next revision, as a save from `revision` would
   * (revision-claims.ts): of the append and a save from that revision, one goes first.
   */
  private whileAtExpectedRevision<T>(executionId: string, revision: number, work: () => Promise<T>): Promise<T> {
    const executionFile = this.store.recordPath('executions', executionId);
    return withFileLock(executionFile, async () => {
      const claim = await claimRevision(executionFile, revision + 1);
      if (claim === null) throw new ConflictError('execution id', executionId, revision, revision, LIVE_CLAIM);
      try {
        const head = await storedHead(executionFile);
        const actual = head?.revision ?? null;
        if (actual !== revision) throw new ConflictError('execution id', executionId, revision, actual);
        // The step's lines come first, if its writer died before it appended them (step-output.ts).
        if (head?.step === true) await completeStoredStep(this.store, executionId, executionFile, head.revision, true);
        return await work();
      } finally {
        await claim.release();
      }
    });
  }

  async get(executionId: string, range?: OutputRange): Promise<string[]> {
    const checked = range === undefined ? undefined : { from: range.from ?? 0, limit: range.limit };
    const original = await this.originalLines(executionId);
    if (checked !== undefined) return this.getRangeAfter(original, executionId, checked);
    const file = this.path(executionId);
    // Decoded leniently: a record torn inside a multi-byte character must still read as torn.
    const read = await this.store.io(file, 'read', () => readFileAndStats(file, checkOutputReadable(file)));
    const lines = read === null ? [] : parseOutputLog(read.bytes.toString('utf8'), file);
    return original.length === 0 ? lines : [...original, ...lines];
  }

  /** The lines of the original package's output file of the execution, [] when there is none. */
  private async originalLines(executionId: string): Promise<string[]> {
    const file = this.store.originalOutputPath(executionId);
    if (file === null) return [];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { readOriginalOutput } = require('./original-output') as typeof OriginalOutputModule;
    return (await this.store.io(file, 'read', () => readOriginalOutput(file))) ?? [];
  }

  /** The range of the original lines followed by the log's. */
  private getRangeAfter(original: string[], executionId: string, range: CheckedOutputRange): Promise<string[]> {
    return rangeAfterOriginal(original, range, (logRange) => this.reads.range(this.path(executionId), logRange));
  }

  /** The range reads, loaded with the first range read, length or delete (output-reads.ts). */
  private get reads(): OutputReads {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (this.#reads ??= new (require('./output-reads') as typeof OutputReadsModule).OutputReads(this.store));
  }

  async length(executionId: string): Promise<number> {
    const original = (await this.originalLines(executionId)).length;
    const file = this.path(executionId);
    return original + (await this.reads.length(file, this.store.cache.enabled ? (stats, lines) => this.#lengths.seen(file, stats, lines) : undefined));
  }

  async delete(executionId: string): Promise<void> {
    const file = this.path(executionId);
    await this.store.writes.run(file, () =>
      this.store.io(file, 'delete', async () => {
        if (await this.belongsToAnother(executionId)) return;
        await this.store.appenders.drop(file);
        this.#lengths.forget(file);
        this.#appended.delete(executionId);
        await removeFileDurably(file, this.store.durability);
        await this.reads.forget(file);
        const original = this.store.originalOutputPath(executionId);
        if (original === null) return;
        await removeFileDurably(original, this.store.durability);
        this.store.forgetOriginalOutput(executionId);
      }),
    );
  }

  /**
   * Whether the execution file of `executionId` holds another id the file system does not tell
   * apart from it (`Report` and `report` on macOS): the output file is then that one's too.
   */
  private async belongsToAnother(executionId: string): Promise<boolean> {
    return holdsAnotherId((await storedHead(this.store.recordPath('executions', executionId)))?.id, executionId);
  }

  private path(executionId: string): string {
    return this.store.recordPath('outputs', executionId, '.jsonl');
  }
}
