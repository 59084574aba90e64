import type { DataSource, EntityManager } from 'typeorm';
import { UnexpectedError, ValidationError, type ValidationIssue } from '../errors.js';
import type { AuditContext } from './audit-context.js';
import { AuditEntryEntity, AuditHeadEntity } from './audit-entry.entity.js';
import {
  AUDIT_GENESIS_HASH,
  entryHash,
  isSupportedAlgorithm,
  PREFERRED_AUDIT_HASH_ALGORITHM,
  type AuditHashAlgorithm,
  type AuditHashedFields,
} from './audit-hash.js';
import { canonicalJson, type JsonValue } from './canonical-json.js';
import { localize } from '../language.js';

/** An action code: lower-case dotted segments of letters, digits and `-`, at least two, e.g. `auth.login-failed`. */
export const AUDIT_ACTION_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/** An action code or a prefix of whole segments of one, e.g. `auth`, `task` or `task.complete`. */
export const AUDIT_ACTION_PREFIX_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

/** A subject type: one lower-case segment, e.g. `user`, `tip`, `task`, `deployment`. */
export const AUDIT_SUBJECT_TYPE_PATTERN = /^[a-z][a-z0-9-]*$/;

/** Most entries {@link AuditLog.list} returns at once. */
export const MAX_AUDIT_PAGE = 200;

/** The details of an entry: a JSON object; members that are `undefined` are left out. */
export type AuditDetails = { [key: string]: JsonValue | undefined };

/** What to record; see {@link AuditLog.append}. */
export interface AuditEntryInput extends AuditContext {
  /** Stable dotted code of what happened, e.g. `auth.login`, `tip.identity-read`, `task.complete` ({@link AUDIT_ACTION_PATTERN}). */
  action: string;
  /** Kind of the thing acted on, e.g. `user` ({@link AUDIT_SUBJECT_TYPE_PATTERN}). */
  subjectType?: string | null;
  /** Id of the thing acted on. */
  subjectId?: string | null;
  /** What else an auditor needs to know; never secrets such as passwords. */
  details?: AuditDetails;
}

/**
 * One entry of the audit log as the application shows it: the hashed fields (details being the stored text itself
 * when it is no longer valid JSON, a tampered entry), its hash, and the algorithm as stored.
 */
export interface AuditEntry extends Omit<AuditHashedFields, 'algorithm'> {
  hash: string;
  algorithm: string;
}

/** Filters and paging of {@link AuditLog.list}. */
export interface AuditQuery {
  /** Only entries of this actor (user id). */
  actor?: string;
  /** Only entries whose action is this code or starts with it followed by `.` ({@link AUDIT_ACTION_PREFIX_PATTERN}). */
  action?: string;
  subjectType?: string;
  subjectId?: string;
  /** Only entries at or after this time. */
  from?: Date;
  /** Only entries before this time. */
  to?: Date;
  /** Entries to skip; 0 by default. */
  offset?: number;
  /** Entries to return, 1 to {@link MAX_AUDIT_PAGE}; 50 by default. */
  limit?: number;
  /** By sequence number: newest first (`desc`, the default) or oldest first. */
  order?: 'asc' | 'desc';
}

/** A page of entries and how many match in all. */
export interface AuditPage {
  total: number;
  items: AuditEntry[];
}

/**
 * Why verification stopped at an entry:
 * - `sequence-gap`: the entry with this sequence number is missing (deleted), in the middle or at the end;
 * - `previous-hash-mismatch`: the entry does not carry the hash of the entry before it;
 * - `hash-mismatch`: the entry's content no longer gives its hash (changed after it was written);
 * - `head-mismatch`: the head row is missing or disagrees with the last entry;
 * - `unsupported-algorithm`: the entry names a hash algorithm this node cannot compute.
 */
export type AuditBreakReason = 'sequence-gap' | 'previous-hash-mismatch' | 'hash-mismatch' | 'head-mismatch' | 'unsupported-algorithm';

/** The first entry at which the chain is broken. */
export interface AuditBreak {
  sequence: number;
  reason: AuditBreakReason;
  /** What exactly is wrong, in English. */
  message: string;
}

/** Result of {@link AuditLog.verify}. */
export interface AuditVerification {
  /** Whether every entry up to the head is intact. */
  ok: boolean;
  /** Entries found intact before the first broken one (all of them when `ok`). */
  checked: number;
  /** The last sequence number the head recorded when verification started; null when the head row is missing. */
  headSequence: number | null;
  firstBroken?: AuditBreak;
}

/** Options of {@link AuditLog}. */
export interface AuditLogOptions {
  /** The clock that stamps entries; the system clock by default. */
  now?: () => Date;
  /** The hash algorithm of new entries; {@link PREFERRED_AUDIT_HASH_ALGORITHM} by default. */
  algorithm?: AuditHashAlgorithm;
  /** Entries read per query while verifying; 500 by default. */
  verifyBatchSize?: number;
}

