import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where a tip stands. */
export type TipStatus = 'received' | 'verifying' | 'closed' | 'transferred';

/** How a tip ended. */
export type TipOutcome = 'duplicate' | 'not-police' | 'transferred' | 'unfounded' | 'rectification' | 'administrative-case' | 'criminal-case' | 'other-authority';

/** A complaint or tip about security companies, employers, training units or guards (`tip`); the complainant's identity is in `tip_complainant`. */
@Entity('tip')
export class TipEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  /** Public tracking code (查询码); with the secret it shows the complainant the progress. */
  @Column({ name: 'tracking_code', type: 'varchar', length: 16 })
  trackingCode!: string;

  /** SHA-256 of the secret handed to the complainant once. */
  @Column({ name: 'secret_hash', type: 'varchar', length: 64 })
  secretHash!: string;

  @Column({ name: 'channel', type: 'varchar', length: 16 })
  channel!: 'portal' | 'phone' | 'window';

  @Column({ name: 'anonymous', type: 'smallint' })
  anonymous!: number;

  /** 1 when the complainant asked that name and report be kept secret (公安机关办理行政案件程序规定第六十三条). */
  @Column({ name: 'confidential', type: 'smallint' })
  confidential!: number;

  @Column({ name: 'category', type: 'varchar', length: 32 })
  category!: string;

  @Column({ name: 'subject_name', type: 'varchar', length: 200 })
  subjectName!: string;

  @Column({ name: 'subject_credit_code', type: 'varchar', length: 18, nullable: true })
  subjectCreditCode!: string | null;

  @Column({ name: 'subject_certificate_number', type: 'varchar', length: 64, nullable: true })
  subjectCertificateNumber!: string | null;

  @Column({ name: 'subject_address', type: 'varchar', length: 300, nullable: true })
  subjectAddress!: string | null;

  /** Division code of the place; decides the city that handles it. */
  @Column({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode!: string;

  @Column({ name: 'facts', type: 'text' })
  facts!: string;

  @Column({ name: 'occurred_at', type: 'datetime', nullable: true })
  occurredAt!: Date | null;

  @Column({ name: 'status', type: 'varchar', length: 32 })
  status!: TipStatus;

  @Column({ name: 'outcome', type: 'varchar', length: 32, nullable: true })
  outcome!: TipOutcome | null;

  /** What the complainant is told (反馈), written for them; never the officers' internal notes. */
  @Column({ name: 'feedback', type: 'varchar', length: 2000, nullable: true })
  feedback!: string | null;

  @Column({ name: 'process_instance_id', type: 'varchar', length: 64, nullable: true })
  processInstanceId!: string | null;

  /** The station or squad group verifying it (e.g. `station-440106`). */
  @Column({ name: 'assigned_group', type: 'varchar', length: 128, nullable: true })
  assignedGroup!: string | null;

  @Column({ name: 'duplicate_of', type: 'varchar', length: 64, nullable: true })
  duplicateOf!: string | null;

  @Column({ name: 'rating', type: 'integer', nullable: true })
  rating!: number | null;

  @Column({ name: 'rating_comment', type: 'varchar', length: 500, nullable: true })
  ratingComment!: string | null;

  /** Wrong secrets in a row; the code locks after too many. */
  @Column({ name: 'failed_attempts', type: 'integer' })
  failedAttempts!: number;

  @Column({ name: 'locked_until', type: 'datetime', nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'version', type: 'integer' })
  version!: number;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;

  @Column({ name: 'closed_at', type: 'datetime', nullable: true })
  closedAt!: Date | null;
}

/** Who reported a tip (`tip_complainant`): read only through `TipService.complainant`, which logs every read. */
@Entity('tip_complainant')
export class TipComplainantEntity {
  @PrimaryColumn({ name: 'tip_id', type: 'varchar', length: 64 })
  tipId!: string;

  @Column({ name: 'name', type: 'varchar', length: 64 })
  name!: string;

  @Column({ name: 'resident_id', type: 'varchar', length: 18, nullable: true })
  residentId!: string | null;

  @Column({ name: 'phone', type: 'varchar', length: 32, nullable: true })
  phone!: string | null;

  @Column({ name: 'address', type: 'varchar', length: 300, nullable: true })
  address!: string | null;
}

/** One read of a complainant's identity: who, when, why (`tip_identity_read`). */
@Entity('tip_identity_read')
export class TipIdentityReadEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'tip_id', type: 'varchar', length: 64 })
  tipId!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 64 })
  userId!: string;

  @Column({ name: 'purpose', type: 'varchar', length: 200 })
  purpose!: string;

  @Column({ name: 'at', type: 'datetime' })
  at!: Date;
}

/** A message on a tip: information the complainant adds, or a note of an officer (`tip_message`). */
@Entity('tip_message')
export class TipMessageEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'tip_id', type: 'varchar', length: 64 })
  tipId!: string;

  @Column({ name: 'author_kind', type: 'varchar', length: 16 })
  authorKind!: 'complainant' | 'officer';

  /** The officer's user id; null for the complainant. */
  @Column({ name: 'author', type: 'varchar', length: 64, nullable: true })
  author!: string | null;

  @Column({ name: 'body', type: 'varchar', length: 4000 })
  body!: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  /** 1 when the complainant sees it (their own additions); officers' notes are internal. */
  @Column({ name: 'public', type: 'smallint' })
  public!: number;
}

/** A file the complainant handed in with a tip (`tip_attachment`), kept outside the database with its SHA-256. */
@Entity('tip_attachment')
export class TipAttachmentEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'tip_id', type: 'varchar', length: 64 })
  tipId!: string;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName!: string;

  @Column({ name: 'media_type', type: 'varchar', length: 100 })
  mediaType!: string;

  @Column({ name: 'size', type: 'integer' })
  size!: number;

  @Column({ name: 'sha256', type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ name: 'storage_key', type: 'varchar', length: 128 })
  storageKey!: string;

  @Column({ name: 'uploaded_at', type: 'datetime' })
  uploadedAt!: Date;
}
