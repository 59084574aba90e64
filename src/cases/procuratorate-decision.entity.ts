import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What a procuratorate decided on: an extension of investigative custody, or the prosecution of a transferred case. */
export type ProcuratorateDecisionKind = 'custody-extension' | 'prosecution';

/**
 * A decision of the procuratorate on a criminal case (`criminal_procuratorate_decision`), numbered per case and
 * kind: the n-th custody extension (刑事诉讼法第156、158、159条) or the n-th decision on a transfer for prosecution
 * (起诉, 不起诉, 退回补充侦查). The number is unique per case and kind, so two requests cannot record the same one.
 */
@Entity('criminal_procuratorate_decision')
export class ProcuratorateDecisionEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'case_id', type: 'varchar', length: 64 })
  caseId!: string;

  @Column({ name: 'kind', type: 'varchar', length: 32 })
  kind!: ProcuratorateDecisionKind;

  /** 1 for the first decision of its kind on the case, 2 for the second … */
  @Column({ name: 'ordinal', type: 'integer' })
  ordinal!: number;

  /** `approved` for a custody extension; `prosecute`, `not-prosecute` or `supplementary-investigation` for a prosecution decision. */
  @Column({ name: 'decision', type: 'varchar', length: 32 })
  decision!: string;

  /** The ground of a custody extension, e.g. `roving`. */
  @Column({ name: 'ground', type: 'varchar', length: 32, nullable: true })
  ground!: string | null;

  /** The article of the Criminal Procedure Law a custody extension rests on: `156`, `158` or `159`. */
  @Column({ name: 'article', type: 'varchar', length: 8, nullable: true })
  article!: string | null;

  /** Months a custody extension adds. */
  @Column({ name: 'months', type: 'integer', nullable: true })
  months!: number | null;

  /** The deciding procuratorate, e.g. 广东省人民检察院. */
  @Column({ name: 'procuratorate', type: 'varchar', length: 200 })
  procuratorate!: string;

  /** The number of the procuratorate's decision document. */
  @Column({ name: 'document_number', type: 'varchar', length: 64 })
  documentNumber!: string;

  /** The date of the decision, `YYYY-MM-DD`. */
  @Column({ name: 'decided_on', type: 'varchar', length: 10 })
  decidedOn!: string;

  @Column({ name: 'reasons', type: 'varchar', length: 2000, nullable: true })
  reasons!: string | null;

  @Column({ name: 'recorded_by', type: 'varchar', length: 64 })
  recordedBy!: string;

  @Column({ name: 'recorded_at', type: 'datetime' })
  recordedAt!: Date;
}
