import { Column, Entity, Index, ObjectIdColumn } from 'typeorm';
import type { FORMAT_VERSION } from '../codec/format-version';
import type { StoredText } from '../codec/text-codec';

/**
 * Consecutive lines of one execution's output (up to 4,096; one appendOutput call in chunks of
 * earlier versions); an execution's output is its chunks in `seq` order, and only the last may be
 * open to appends (src/repositories/mongodb/output-buckets.ts).
 */
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

  /** Its number of lines; absent in chunks written before open chunks. */
  @Column()
  n?: number;

  /** The estimated bytes of its lines (3 per UTF-16 unit), against the open chunk's limit. */
  @Column()
  bytes?: number;

  /** True while appends may push onto it: on the last chunk only. */
  @Column()
  open?: true;

  /** The mark of the last push onto it, so an appender can tell its retried push landed. */
  @Column()
  mark?: string;

  @Column()
  lines!: StoredText[];

  @Column()
  created!: Date;
}
