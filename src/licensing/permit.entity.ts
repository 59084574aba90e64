import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { NotificationSubjectKind } from '../notifications/kinds.js';

/** A permit's life: issued, then active once the company is registered, or lapsed after 6 months without registration. */
export type PermitStatus = 'issued' | 'active' | 'lapsed' | 'revoked' | 'cancelled';

/** A Security Service Permit (保安服务许可证) (`lic_permit`). */
@Entity('lic_permit')
export class PermitEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'number', type: 'varchar', length: 64 })
  number!: string;

  @Column({ name: 'application_id', type: 'varchar', length: 64 })
  applicationId!: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 64, nullable: true })
  organisationId!: string | null;

  @Column({ name: 'holder_name', type: 'varchar', length: 200 })
  holderName!: string;

  @Column({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode!: string;

  /** JSON array of service types. */
  @Column({ name: 'services', type: 'text' })
  services!: string;

  @Column({ name: 'armed', type: 'smallint' })
  armed!: number;

  @Column({ name: 'status', type: 'varchar', length: 32 })
  status!: PermitStatus;

  @Column({ name: 'issued_at', type: 'datetime' })
  issuedAt!: Date;

  @Column({ name: 'registration_due_at', type: 'datetime', nullable: true })
  registrationDueAt!: Date | null;

  @Column({ name: 'registered_at', type: 'datetime', nullable: true })
  registeredAt!: Date | null;

  @Column({ name: 'lapsed_at', type: 'datetime', nullable: true })
  lapsedAt!: Date | null;

  /** The credit code reported at business registration. */
  @Column({ name: 'credit_code', type: 'varchar', length: 18, nullable: true })
  creditCode!: string | null;
}

/** A guard certificate (保安员证) (`lic_guard_certificate`). */
@Entity('lic_guard_certificate')
export class GuardCertificateEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'number', type: 'varchar', length: 64 })
  number!: string;

  @Column({ name: 'application_id', type: 'varchar', length: 64 })
  applicationId!: string;

  @Column({ name: 'person_id', type: 'varchar', length: 64 })
  personId!: string;

  @Column({ name: 'resident_id', type: 'varchar', length: 18 })
  residentId!: string;

  @Column({ name: 'holder_name', type: 'varchar', length: 64 })
  holderName!: string;

  @Column({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode!: string;

  @Column({ name: 'status', type: 'varchar', length: 32 })
  status!: 'valid' | 'revoked';

  @Column({ name: 'issued_at', type: 'datetime' })
  issuedAt!: Date;

  @Column({ name: 'revoked_at', type: 'datetime', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revocation_reason', type: 'varchar', length: 1000, nullable: true })
  revocationReason!: string | null;
}

/** An official document (文书) issued in a procedure, with the code anyone can verify it by (`lic_official_document`). */
@Entity('lic_official_document')
export class OfficialDocumentEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  /** Document number (文号), unique. */
  @Column({ name: 'number', type: 'varchar', length: 64 })
  number!: string;

  @Column({ name: 'type', type: 'varchar', length: 48 })
  type!: string;

  @Column({ name: 'title', type: 'varchar', length: 100 })
  title!: string;

  @Column({ name: 'application_id', type: 'varchar', length: 64, nullable: true })
  applicationId!: string | null;

  @Column({ name: 'process_instance_id', type: 'varchar', length: 64, nullable: true })
  processInstanceId!: string | null;

  @Column({ name: 'holder_name', type: 'varchar', length: 200 })
  holderName!: string;

  @Column({ name: 'verification_code', type: 'varchar', length: 16 })
  verificationCode!: string;

  /** The rendered, printable HTML. */
  @Column({ name: 'html', type: 'text' })
  html!: string;

  /** The data it was rendered from, as JSON text. */
  @Column({ name: 'data', type: 'text' })
  data!: string;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status!: 'valid' | 'void';

  @Column({ name: 'issued_at', type: 'datetime' })
  issuedAt!: Date;

  /** The issuing authority (发文机关), e.g. `广州市公安局`. */
  @Column({ name: 'issued_by', type: 'varchar', length: 64 })
  issuedBy!: string;

  /** Makes issuing idempotent when a worker's task is delivered twice. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 255 })
  idempotencyKey!: string;
}

/** The next value of a numbering sequence, e.g. permits of 2026 (`lic_number_sequence`). */
@Entity('lic_number_sequence')
export class NumberSequenceEntity {
  @PrimaryColumn({ name: 'name', type: 'varchar', length: 64 })
  name!: string;

  @Column({ name: 'next_value', type: 'integer' })
  nextValue!: number;
}

/** A statutory clock of a procedure (`lic_clock`). */
@Entity('lic_clock')
export class ClockEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'application_id', type: 'varchar', length: 64, nullable: true })
  applicationId!: string | null;

  @Column({ name: 'process_instance_id', type: 'varchar', length: 64 })
  processInstanceId!: string;

  /** The clock's name in its process, e.g. `acceptance`; its due date is the variable `<name>DueAt`. */
  @Column({ name: 'name', type: 'varchar', length: 48 })
  name!: string;

  /** Id of the deadline rule, e.g. `P1`. */
  @Column({ name: 'rule_id', type: 'varchar', length: 16 })
  ruleId!: string;

  /** Group warned before and after the due date. */
  @Column({ name: 'responsible_group', type: 'varchar', length: 128, nullable: true })
  responsibleGroup!: string | null;

  @Column({ name: 'started_at', type: 'datetime' })
  startedAt!: Date;

  @Column({ name: 'due_at', type: 'datetime' })
  dueAt!: Date;

  @Column({ name: 'warn_at', type: 'datetime' })
  warnAt!: Date;

  /** The period's length when an officer set it instead of the rule's (same unit); null = the rule's. */
  @Column({ name: 'amount', type: 'integer', nullable: true })
  amount!: number | null;

  /** JSON array of `{from, to}` ISO instants. */
  @Column({ name: 'pauses', type: 'text' })
  pauses!: string;

  @Column({ name: 'paused_at', type: 'datetime', nullable: true })
  pausedAt!: Date | null;

  @Column({ name: 'stopped_at', type: 'datetime', nullable: true })
  stoppedAt!: Date | null;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status!: 'running' | 'paused' | 'stopped';
}

