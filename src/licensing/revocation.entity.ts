import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where a revocation proposal stands: `proposed` while the leader decides, then how the procedure ended. */
export type RevocationStatus = 'proposed' | 'revoked' | 'not-revoked';

/** The leader's decision (`revocationDecision` of the decision form): 吊销, 训诫 or 不予处理. */
export type RevocationOutcome = 'revoke' | 'admonish' | 'dismiss';

/**
 * A proposal to revoke a guard certificate (吊销保安员证建议, `lic_revocation`): the certificate and its holder, the
 * facts of the request form, who proposed it, and how the `guard-certificate-revocation` procedure ended.
 */
@Entity('lic_revocation')
export class RevocationEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  /** The revocation procedure; null only between the proposal's insert and the start of its process. */
  @Column({ name: 'process_instance_id', type: 'varchar', length: 64, nullable: true })
  processInstanceId!: string | null;

  @Column({ name: 'certificate_id', type: 'varchar', length: 64 })
  certificateId!: string;

  /** The certificate's number (保安员证号), the business key of the procedure. */
  @Column({ name: 'certificate_number', type: 'varchar', length: 64 })
  certificateNumber!: string;

  @Column({ name: 'guard_name', type: 'varchar', length: 64 })
  guardName!: string;

  /** The certificate's place (division code), which decides who reads the proposal. */
  @Column({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode!: string;

  /** The unlawful conduct (违法情形) chosen on the request form. */
  @Column({ name: 'ground', type: 'varchar', length: 32 })
  ground!: string;

  /** 违法事实. */
  @Column({ name: 'facts', type: 'varchar', length: 2000 })
  facts!: string;

  /** 当事人陈述申辩或听证情况. */
  @Column({ name: 'statement_of_defence', type: 'varchar', length: 2000, nullable: true })
  statementOfDefence!: string | null;

  @Column({ name: 'status', type: 'varchar', length: 32 })
  status!: RevocationStatus;

  @Column({ name: 'outcome', type: 'varchar', length: 16, nullable: true })
  outcome!: RevocationOutcome | null;

  /** The leader's reasons (审批意见). */
  @Column({ name: 'decision_reason', type: 'varchar', length: 2000, nullable: true })
  decisionReason!: string | null;

  @Column({ name: 'proposed_by', type: 'varchar', length: 64 })
  proposedBy!: string;

  @Column({ name: 'proposed_at', type: 'datetime' })
  proposedAt!: Date;

  @Column({ name: 'decided_at', type: 'datetime', nullable: true })
  decidedAt!: Date | null;

  /** The certificate while the proposal is under way, null once decided; unique, so a certificate has one open proposal. */
  @Column({ name: 'open_certificate_id', type: 'varchar', length: 64, nullable: true })
  openCertificateId!: string | null;
}
