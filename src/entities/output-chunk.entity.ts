import { IsArray, IsDate, IsInt, IsString, MaxLength, Min } from 'class-validator';
import { Column, Entity, Index, ObjectIdColumn } from 'typeorm';
import { IsSafeId } from '../validation/is-safe-id';
import { LIMITS } from '../validation/limits';

/** The lines of one appendOutput call; an execution's output is its chunks in `seq` order. */
@Entity({ name: 'output_chunks' })
@Index('output_chunks_execution_seq_unique', ['executionId', 'seq'], { unique: true })
export class OutputChunk {
  @ObjectIdColumn()
  _id?: unknown;

  @Column()
  @IsSafeId()
  executionId!: string;

  @Column()
  @IsInt()
  @Min(0)
  seq!: number;

  @Column()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(LIMITS.maxStringLength, { each: true })
  lines!: string[];

  @Column()
  @IsDate()
  created!: Date;
}
