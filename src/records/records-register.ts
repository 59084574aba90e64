import { AuditLog } from '../audit/audit-log.js';
import { randomUUID } from 'node:crypto';
import { Brackets, type DataSource, type EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, ValidationError, type ErrorCode, type ValidationIssue } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import { normalizeName, normalizeResidentId, validateRecordFields, type RawRecordFields, type RecordFields } from './entry-validation.js';
import { findMatchingEntries } from './matching.js';
import { RecordEntry } from './record-entry.entity.js';
import { parseRecordType, type RecordType } from './record-types.js';
import { MAX_IMPORT_ROWS, readRecordsCsv, type ImportProblem } from './records-csv.js';
import { screenPeople, type ScreeningOptions, type ScreeningPurpose, type ScreeningReport, type ScreeningSubject } from './screening.js';
import { localize } from '../language.js';

/** A register entry as the register hands it out. */
export interface RecordEntryView {
  id: string;
  /** The 18-character resident ID number, or null when the record only carries a name. */
  residentId: string | null;
  name: string;
  recordType: RecordType;
  /** `YYYY-MM-DD`. */
  occurredOn: string;
  source: string;
  note: string | null;
  createdBy: string;
  createdAt: Date;
}

/** Input of {@link RecordsRegister.add}. */
export interface AddRecordInput extends RawRecordFields {
  /** Where the record comes from, e.g. the issuing authority (up to 128 characters). */
  source: string;
}

/** Filter and page of {@link RecordsRegister.list}. */
export interface ListRecordsQuery {
  /** Only entries with exactly this resident ID number. */
  residentId?: string;
  /** Only entries whose name contains this text. */
  name?: string;
  /** Only entries of this type (id or Chinese label). */
  recordType?: string;
  /** Entries to skip, 0 or more. */
  offset: number;
  /** Entries to return, 1 to {@link MAX_LIST_LIMIT}. */
  limit: number;
}

/** A page of register entries, newest first, and how many entries match in all. */
export interface RecordsPage {
  total: number;
  items: RecordEntryView[];
}

/** Options of {@link RecordsRegister.importCsv}. */
export interface ImportCsvOptions {
  /** User id of the administrator importing the file. */
  actor: string;
  /** What the entries come from, e.g. the file name (up to 128 characters). */
  source: string;
}

/** Outcome of a successful {@link RecordsRegister.importCsv}. */
export interface ImportResult {
  /** Rows inserted. */
  imported: number;
  /** Rows left out because the register (or an earlier row of the file) already has the same entry. */
  skipped: number;
}

/** Why an import was refused: nothing was imported, and each problem names its file line and column. */
export interface ImportReport {
  imported: 0;
  /** The problems, in file order; at most {@link MAX_REPORTED_PROBLEMS}. */
  errors: ImportProblem[];
  /** How many problems there are in all (more than `errors.length` when the list was cut). */
  errorCount: number;
}

/** Options of {@link RecordsRegister}. */
export interface RecordsRegisterOptions {
  /** Source of the current time for `created_at` and for "not in the future"; the system clock by default. */
  now?: () => Date;
  /** Where additions, removals and imports are logged (without personal data). */
  logger?: Logger;
  /** The audit log that records each addition, removal and import, by its actor; one over the same database by default. */
  audit?: Pick<AuditLog, 'append'>;
}

/** Largest page {@link RecordsRegister.list} returns. */
export const MAX_LIST_LIMIT = 500;
/** Most problems an {@link ImportReport} lists. */
export const MAX_REPORTED_PROBLEMS = 1000;

/**
 * A rejected CSV import (`RECORDS_IMPORT_INVALID`, or `RECORDS_IMPORT_TOO_LARGE` beyond {@link MAX_IMPORT_ROWS}
 * rows). Its `details` hold the {@link ImportReport} (`imported`, `errors`, `errorCount`) besides the usual `issues`.
 */
export class RecordsImportError extends ValidationError {
  constructor(
    message: string,
    readonly report: ImportReport,
    code: ErrorCode = 'RECORDS_IMPORT_INVALID',
  ) {
    super(message, report.errors.map(toIssue), code);
    Object.assign(this.details ?? {}, report);
  }
}

/**
 * The register of people with disqualifying records: administrators add, list, remove and import entries
 * (CSV); permit and certificate procedures screen people against it ({@link RecordsRegister.screenPeople}).
 */
export class RecordsRegister {
  private readonly clock: () => Date;
  private readonly logger: Logger;
  private readonly audit: Pick<AuditLog, 'append'>;

  constructor(
    private readonly dataSource: DataSource,
    options: RecordsRegisterOptions = {},
  ) {
    this.clock = options.now ?? (() => new Date());
    this.logger = options.logger ?? silentLogger;
    this.audit = options.audit ?? new AuditLog(dataSource, { now: this.clock });
  }

