import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { RecordType } from './record-types.js';

/** One entry of the register of people with disqualifying records (`record_entry`). */
@Entity('record_entry')
@Index('ix_record_entry_resident_id', ['residentId'])
@Index('ix_record_entry_name', ['name'])
export class RecordEntry {
  /** A random UUID. */
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36 })
  id!: string;

  /** The 18-character resident ID number (check character upper-case), or null when the record only carries a name. */
  @Column({ name: 'resident_id', type: 'varchar', length: 18, nullable: true })
  residentId!: string | null;

  /** The person's name as the record gives it, e.g. `张伟`. */
  @Column({ name: 'name', type: 'varchar', length: 64 })
  name!: string;

  @Column({ name: 'record_type', type: 'varchar', length: 32 })
  recordType!: RecordType;

  /** The day of the decision or event, `YYYY-MM-DD`. */
  @Column({ name: 'occurred_on', type: 'varchar', length: 10 })
  occurredOn!: string;

  /** Where the record comes from, e.g. the issuing authority or the name of the imported file. */
  @Column({ name: 'source', type: 'varchar', length: 128 })
  source!: string;

  @Column({ name: 'note', type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  /** User id of the administrator who added or imported the entry. */
  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;
}
