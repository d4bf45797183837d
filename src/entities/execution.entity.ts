import { Column, Entity, Index, ObjectIdColumn } from 'typeorm';
import type { FORMAT_VERSION } from '../codec/format-version';
import type { ExecutionDocument } from '../codec/record-codec';
import type { Encoded } from '../codec/value-codec';

/**
 * An execution as the `executions` collection stores it (record-codec.ts): values encoded, extra
 * fields under escaped `~` names. The repositories turn it into the Execution record type.
 */
@Entity({ name: 'executions' })
// listExecutions/listPrograms sort by (created, id): this index serves that sort (docs/scaling.md).
@Index('executions_created_id', ['created', 'id'])
// queryExecutions with `state` (and pruneExecutions with `states`), and with `programId`: equality
// on the prefix, then the same (created, id) order, so neither sorts in memory (docs/scaling.md).
@Index('executions_state_created_id', ['state', 'created', 'id'])
@Index('executions_program_created_id', ['programId', 'created', 'id'])
export class Execution implements ExecutionDocument {
  [escapedKey: `~${string}`]: Encoded;

  /** MongoDB's own key; never returned by the repositories. */
  @ObjectIdColumn()
  _id?: unknown;

  /** The storage's count of saves: 1 when created, one more on every save (absent in format 1: 1). */
  @Column()
  revision!: number;

  @Column()
  format!: typeof FORMAT_VERSION;

  @Index('executions_id_unique', { unique: true })
  @Column()
  id!: string;

  @Column()
  programId!: string;

  /** One of EXECUTION_STATES, or any other state a compatible-mode writer stored. */
  @Column()
  state!: string;

  @Column()
  pc!: number;

  @Column()
  stack!: Encoded;

  @Column()
  variables!: Encoded;

  @Column({ nullable: true })
  iterators?: Encoded;

  @Column({ nullable: true })
  heap?: Encoded;

  @Column({ nullable: true })
  error?: Encoded;

  @Column({ nullable: true })
  ccPrompt?: Encoded;

  @Column({ nullable: true })
  returnValue?: Encoded;

  @Column()
  created!: Date;

  @Column({ nullable: true })
  updated?: Date;
}