  /**
   * Adds one entry. Throws `ValidationError` (`VALIDATION_FAILED`, one issue per bad field) for bad input and
   * `ConflictError` (`RECORD_DUPLICATE`) when the register already has the same entry (same resident ID number, or
   * same name for an entry without one; same type; same date).
   */
  async add(input: AddRecordInput, actor: string): Promise<RecordEntryView> {
    const now = this.clock();
    const { fields, problems } = validateRecordFields(input, now);
    const issues: ValidationIssue[] = problems.map((p) => ({ path: p.field, message: p.message }));
    const source = String(input.source ?? '').trim();
    if (source === '') issues.push({ path: 'source', message: localize('is required', '来源为必填项') });
    else if ([...source].length > 128) issues.push({ path: 'source', message: localize('is longer than 128 characters', '来源不得超过 128 个字符') });
    issues.push(...actorIssues(actor));
    if (!fields || issues.length > 0) {
      throw new ValidationError(`Invalid record entry: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
    }
    return this.dataSource.transaction(async (manager) => {
      const existing = await this.existingKeys(manager, [fields]);
      if (existing.has(keyOf(fields))) throw new ConflictError('RECORD_DUPLICATE', localize('The register already has this entry', '不良记录库中已有该条记录'));
      const entity = toEntity(fields, source, actor, now);
      await manager.getRepository(RecordEntry).insert(entity);
      await this.audit.append({ actor, action: 'record.add', subjectType: 'record-entry', subjectId: entity.id, details: { recordType: entity.recordType, source } }, manager);
      this.logger.info('record entry added', { id: entity.id, recordType: entity.recordType, actor });
      return toView(entity);
    });
  }

  /** A page of entries matching the filter, newest first, with the number of matching entries in all. */
  async list(query: ListRecordsQuery): Promise<RecordsPage> {
    const issues: ValidationIssue[] = [];
    if (!Number.isInteger(query.offset) || query.offset < 0) issues.push({ path: 'offset', message: localize('must be an integer of 0 or more', '须为不小于 0 的整数') });
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_LIST_LIMIT) {
      issues.push({ path: 'limit', message: localize(`must be an integer from 1 to ${MAX_LIST_LIMIT}`, `须为 1 至 ${MAX_LIST_LIMIT} 之间的整数`) });
    }
    const recordType = query.recordType === undefined || query.recordType.trim() === '' ? undefined : parseRecordType(query.recordType);
    if (recordType === null) issues.push({ path: 'recordType', message: localize(`'${query.recordType}' is not a known record type`, `“${query.recordType}”不是规定的记录类型`) });
    if (issues.length > 0) throw new ValidationError(`Invalid query: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);

    const qb = this.dataSource.getRepository(RecordEntry).createQueryBuilder('e');
    const residentId = query.residentId === undefined ? '' : normalizeResidentId(query.residentId);
    if (residentId !== '') qb.andWhere('e.residentId = :residentId', { residentId });
    const name = query.name === undefined ? '' : normalizeName(query.name);
    if (name !== '') qb.andWhere("e.name LIKE :name ESCAPE '!'", { name: `%${name.replace(/[!%_]/g, (c) => `!${c}`)}%` });
    if (recordType) qb.andWhere('e.recordType = :recordType', { recordType });
    const [entities, total] = await qb
      .orderBy('e.createdAt', 'DESC')
      .addOrderBy('e.name', 'ASC')
      .addOrderBy('e.occurredOn', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
    return { total, items: entities.map(toView) };
  }

  /** Removes an entry and returns it; throws `NotFoundError` (`RECORD_NOT_FOUND`) when there is none with that id. */
  async remove(id: string, actor: string): Promise<RecordEntryView> {
    const issues = actorIssues(actor);
    if (issues.length > 0) throw new ValidationError('Invalid actor', issues);
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(RecordEntry);
      const entity = await repo.findOneBy({ id });
      NotFoundError.assert(entity, 'RECORD_NOT_FOUND', localize(`Record entry ${id} does not exist`, `记录 ${id} 不存在`));
      await repo.delete({ id });
      await this.audit.append({ actor, action: 'record.remove', subjectType: 'record-entry', subjectId: id, details: { recordType: entity.recordType } }, manager);
      this.logger.info('record entry removed', { id, recordType: entity.recordType, actor });
      return toView(entity);
    });
  }

