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

  /**
   * The index of the chunk's first line in the execution's output, and the index just past its
   * last line (`first + lines.length`): what a range read and a length look up. Absent in chunks
   * written before them (format 1), and in every later chunk of an execution whose output began so.
   */
  @Column()
  first?: number;

  @Column()
  end?: number;

  @Column()
  lines!: StoredText[];

  @Column()
  created!: Date;
}
