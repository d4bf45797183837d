import { Column, Entity, Index, ObjectIdColumn } from 'typeorm';
import type { FORMAT_VERSION } from '../codec/format-version';

export { CURRENT_EXECUTION_KEY } from '../repositories/current-execution-key';

/** One key-value setting of the store, such as which execution is current. */
@Entity({ name: 'metadata' })
export class Metadata {
  @ObjectIdColumn()
  _id?: unknown;

  @Column()
  format!: typeof FORMAT_VERSION;

  @Index('metadata_key_unique', { unique: true })
  @Column()
  key!: string;

  @Column({ nullable: true })
  value!: string | null;
}
