import { IsArray, IsDate, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { Column, Entity, Index, ObjectIdColumn } from 'typeorm';
import type { Program as ProgramRecord } from '../types';
import { OptionalField } from '../validation/optional-field';
import { IsSafeId } from '../validation/is-safe-id';
import { LIMITS } from '../validation/limits';
import { Instruction } from './instruction';

@Entity({ name: 'programs' })
// listExecutions/listPrograms sort by (created, id): this index serves that sort (docs/scaling.md).
@Index('programs_created_id', ['created', 'id'])
export class Program implements ProgramRecord {
  /** MongoDB's own key; never returned by the repositories. */
  @ObjectIdColumn()
  _id?: unknown;

  @Index('programs_id_unique', { unique: true })
  @Column()
  @IsSafeId()
  id!: string;

  @Column()
  @IsString()
  @Length(0, LIMITS.maxNameLength)
  name!: string;

  @Column()
  @IsString()
  @MaxLength(LIMITS.maxStringLength)
  source!: string;

  @Column()
  @IsArray()
  @ValidateNested({ each: true })
  bytecode!: Instruction[];

  @Column()
  @IsDate()
  created!: Date;

  @Column({ nullable: true })
  @OptionalField()
  @IsDate()
  updated?: Date;
}
