import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where an administrative case stands. */
export type AdminCaseStatus = 'investigating' | 'notified' | 'reviewing' | 'decided' | 'closed';

/** An administrative case (行政案件) against a unit or a person (`admin_case`). */
@Entity('admin_case')
export class AdminCaseEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  /** Case number (案件编号), the business key of its process. */
  @Column({ name: 'number', type: 'varchar', length: 32 })
  number!: string;

  /** What opened it: a tip, an inspection, or an officer directly. */
  @Column({ name: 'source_type', type: 'varchar', length: 16 })
  sourceType!: 'tip' | 'inspection' | 'direct';

  @Column({ name: 'source_id', type: 'varchar', length: 64, nullable: true })
  sourceId!: string | null;

  /** The source's own number: a tip's tracking code or an inspection's number. */
  @Column({ name: 'source_reference', type: 'varchar', length: 64, nullable: true })
  sourceReference!: string | null;

  @Column({ name: 'party_kind', type: 'varchar', length: 8 })
  partyKind!: 'unit' | 'person';

  @Column({ name: 'party_name', type: 'varchar', length: 200 })
  partyName!: string;

  /** Credit code of a unit or resident ID of a person, when known. */
  @Column({ name: 'party_identifier', type: 'varchar', length: 18, nullable: true })
  partyIdentifier!: string | null;

  @Column({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode!: string;

  @Column({ name: 'status', type: 'varchar', length: 32 })
  status!: AdminCaseStatus;

  /** Id of the violation in the penalty catalogue. */
  @Column({ name: 'violation_id', type: 'varchar', length: 32, nullable: true })
  violationId!: string | null;

  @Column({ name: 'facts', type: 'text' })
  facts!: string;

  @Column({ name: 'decision', type: 'varchar', length: 32, nullable: true })
  decision!: 'penalty' | 'no-penalty' | 'transferred-criminal' | null;

  @Column({ name: 'penalty', type: 'varchar', length: 500, nullable: true })
  penalty!: string | null;

  /** Fine in yuan. */
  @Column({ name: 'fine_amount', type: 'integer', nullable: true })
  fineAmount!: number | null;

  @Column({ name: 'process_instance_id', type: 'varchar', length: 64, nullable: true })
  processInstanceId!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'decided_at', type: 'datetime', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'datetime', nullable: true })
  closedAt!: Date | null;
}
