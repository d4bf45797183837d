import { Column, Entity, Index, ObjectIdColumn } from 'typeorm';
import type { FORMAT_VERSION } from '../codec/format-version';

/**
 * One past state of an execution (`history: { keep }`): the execution document as saved at
 * `revision`, with the output length it had then. Written and read by name through the driver
 * (src/repositories/mongodb/history-repository.ts), which creates its indexes on first use, so a
 * DataSource built from CVM_STORAGE_ENTITIES needs nothing more; this class types the document.
 */
@Entity({ name: 'execution_history' })
@Index('execution_history_execution_revision_unique', ['executionId', 'revision'], { unique: true })
export class ExecutionHistoryEntry {
  @ObjectIdColumn()
  _id?: unknown;

  @Column()
  format!: typeof FORMAT_VERSION;

  @Column()
  executionId!: string;

  @Column()
  revision!: number;

  @Column()
  outputLength!: number;

  /** The execution document (executionCodec), as the executions collection stores it. */
  @Column()
  execution!: object;
}
