import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An evidence item of a case (`case_evidence`): what it is, who collected it when, and the file with its SHA-256. */
@Entity('case_evidence')
export class CaseEvidenceEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'case_type', type: 'varchar', length: 16 })
  caseType!: 'admin' | 'criminal';

  @Column({ name: 'case_id', type: 'varchar', length: 64 })
  caseId!: string;

  /** 书证, 物证, 视听资料, 证人证言 …: `document`, `physical`, `audio-video`, `testimony`, `record`, `expert-opinion`. */
  @Column({ name: 'kind', type: 'varchar', length: 16 })
  kind!: string;

  @Column({ name: 'title', type: 'varchar', length: 200 })
  title!: string;

  @Column({ name: 'description', type: 'varchar', length: 2000, nullable: true })
  description!: string | null;

  @Column({ name: 'file_name', type: 'varchar', length: 255, nullable: true })
  fileName!: string | null;

  @Column({ name: 'media_type', type: 'varchar', length: 100, nullable: true })
  mediaType!: string | null;

  @Column({ name: 'size', type: 'integer', nullable: true })
  size!: number | null;

  /** Hex SHA-256 of the file, recorded when it was added. */
  @Column({ name: 'sha256', type: 'varchar', length: 64, nullable: true })
  sha256!: string | null;

  @Column({ name: 'storage_key', type: 'varchar', length: 128, nullable: true })
  storageKey!: string | null;

  @Column({ name: 'collected_by', type: 'varchar', length: 64 })
  collectedBy!: string;

  @Column({ name: 'collected_at', type: 'datetime' })
  collectedAt!: Date;
}
