import { Column, Entity, Index, ObjectIdColumn } from 'typeorm';
import type { FORMAT_VERSION } from '../codec/format-version';
import type { StoredText } from '../codec/text-codec';

/** The lines of one appendOutput call; an execution's output is its chunks in `seq` order. */
@Entity({ name: 'output_chunks' })
@Index('output_chunks_execution_seq_unique', ['executionId', 'seq'], { unique: true })
export class OutputChunk {
  @ObjectIdColumn()
  _id?: unknown;

  @Column()
  format!: typeof FORMAT_VERSION;

  @Column()
  executionId!: string;

  @Column()
  seq!: number;

  @Column()
  lines!: StoredText[];

  @Column()
  created!: Date;
}