/** A message in an inbox: a user's (the applicant) or a group's (reviewers' warnings) (`lic_notification`). */
@Entity('lic_notification')
export class NotificationEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'recipient_type', type: 'varchar', length: 16 })
  recipientType!: 'user' | 'group';

  @Column({ name: 'recipient', type: 'varchar', length: 128 })
  recipient!: string;

  /** `status`, `document`, `warning`, `escalation`. */
  @Column({ name: 'kind', type: 'varchar', length: 32 })
  kind!: string;

  @Column({ name: 'title', type: 'varchar', length: 200 })
  title!: string;

  @Column({ name: 'body', type: 'varchar', length: 2000 })
  body!: string;

  @Column({ name: 'application_id', type: 'varchar', length: 64, nullable: true })
  applicationId!: string | null;

  /** What it is about (a `NotificationSubjectKind` of src/notifications/kinds.ts); null on notifications stored before subjects were recorded. */
  @Column({ name: 'subject_kind', type: 'varchar', length: 16, nullable: true })
  subjectKind!: NotificationSubjectKind | null;

  /** The id of what it is about: a task id, a process instance id, an application id or a task list's name. */
  @Column({ name: 'subject_id', type: 'varchar', length: 64, nullable: true })
  subjectId!: string | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'read_at', type: 'datetime', nullable: true })
  readAt!: Date | null;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 255 })
  idempotencyKey!: string;

  /** When the notification dispatcher (src/notifications) took it up for e-mail and SMS; null until then. Not loaded by default. */
  @Column({ name: 'dispatched_at', type: 'datetime', precision: 3, nullable: true, select: false })
  dispatchedAt!: Date | null;
}
