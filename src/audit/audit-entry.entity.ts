import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';

/** 64-bit integer columns come back as strings from some drivers; sequence numbers stay far below 2^53. */
const bigintAsNumber: ValueTransformer = {
  to: (value: number | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/**
 * One entry of the tamper-evident audit log (`audit_entry`): who did what to which subject, when, from where.
 * Entries are only ever inserted; each carries the hash of the one before it (see `canonicalRecord`).
 */
@Entity('audit_entry')
export class AuditEntryEntity {
  /** Position in the chain: 1, 2, 3 … without gaps. */
  @PrimaryColumn({ name: 'sequence', type: 'bigint', transformer: bigintAsNumber })
  sequence!: number;

  /** When the entry was appended, to the millisecond. */
  @Column({ name: 'at', type: 'datetime', precision: 3 })
  at!: Date;

  /** The authenticated user who acted; null when nobody was (a failed login, the application itself). */
  @Column({ name: 'actor', type: 'varchar', length: 64, nullable: true })
  actor!: string | null;

  /** Stable dotted code of what happened, e.g. `auth.login-failed` or `tip.identity-read`. */
  @Column({ name: 'action', type: 'varchar', length: 64 })
  action!: string;

  /** Kind of the thing acted on, e.g. `user`, `tip`, `task`, `deployment`. */
  @Column({ name: 'subject_type', type: 'varchar', length: 64, nullable: true })
  subjectType!: string | null;

  @Column({ name: 'subject_id', type: 'varchar', length: 255, nullable: true })
  subjectId!: string | null;

  /** The details as canonical JSON text (`canonicalJson`); `{}` when there are none. */
  @Column({ name: 'details', type: 'text' })
  details!: string;

  /** The id of the HTTP request that caused the entry (`X-Request-Id`). */
  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;

  /** The caller's IP address as the server saw it. */
  @Column({ name: 'ip', type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  /** The hash of entry `sequence - 1`; 64 zeros for the first entry. */
  @Column({ name: 'previous_hash', type: 'varchar', length: 64 })
  previousHash!: string;

  /** This entry's hash, 64 lower-case hex digits. */
  @Column({ name: 'hash', type: 'varchar', length: 64 })
  hash!: string;

  /** `sm3` or `sha256`: how `hash` was computed. */
  @Column({ name: 'algorithm', type: 'varchar', length: 16 })
  algorithm!: string;
}

/**
 * The head of the chain (`audit_head`): a single row (id 1) with the last sequence number and hash. Appends lock
 * it, so that the chain never forks; verification compares it with the last entry, so that cut-off tails show.
 */
@Entity('audit_head')
export class AuditHeadEntity {
  @PrimaryColumn({ name: 'id', type: 'integer' })
  id!: number;

  @Column({ name: 'last_sequence', type: 'bigint', transformer: bigintAsNumber })
  lastSequence!: number;

  @Column({ name: 'last_hash', type: 'varchar', length: 64 })
  lastHash!: string;
}

/** The TypeORM entities of the audit log; pass them to `createDataSource({ entities })`. */
export const auditEntities = [AuditEntryEntity, AuditHeadEntity];
