import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where an application or filing stands, as the applicant and the reviewers see it. */
export type ApplicationStatus =
  | 'draft'
  | 'submitted'
  | 'correction-requested'
  | 'accepted'
  | 'not-accepted'
  | 'under-review'
  | 'on-site-check'
  | 'eligible'
  | 'granted'
  | 'refused'
  | 'recorded'
  | 'withdrawn'
  | 'lapsed'
  | 'registered'
  | 'revoked';

/** Chinese labels of the statuses, for the applicant's inbox; its keys are every status there is. */
export const APPLICATION_STATUS_LABELS: Readonly<Record<ApplicationStatus, string>> = {
  draft: '草稿', submitted: '已提交', 'correction-requested': '待补正', accepted: '已受理', 'not-accepted': '不予受理',
  'under-review': '审核中', 'on-site-check': '实地核查', eligible: '资格审核通过', granted: '准予许可', refused: '不予许可/不予备案',
  recorded: '已备案', withdrawn: '视为撤回', lapsed: '许可证失效', registered: '已办理工商登记', revoked: '已吊销',
};

/** An application for a permit or certificate, or a filing, from its draft to its outcome (`lic_application`). */
@Entity('lic_application')
export class ApplicationEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  /** Application number (申请编号), assigned on submission; the process instance's business key. */
  @Column({ name: 'number', type: 'varchar', length: 32, nullable: true })
  number!: string | null;

  /** The procedure, equal to the BPMN process id, e.g. `security-company-permit`. */
  @Column({ name: 'procedure_key', type: 'varchar', length: 64 })
  procedureKey!: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 64, nullable: true })
  organisationId!: string | null;

  /** The person concerned (the guard of a certificate application). */
  @Column({ name: 'person_id', type: 'varchar', length: 64, nullable: true })
  personId!: string | null;

  @Column({ name: 'applicant_user_id', type: 'varchar', length: 64 })
  applicantUserId!: string;

  /** Administrative division code that decides which city handles it (for a cross-region filing: where the service is given). */
  @Column({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode!: string;

  @Column({ name: 'title', type: 'varchar', length: 200 })
  title!: string;

  /** The application form's values, as JSON text. */
  @Column({ name: 'data', type: 'text' })
  data!: string;

  @Column({ name: 'status', type: 'varchar', length: 32 })
  status!: ApplicationStatus;

  @Column({ name: 'process_instance_id', type: 'varchar', length: 64, nullable: true })
  processInstanceId!: string | null;

  /** Optimistic lock: every change increments it. */
  @Column({ name: 'version', type: 'integer' })
  version!: number;

  @Column({ name: 'submitted_at', type: 'datetime', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'decided_at', type: 'datetime', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;
}

/** A file the applicant uploaded for an item of the document checklist (`lic_application_document`). */
@Entity('lic_application_document')
export class ApplicationDocumentEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'application_id', type: 'varchar', length: 64 })
  applicationId!: string;

  /** Checklist item the file answers, e.g. `articles-of-association`. */
  @Column({ name: 'kind', type: 'varchar', length: 64 })
  kind!: string;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName!: string;

  @Column({ name: 'media_type', type: 'varchar', length: 100 })
  mediaType!: string;

  @Column({ name: 'size', type: 'integer' })
  size!: number;

  /** Hex SHA-256 of the content, recorded at upload. */
  @Column({ name: 'sha256', type: 'varchar', length: 64 })
  sha256!: string;

  /** Where the file store keeps the content. */
  @Column({ name: 'storage_key', type: 'varchar', length: 128 })
  storageKey!: string;

  @Column({ name: 'uploaded_by', type: 'varchar', length: 64 })
  uploadedBy!: string;

  @Column({ name: 'uploaded_at', type: 'datetime' })
  uploadedAt!: Date;

  /** 0 for the first submission, n for the n-th correction round. */
  @Column({ name: 'round', type: 'integer' })
  round!: number;
}

/** One step of a subject's status history (`lic_status_event`). */
@Entity('lic_status_event')
export class StatusEventEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'subject_type', type: 'varchar', length: 32 })
  subjectType!: 'application' | 'permit' | 'guard-certificate';

  @Column({ name: 'subject_id', type: 'varchar', length: 64 })
  subjectId!: string;

  @Column({ name: 'status', type: 'varchar', length: 32 })
  status!: string;

  @Column({ name: 'note', type: 'varchar', length: 1000, nullable: true })
  note!: string | null;

  /** User id, or `system` for automated steps. */
  @Column({ name: 'actor', type: 'varchar', length: 64 })
  actor!: string;

  @Column({ name: 'at', type: 'datetime' })
  at!: Date;

  /** Order within the subject (timestamps of one second may tie). */
  @Column({ name: 'seq', type: 'integer' })
  seq!: number;
}
