import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where an inspection stands. */
export type InspectionStatus = 'planned' | 'rectifying' | 'closed';

/** How an inspection ended. */
export type InspectionResult = 'compliant' | 'rectified' | 'case-referred';

/** A supervision inspection (监督检查) of a security company, in-house employer or training unit (`inspection`). */
@Entity('inspection')
export class InspectionEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  /** Inspection number (检查编号), the business key of its process. */
  @Column({ name: 'number', type: 'varchar', length: 32 })
  number!: string;

  /** `planned` (计划), `random` (双随机抽查) or `unannounced` (突击). */
  @Column({ name: 'kind', type: 'varchar', length: 16 })
  kind!: 'planned' | 'random' | 'unannounced';

  @Column({ name: 'unit_name', type: 'varchar', length: 200 })
  unitName!: string;

  @Column({ name: 'unit_credit_code', type: 'varchar', length: 18, nullable: true })
  unitCreditCode!: string | null;

  @Column({ name: 'unit_address', type: 'varchar', length: 300, nullable: true })
  unitAddress!: string | null;

  @Column({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode!: string;

  /** The group of officers who inspect, e.g. `station-440106`. */
  @Column({ name: 'inspector_group', type: 'varchar', length: 128 })
  inspectorGroup!: string;

  @Column({ name: 'status', type: 'varchar', length: 32 })
  status!: InspectionStatus;

  @Column({ name: 'result', type: 'varchar', length: 32, nullable: true })
  result!: InspectionResult | null;

  /** JSON array of the findings recorded on the inspection form. */
  @Column({ name: 'findings', type: 'text', nullable: true })
  findings!: string | null;

  @Column({ name: 'process_instance_id', type: 'varchar', length: 64, nullable: true })
  processInstanceId!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  /** The tip whose verification led to this inspection, if any. */
  @Column({ name: 'source_tip_id', type: 'varchar', length: 64, nullable: true })
  sourceTipId!: string | null;

  @Column({ name: 'planned_for', type: 'datetime', nullable: true })
  plannedFor!: Date | null;

  @Column({ name: 'inspected_at', type: 'datetime', nullable: true })
  inspectedAt!: Date | null;

  @Column({ name: 'rectification_due_at', type: 'datetime', nullable: true })
  rectificationDueAt!: Date | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'closed_at', type: 'datetime', nullable: true })
  closedAt!: Date | null;
}
