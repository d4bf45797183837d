import { IsDate, IsIn, IsInt, IsString, MaxLength, Min } from 'class-validator';
import { Column, Entity, Index, ObjectIdColumn } from 'typeorm';
import {
  EXECUTION_STATES,
  type CVMValue,
  type Execution as ExecutionRecord,
  type ExecutionState,
  type Heap,
  type IteratorState,
} from '../types';
import { OptionalField } from '../validation/optional-field';
import { IsCvm } from '../validation/is-cvm';
import { IsSafeId } from '../validation/is-safe-id';
import { LIMITS } from '../validation/limits';

@Entity({ name: 'executions' })
// listExecutions/listPrograms sort by (created, id): this index serves that sort (docs/scaling.md).
@Index('executions_created_id', ['created', 'id'])
export class Execution implements ExecutionRecord {
  /** MongoDB's own key; never returned by the repositories. */
  @ObjectIdColumn()
  _id?: unknown;

  @Index('executions_id_unique', { unique: true })
  @Column()
  @IsSafeId()
  id!: string;

  @Column()
  @IsSafeId()
  programId!: string;

  @Column()
  @IsIn([...EXECUTION_STATES])
  state!: ExecutionState;

  @Column()
  @IsInt()
  @Min(0)
  pc!: number;

  @Column()
  @IsCvm('list')
  stack!: CVMValue[];

  @Column()
  @IsCvm('record')
  variables!: Record<string, CVMValue>;

  @Column({ nullable: true })
  @OptionalField()
  @IsCvm('iterators')
  iterators?: IteratorState[];

  @Column({ nullable: true })
  @OptionalField()
  @IsCvm('heap')
  heap?: Heap;

  @Column({ nullable: true })
  @OptionalField()
  @IsString()
  @MaxLength(LIMITS.maxStringLength)
  error?: string;

  @Column({ nullable: true })
  @OptionalField()
  @IsString()
  @MaxLength(LIMITS.maxStringLength)
  ccPrompt?: string;

  @Column({ nullable: true })
  @OptionalField()
  @IsCvm('value')
  returnValue?: CVMValue;

  @Column()
  @IsDate()
  created!: Date;

  @Column({ nullable: true })
  @OptionalField()
  @IsDate()
  updated?: Date;
}
