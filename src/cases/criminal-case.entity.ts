import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where a criminal case stands. */
export type CriminalCaseStatus =
  | 'filing-review' | 'filed' | 'detained' | 'arrest-requested' | 'arrested' | 'released' | 'on-bail' | 'under-surveillance'
  // transferred for prosecution (移送审查起诉), returned for supplementary investigation (补充侦查), withdrawn with the notices pending
  | 'prosecution-review' | 'supplementary-investigation' | 'withdrawn'
  | 'closed';

/** A criminal case (刑事案件) from filing review to the procuratorate's decision on prosecution, or withdrawal (`criminal_case`). */
@Entity('criminal_case')
export class CriminalCaseEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  /** Case number, the business key of its process; the procuratorate's decision is correlated by it. */
  @Column({ name: 'number', type: 'varchar', length: 32 })
  number!: string;

  @Column({ name: 'source_type', type: 'varchar', length: 16 })
  sourceType!: 'admin-case' | 'direct';

  @Column({ name: 'source_id', type: 'varchar', length: 64, nullable: true })
  sourceId!: string | null;

  @Column({ name: 'source_reference', type: 'varchar', length: 64, nullable: true })
  sourceReference!: string | null;

  @Column({ name: 'suspect_name', type: 'varchar', length: 64 })
  suspectName!: string;

  @Column({ name: 'suspect_resident_id', type: 'varchar', length: 18, nullable: true })
  suspectResidentId!: string | null;

  @Column({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode!: string;

  @Column({ name: 'status', type: 'varchar', length: 32 })
  status!: CriminalCaseStatus;

  /** The coercive measure in force: detention, arrest, bail, surveillance. */
  @Column({ name: 'measure', type: 'varchar', length: 32, nullable: true })
  measure!: string | null;

  @Column({ name: 'facts', type: 'text' })
  facts!: string;

  /**
   * How a closed case ended: `not-filed`, `prosecuted`, `not-prosecuted` or `withdrawn` (`transferred-for-prosecution`
   * on cases closed before the procuratorate's decision was recorded).
   */
  @Column({ name: 'outcome', type: 'varchar', length: 32, nullable: true })
  outcome!: string | null;

  @Column({ name: 'process_instance_id', type: 'varchar', length: 64, nullable: true })
  processInstanceId!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'closed_at', type: 'datetime', nullable: true })
  closedAt!: Date | null;
}
