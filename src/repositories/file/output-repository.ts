import { assertValidId } from '../../validation/ids';
import { validateOutputLines } from '../../validation/validate-record';
import { takeValidated } from '../../validation/validated-copies';
import { OutputRepository } from '../output-repository';
import { appendFileDurably, readFileAndStats, removeFileDurably } from './durable-fs';
import type { FileStore } from './file-store';
import { checkOutputGrowth, checkOutputReadable } from './output-limit';
import { formatOutputRecord, parseOutputLog } from './output-log';
import { ConflictError } from '../../errors';
import { expectedRevisionOf } from '../../validation/expected-revision';
import type { AppendOptions } from '../output-repository';
import { withFileLock } from './file-lock';
import { storedRevision } from './stored-revision';

/**
 * Output as `outputs/<executionId>.jsonl`, appended to with O_APPEND, one write per call, up to
 * MAX_OUTPUT_BYTES per execution (see output-limit.ts).
 */
export class FileOutputRepository extends OutputRepository {
  constructor(private readonly store: FileStore) {
    super();
  }

  async append(executionId: string, lines: string[], options?: AppendOptions): Promise<void> {
    this.store.assertConnected();
    assertValidId(executionId, 'execution id');
    const expected = expectedRevisionOf(options, 'AppendOptions', false) ?? undefined;
    if (!takeValidated(lines)) validateOutputLines(lines);
    if (lines.length === 0) return;
    const record = formatOutputRecord(lines);
    const file = this.path(executionId);
    const append = () => appendFileDurably(file, record, checkOutputGrowth(executionId), this.store.durability);
    await this.store.writes.run(file, () =>
      this.store.io(file, 'append to', () => (expected === undefined ? append() : this.whileAt(executionId, expected, append))),
    );
  }

  /** Runs `work` holding the execution record's lock, if the record is at `revision` (saves take the same lock). */
  private whileAt(executionId: string, revision: number, work: () => Promise<void>): Promise<void> {
    const executionFile = this.store.recordPath('executions', executionId);
    return withFileLock(executionFile, async () => {
      const actual = await storedRevision(executionFile);
      if (actual !== revision) throw new ConflictError('execution id', executionId, revision, actual);
      await work();
    });
  }

  async get(executionId: string): Promise<string[]> {
    this.store.assertConnected();
    assertValidId(executionId, 'execution id');
    const file = this.path(executionId);
    // Decoded leniently: a record torn inside a multi-byte character must still read as torn.
    const read = await this.store.io(file, 'read', () => readFileAndStats(file, checkOutputReadable(file)));
    return read === null ? [] : parseOutputLog(read.bytes.toString('utf8'), file);
  }

  async delete(executionId: string): Promise<void> {
    this.store.assertConnected();
    assertValidId(executionId, 'execution id');
    const file = this.path(executionId);
    await this.store.writes.run(file, () => this.store.io(file, 'delete', () => removeFileDurably(file, this.store.durability)));
  }

  private path(executionId: string): string {
    return this.store.recordPath('outputs', executionId, '.jsonl');
  }
}
