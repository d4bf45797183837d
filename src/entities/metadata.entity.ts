import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Column, Entity, Index, ObjectIdColumn } from 'typeorm';

/** One key-value setting of the store, such as which execution is current. */
@Entity({ name: 'metadata' })
export class Metadata {
  @ObjectIdColumn()
  _id?: unknown;

  @Index('metadata_key_unique', { unique: true })
  @Column()
  @IsString()
  @MaxLength(200)
  key!: string;

  @Column({ nullable: true })
  @IsOptional()
  @IsString()
  value!: string | null;
}

export const CURRENT_EXECUTION_KEY = 'currentExecutionId';