/**
 * The tamper-evident audit log: append-only, hash-chained entries (each holds the hash of the one before it, SM3
 * where Node's OpenSSL provides it, SHA-256 otherwise), a filtered listing, and verification of the whole chain
 * that names the first broken entry.
 */
export class AuditLog {
  private readonly now: () => Date;
  private readonly algorithm: AuditHashAlgorithm;
  private readonly batchSize: number;

  constructor(
    private readonly dataSource: DataSource,
    options: AuditLogOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    const algorithm: string = options.algorithm ?? PREFERRED_AUDIT_HASH_ALGORITHM;
    if (!isSupportedAlgorithm(algorithm)) throw new UnexpectedError('INTERNAL_ERROR', `Hash algorithm '${algorithm}' is not available on this node`);
    this.algorithm = algorithm;
    this.batchSize = options.verifyBatchSize ?? 500;
  }

  /**
   * Appends an entry at the end of the chain and returns it. With `manager` inside a transaction the entry joins
   * that transaction (it commits or rolls back with the change it records); otherwise the append runs in its own.
   * The chain's head stays locked until that transaction ends, so append last in a transaction and keep it short.
   * Concurrent appends never fork the chain: on MySQL/MariaDB they queue on the head row, on SQLite on the write
   * gate. Throws `UnexpectedError` for a malformed entry (`INTERNAL_ERROR`) and when the head row is missing
   * (`AUDIT_LOG_UNAVAILABLE`): without an intact log nothing is recorded.
   */
  async append(entry: AuditEntryInput, manager?: EntityManager): Promise<AuditEntry> {
    const row = prepare(entry);
    const run = (m: EntityManager) => this.appendIn(m, row);
    if (manager?.queryRunner?.isTransactionActive) return run(manager);
    return (manager ?? this.dataSource.manager).transaction(run);
  }

