import { isUniqueViolation } from '../../db/dialect.js';
import { OptimisticLockingException } from '../errors.js';
import type { Sql, SqlParam } from './database.js';
import { fromRow, type TableMeta } from './tables.js';

type AnyRow = { id: string; rev?: number } & Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyMeta = TableMeta<any>;

interface Tracked {
  meta: AnyMeta;
  row: AnyRow;
  state: 'new' | 'loaded' | 'deleted';
  snapshot: Record<string, unknown> | null;
  forced: boolean;
}

/**
 * Collects every change a command makes and writes them at the end in one go: inserts, updates of changed
 * rows, deletes. Updates and deletes of versioned rows check the revision the command read; if another
 * command changed the row first, the flush fails with `OptimisticLockingException` and the transaction
 * rolls back, so nothing of the command is written.
 */
export class UnitOfWork {
  private readonly tracked = new Map<string, Tracked>();
  private readonly statements: Array<{ sql: string; params: SqlParam[] }> = [];

  constructor(readonly sql: Sql) {}

  /** Loads rows by a WHERE clause and tracks them (rows already tracked are returned as tracked). */
  async select<R>(meta: TableMeta<R>, where: string, params: readonly SqlParam[] = [], suffix = ''): Promise<R[]> {
    const raw = await this.sql.query(`SELECT * FROM ${meta.table} WHERE ${where}${suffix}`, params);
    const out: R[] = [];
    for (const r of raw) {
      const row = fromRow(meta, r) as unknown as AnyRow;
      const existing = this.tracked.get(key(meta, row.id));
      if (existing) {
        if (existing.state !== 'deleted') out.push(existing.row as unknown as R);
        continue;
      }
      this.tracked.set(key(meta, row.id), { meta: meta as AnyMeta, row, state: 'loaded', snapshot: { ...row }, forced: false });
      out.push(row as unknown as R);
    }
    return out;
  }

  /** Loads one row by id (tracked), or null. */
  async byId<R>(meta: TableMeta<R>, id: string): Promise<R | null> {
    const cached = this.tracked.get(key(meta, id));
    if (cached) return cached.state === 'deleted' ? null : (cached.row as unknown as R);
    const rows = await this.select(meta, 'id = ?', [id]);
    return rows[0] ?? null;
  }

  /** The tracked rows of a table that match a predicate (includes new rows; excludes deleted ones). */
  cached<R>(meta: TableMeta<R>, predicate: (row: R) => boolean): R[] {
    const out: R[] = [];
    for (const t of this.tracked.values()) {
      if (t.meta.table === meta.table && t.state !== 'deleted' && predicate(t.row as unknown as R)) out.push(t.row as unknown as R);
    }
    return out;
  }

  /** Schedules a new row for insertion and returns it (mutations until flush are included). */
  insert<R>(meta: TableMeta<R>, row: R): R {
    const r = row as unknown as AnyRow;
    if (meta.versioned && r.rev === undefined) r.rev = 1;
    this.tracked.set(key(meta, r.id), { meta: meta as AnyMeta, row: r, state: 'new', snapshot: null, forced: false });
    return row;
  }

  /** Schedules a tracked row for deletion. */
  delete<R>(meta: TableMeta<R>, row: R): void {
    const r = row as unknown as AnyRow;
    const t = this.tracked.get(key(meta, r.id));
    if (!t) {
      this.tracked.set(key(meta, r.id), { meta: meta as AnyMeta, row: r, state: 'deleted', snapshot: { ...r }, forced: false });
      return;
    }
    if (t.state === 'new') this.tracked.delete(key(meta, r.id));
    else t.state = 'deleted';
  }

  /** Forces a revision bump of a tracked row even if unchanged (serialises concurrent commands on it). */
  forceUpdate<R>(meta: TableMeta<R>, row: R): void {
    const t = this.tracked.get(key(meta, (row as unknown as AnyRow).id));
    if (t) t.forced = true;
  }

  /**
   * Queues a raw statement (set-based history updates, bulk deletes). It runs after the tracked deletes and updates and
   * before the inserts, so it reaches only rows that existed before the command.
   */
  statement(sql: string, params: SqlParam[]): void {
    this.statements.push({ sql, params });
  }

  /** Writes everything; throws `OptimisticLockingException` when a versioned row changed underneath. */
  async flush(): Promise<void> {
    // deletes first, so that a row removed and created again in one command (same unique key) can be written
    for (const t of this.tracked.values()) {
      if (t.state === 'deleted') await this.deleteRow(t);
    }
    for (const t of this.tracked.values()) {
      if (t.state === 'loaded') await this.updateRow(t);
    }
    // statements work on the rows that existed before the command (e.g. the jobs of a cancelled execution), never on its new ones
    for (const s of this.statements) await this.sql.execute(s.sql, s.params);
    for (const t of this.tracked.values()) {
      if (t.state === 'new') await this.insertRow(t);
    }
  }

  private async insertRow(t: Tracked): Promise<void> {
    const { meta, row } = t;
    const placeholders = meta.columns.map(() => '?').join(', ');
    try {
      await this.sql.execute(
        `INSERT INTO ${meta.table} (${meta.columns.join(', ')}) VALUES (${placeholders})`,
        meta.fields.map((f) => row[f] as SqlParam),
      );
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new OptimisticLockingException(`${meta.table} row '${row.id}' collides with a row another command created in the meantime; nothing was written.`);
      }
      throw error;
    }
  }

  private async updateRow(t: Tracked): Promise<void> {
    const { meta, row, snapshot } = t;
    const sets: string[] = [];
    const params: SqlParam[] = [];
    for (let i = 0; i < meta.fields.length; i++) {
      const f = meta.fields[i] as unknown as string;
      if (f === 'id' || f === 'rev') continue;
      if (!sameValue(row[f], snapshot?.[f])) {
        sets.push(`${meta.columns[i] as string} = ?`);
        params.push(row[f] as SqlParam);
      }
    }
    if (sets.length === 0 && !t.forced) return;
    if (meta.versioned) {
      const rev = row.rev ?? 1;
      sets.push('rev = ?');
      params.push(rev + 1);
      const affected = await this.sql.execute(`UPDATE ${meta.table} SET ${sets.join(', ')} WHERE id = ? AND rev = ?`, [...params, row.id, rev]);
      if (affected !== 1) throw conflict(meta.table, row.id, 'updated');
      row.rev = rev + 1;
    } else {
      await this.sql.execute(`UPDATE ${meta.table} SET ${sets.join(', ')} WHERE id = ?`, [...params, row.id]);
    }
  }

  private async deleteRow(t: Tracked): Promise<void> {
    const { meta, row } = t;
    if (meta.versioned) {
      const affected = await this.sql.execute(`DELETE FROM ${meta.table} WHERE id = ? AND rev = ?`, [row.id, row.rev ?? 1]);
      if (affected !== 1) throw conflict(meta.table, row.id, 'deleted');
    } else {
      await this.sql.execute(`DELETE FROM ${meta.table} WHERE id = ?`, [row.id]);
    }
  }
}

// helpers ////

function key(meta: AnyMeta, id: string): string {
  return `${meta.table}:${id}`;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  return false;
}

function conflict(table: string, id: string, what: string): OptimisticLockingException {
  return new OptimisticLockingException(`${table} row '${id}' was ${what} by another command in the meantime (revision changed); nothing was written.`);
}
