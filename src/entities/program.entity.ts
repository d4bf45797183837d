import { Column, Entity, Index, ObjectIdColumn } from 'typeorm';
import type { FORMAT_VERSION } from '../codec/format-version';
import type { ProgramDocument } from '../codec/record-codec';
import type { Encoded } from '../codec/value-codec';
import type { StoredText } from '../codec/text-codec';
import type { Instruction } from './instruction';

/**
 * A program as the `programs` collection stores it (record-codec.ts): texts as StoredText,
 * extra fields under escaped `~` names. The repositories turn it into the Program record type.
 */
@Entity({ name: 'programs' })
// listExecutions/listPrograms sort by (created, id): this index serves that sort (docs/scaling.md).
@Index('programs_created_id', ['created', 'id'])
export class Program implements ProgramDocument {
  [escapedKey: `~${string}`]: Encoded;

  /** MongoDB's own key; never returned by the repositories. */
  @ObjectIdColumn()
  _id?: unknown;

  /** The storage's count of saves: 1 when created, one more on every save (absent in format 1: 1). */
  @Column()
  revision!: number;

  @Column()
  format!: typeof FORMAT_VERSION;

  @Index('programs_id_unique', { unique: true })
  @Column()
  id!: string;

  @Column()
  name!: StoredText;

  @Column()
  source!: StoredText;

  @Column()
  bytecode!: Instruction[];

  @Column()
  created!: Date;

  @Column({ nullable: true })
  updated?: Date;
}