  /**
   * Entries matching `query`, newest first unless asked otherwise, with the number of all matches. Throws
   * `ValidationError` naming the offending field for a bad prefix, offset or limit.
   */
  async list(query: AuditQuery = {}): Promise<AuditPage> {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    const issues: ValidationIssue[] = [];
    if (!Number.isInteger(offset) || offset < 0) issues.push({ path: 'offset', message: localize('must be an integer of 0 or more', '须为不小于 0 的整数') });
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_PAGE) issues.push({ path: 'limit', message: localize(`must be an integer from 1 to ${MAX_AUDIT_PAGE}`, `须为 1 至 ${MAX_AUDIT_PAGE} 之间的整数`) });
    if (query.action !== undefined && !AUDIT_ACTION_PREFIX_PATTERN.test(query.action)) issues.push({ path: 'action', message: localize('must be an action code or a prefix of one, e.g. auth or task.complete', '须为操作代码或其前缀，如 auth 或 task.complete') });
    if (issues.length) throw new ValidationError(`Invalid query: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);

    const qb = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('e');
    if (query.actor !== undefined) qb.andWhere('e.actor = :actor', { actor: query.actor });
    if (query.action !== undefined) qb.andWhere('(e.action = :action OR e.action LIKE :actionPrefix)', { action: query.action, actionPrefix: `${query.action}.%` });
    if (query.subjectType !== undefined) qb.andWhere('e.subjectType = :subjectType', { subjectType: query.subjectType });
    if (query.subjectId !== undefined) qb.andWhere('e.subjectId = :subjectId', { subjectId: query.subjectId });
    if (query.from !== undefined) qb.andWhere('e.at >= :from', { from: query.from });
    if (query.to !== undefined) qb.andWhere('e.at < :to', { to: query.to });
    const [rows, total] = await qb
      .orderBy('e.sequence', query.order === 'asc' ? 'ASC' : 'DESC')
      .skip(offset)
      .take(limit)
      .getManyAndCount();
    return { total, items: rows.map(toEntry) };
  }

  /**
   * Checks the whole chain up to the head as it is when verification starts, reading the entries in batches:
   * sequence numbers without gaps from 1, each entry carrying the previous entry's hash, each entry's content
   * still giving its hash, and the head agreeing with the last entry. Names the first broken entry.
   */
  async verify(): Promise<AuditVerification> {
    const manager = this.dataSource.manager;
    const head = await manager.getRepository(AuditHeadEntity).findOneBy({ id: HEAD_ID });
    const headSequence = head?.lastSequence ?? null;
    let checked = 0;
    let expected = 1;
    let previousHash = AUDIT_GENESIS_HASH;
    const broken = (sequence: number, reason: AuditBreakReason, message: string): AuditVerification => ({
      ok: false, checked, headSequence, firstBroken: { sequence, reason, message },
    });

    for (;;) {
      const qb = manager.getRepository(AuditEntryEntity).createQueryBuilder('e').where('e.sequence >= :from', { from: expected });
      if (headSequence !== null) qb.andWhere('e.sequence <= :last', { last: headSequence });
      const rows = await qb.orderBy('e.sequence', 'ASC').limit(this.batchSize).getMany();
      for (const row of rows) {
        if (row.sequence !== expected) {
          return broken(expected, 'sequence-gap', `Entry ${expected} is missing; the next entry is ${row.sequence}`);
        }
        if (row.previousHash !== previousHash) {
          return broken(row.sequence, 'previous-hash-mismatch', `Entry ${row.sequence} does not carry the hash of entry ${row.sequence - 1}`);
        }
        if (!isSupportedAlgorithm(row.algorithm)) {
          return broken(row.sequence, 'unsupported-algorithm', `Entry ${row.sequence} is hashed with '${row.algorithm}', which this node cannot compute`);
        }
        const details = parseDetails(row.details);
        if (details === undefined || entryHash({ ...row, algorithm: row.algorithm, details }) !== row.hash) {
          return broken(row.sequence, 'hash-mismatch', `The content of entry ${row.sequence} no longer gives its hash`);
        }
        checked += 1;
        expected += 1;
        previousHash = row.hash;
      }
      if (rows.length < this.batchSize) break;
    }

    const last = expected - 1;
    if (head === null) return broken(last, 'head-mismatch', 'The head row of the audit log is missing');
    if (last < head.lastSequence) {
      return broken(expected, 'sequence-gap', `Entries ${expected} to ${head.lastSequence} are missing; the head records ${head.lastSequence}`);
    }
    if (head.lastHash !== previousHash) return broken(last, 'head-mismatch', `The head records another hash for entry ${last} than the entry has`);
    return { ok: true, checked, headSequence };
  }

  // helpers ////

  private async appendIn(manager: EntityManager, row: PreparedEntry): Promise<AuditEntry> {
    const heads = manager.getRepository(AuditHeadEntity);
    const type = manager.connection.options.type;
    const locking = type === 'mysql' || type === 'mariadb';
    const head = await heads.findOne({ where: { id: HEAD_ID }, ...(locking ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!head) throw new UnexpectedError('AUDIT_LOG_UNAVAILABLE', 'The audit log has no head row (audit_head, id 1); nothing can be recorded until it is restored');
    const fields = {
      ...row.fields,
      sequence: head.lastSequence + 1,
      at: this.now(),
      previousHash: head.lastHash,
      algorithm: this.algorithm,
    };
    const hash = entryHash(fields);
    await manager.getRepository(AuditEntryEntity).insert({ ...fields, details: row.detailsText, hash });
    await heads.update({ id: HEAD_ID }, { lastSequence: fields.sequence, lastHash: hash });
    return { ...fields, hash };
  }
}

// helpers ////

const HEAD_ID = 1;
const MAX_DETAILS_LENGTH = 65_536;

interface PreparedEntry {
  fields: { actor: string | null; action: string; subjectType: string | null; subjectId: string | null; details: JsonValue; requestId: string | null; ip: string | null };
  detailsText: string;
}

/** Checks an entry and puts its details in canonical form; a malformed entry is a bug of the caller. */
function prepare(entry: AuditEntryInput): PreparedEntry {
  const problems: string[] = [];
  if (typeof entry.action !== 'string' || entry.action.length > 64 || !AUDIT_ACTION_PATTERN.test(entry.action)) problems.push(`action '${String(entry.action)}' is not a dotted action code`);
  const subjectType = entry.subjectType ?? null;
  if (subjectType !== null && (subjectType.length > 64 || !AUDIT_SUBJECT_TYPE_PATTERN.test(subjectType))) problems.push(`subject type '${subjectType}' is malformed`);
  const subjectId = entry.subjectId ?? null;
  if (subjectId !== null && subjectId.length > 255) problems.push('the subject id is longer than 255 characters');
  if (entry.actor !== null && (typeof entry.actor !== 'string' || entry.actor.length === 0 || entry.actor.length > 64)) problems.push('the actor must be a user id of 1 to 64 characters or null');
  let detailsText = '{}';
  try {
    detailsText = canonicalJson(entry.details ?? {});
  } catch (error) {
    problems.push(`the details are not JSON: ${(error as Error).message}`);
  }
  if (detailsText.length > MAX_DETAILS_LENGTH) problems.push(`the details are longer than ${MAX_DETAILS_LENGTH} characters`);
  if (problems.length) throw new UnexpectedError('INTERNAL_ERROR', `Malformed audit entry: ${problems.join('; ')}`);
  return {
    fields: {
      actor: entry.actor,
      action: entry.action,
      subjectType,
      subjectId,
      details: JSON.parse(detailsText) as JsonValue,
      requestId: entry.requestId ? entry.requestId.slice(0, 128) : null,
      ip: entry.ip ? entry.ip.slice(0, 64) : null,
    },
    detailsText,
  };
}

/** The stored details as JSON, or undefined when the text is not JSON any more. */
function parseDetails(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

function toEntry(row: AuditEntryEntity): AuditEntry {
  return {
    sequence: row.sequence, at: row.at, actor: row.actor, action: row.action, subjectType: row.subjectType, subjectId: row.subjectId,
    details: parseDetails(row.details) ?? row.details, requestId: row.requestId, ip: row.ip,
    previousHash: row.previousHash, hash: row.hash, algorithm: row.algorithm,
  };
}