  /**
   * Imports a CSV file (see {@link readRecordsCsv} for its format) all or nothing: when any row is bad, nothing
   * is imported and a {@link RecordsImportError} carries the {@link ImportReport}; otherwise every new row is
   * inserted in one transaction. Rows the register already has, or that repeat an earlier row, are skipped.
   */
  async importCsv(input: string | Buffer, options: ImportCsvOptions): Promise<ImportResult> {
    const source = String(options.source ?? '').trim();
    const issues = actorIssues(options.actor);
    if (source === '' || [...source].length > 128) issues.push({ path: 'source', message: localize('is required, up to 128 characters', '来源为必填项，不得超过 128 个字符') });
    if (issues.length > 0) throw new ValidationError(`Invalid import: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);

    const now = this.clock();
    const { rows, problems, tooLarge } = readRecordsCsv(input, now);
    if (problems.length > 0) {
      const report: ImportReport = { imported: 0, errors: problems.slice(0, MAX_REPORTED_PROBLEMS), errorCount: problems.length };
      if (tooLarge) throw new RecordsImportError(localize(`The file has more than ${MAX_IMPORT_ROWS} rows; nothing was imported`, `文件超过 ${MAX_IMPORT_ROWS} 行，未导入任何记录`), report, 'RECORDS_IMPORT_TOO_LARGE');
      throw new RecordsImportError(localize(`The file has ${problems.length} problem(s); nothing was imported`, `文件有 ${problems.length} 处错误，未导入任何记录`), report);
    }

    const result = await this.dataSource.transaction(async (manager) => {
      const seen = await this.existingKeys(manager, rows);
      const fresh: RecordEntry[] = [];
      for (const row of rows) {
        const key = keyOf(row);
        if (seen.has(key)) continue;
        seen.add(key);
        fresh.push(toEntity(row, source, options.actor, now));
      }
      for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
        await manager.createQueryBuilder().insert().into(RecordEntry).values(fresh.slice(i, i + INSERT_CHUNK)).execute();
      }
      const counts = { imported: fresh.length, skipped: rows.length - fresh.length };
      await this.audit.append({ actor: options.actor, action: 'record.import', subjectType: 'record-entry', details: { ...counts, source } }, manager);
      return counts;
    });
    this.logger.info('records imported', { ...result, source, actor: options.actor });
    return result;
  }

  /**
   * Every entry that carries one of `residentIds`, or one of `names` (normalised as the register stores them);
   * what screening matches people against.
   */
  async findMatching(residentIds: readonly string[], names: readonly string[]): Promise<RecordEntryView[]> {
    return (await findMatchingEntries(this.dataSource, residentIds, names)).map(toView);
  }

  /** Screens people against this register for `purpose`; see {@link screenPeople}. */
  async screenPeople(people: readonly ScreeningSubject[], purpose: ScreeningPurpose, options: ScreeningOptions): Promise<ScreeningReport> {
    return screenPeople(this.dataSource, people, purpose, options);
  }

  // internals ////

  /** Duplicate keys of the entries the register already has for the residents and names of `fields`. */
  private async existingKeys(manager: EntityManager, fields: readonly RecordFields[]): Promise<Set<string>> {
    const ids = unique(fields.flatMap((f) => (f.residentId ? [f.residentId] : [])));
    const names = unique(fields.flatMap((f) => (f.residentId ? [] : [f.name])));
    const keys = new Set<string>();
    const select = ['e.residentId', 'e.name', 'e.recordType', 'e.occurredOn'];
    for (const part of chunks(ids, QUERY_CHUNK)) {
      const found = await manager.getRepository(RecordEntry).createQueryBuilder('e').select(select).where('e.residentId IN (:...part)', { part }).getMany();
      for (const e of found) keys.add(keyOf(e));
    }
    for (const part of chunks(names, QUERY_CHUNK)) {
      const found = await manager
        .getRepository(RecordEntry)
        .createQueryBuilder('e')
        .select(select)
        .where(new Brackets((w) => w.where('e.residentId IS NULL').andWhere('e.name IN (:...part)', { part })))
        .getMany();
      for (const e of found) keys.add(keyOf(e));
    }
    return keys;
  }
}

// helpers ////

/** Rows per INSERT statement (9 parameters each, well below SQLite's and MySQL's limits). */
const INSERT_CHUNK = 500;
/** Values per `IN (…)` list. */
const QUERY_CHUNK = 500;

/** Two entries are the same when they agree on the resident ID number (or, without one, the name), type and date. */
function keyOf(e: Pick<RecordFields, 'residentId' | 'name' | 'recordType' | 'occurredOn'>): string {
  const who = e.residentId ? `id:${e.residentId}` : `name:${e.name}`;
  return `${who}|${e.recordType}|${e.occurredOn}`;
}

function toEntity(fields: RecordFields, source: string, actor: string, now: Date): RecordEntry {
  const entity = new RecordEntry();
  entity.id = randomUUID();
  entity.residentId = fields.residentId;
  entity.name = fields.name;
  entity.recordType = fields.recordType;
  entity.occurredOn = fields.occurredOn;
  entity.source = source;
  entity.note = fields.note;
  entity.createdBy = actor;
  entity.createdAt = now;
  return entity;
}

function toView(e: RecordEntry): RecordEntryView {
  return {
    id: e.id,
    residentId: e.residentId,
    name: e.name,
    recordType: e.recordType,
    occurredOn: e.occurredOn,
    source: e.source,
    note: e.note,
    createdBy: e.createdBy,
    createdAt: e.createdAt,
  };
}

function actorIssues(actor: string): ValidationIssue[] {
  return typeof actor === 'string' && actor.trim() !== '' && actor.length <= 64 ? [] : [{ path: 'actor', message: localize('is required, up to 64 characters', '操作人为必填项，不得超过 64 个字符') }];
}

function toIssue(p: ImportProblem): ValidationIssue {
  return { path: p.column === undefined ? `line.${p.line}` : `line.${p.line}.${p.column}`, message: p.message };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
