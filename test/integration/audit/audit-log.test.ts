import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  AUDIT_GENESIS_HASH,
  AuditLog,
  auditEntities,
  canonicalRecord,
  PREFERRED_AUDIT_HASH_ALGORITHM,
  sm3Available,
  type AuditEntryInput,
} from '../../../src/audit/index.js';
import { createDataSource } from '../../../src/db/data-source.js';
import { UnexpectedError, ValidationError } from '../../../src/errors.js';
import { createTestDataSource, type TestDatabase } from '../../helpers/test-db.js';

const onMysql = (process.env['DATABASE_URL'] ?? '').startsWith('mysql');

let db: TestDatabase;
let now: number;
let sut: AuditLog;

beforeAll(async () => {
  db = await createTestDataSource();
});

afterAll(async () => {
  await db?.destroy();
});

beforeEach(async () => {
  await resetAuditLog(db.dataSource);
  now = Date.parse('2026-06-01T02:00:00.123Z');
  sut = new AuditLog(db.dataSource, { now: () => new Date(now++) });
});

const entry = (overrides: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  actor: 'zhang.wei', action: 'user.create', subjectType: 'user', subjectId: 'li.na', details: { name: '李娜' }, requestId: 'req-1', ip: '10.0.0.7', ...overrides,
});

async function appendSeveral(count: number): Promise<void> {
  for (let i = 1; i <= count; i++) await sut.append(entry({ subjectId: `user-${i}`, details: { name: `用户${i}`, index: i } }));
}

describe(AuditLog.name, () => {
  describe('append', () => {
    it('chains each entry to the one before it, starting from the genesis hash', async () => {
      // when
      const first = await sut.append(entry());
      const second = await sut.append(entry({ action: 'membership.add', details: { group: 'admin' } }));

      // then
      expect(first).toMatchObject({ sequence: 1, previousHash: AUDIT_GENESIS_HASH, actor: 'zhang.wei', action: 'user.create' });
      expect(second).toMatchObject({ sequence: 2, previousHash: first.hash });
      expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
      await expect(sut.verify()).resolves.toEqual({ ok: true, checked: 2, headSequence: 2 });
    });

    it('hashes with SM3 where Node provides it, over the canonical record of the entry', async () => {
      // when
      const appended = await sut.append(entry());

      // then
      expect(appended.algorithm).toBe(sm3Available() ? 'sm3' : 'sha256');
      expect(PREFERRED_AUDIT_HASH_ALGORITHM).toBe(appended.algorithm);
      const record = canonicalRecord({ ...appended, algorithm: PREFERRED_AUDIT_HASH_ALGORITHM });
      expect(record).toBe(
        '{"action":"user.create","actor":"zhang.wei","algorithm":"' + appended.algorithm + '","at":"2026-06-01T02:00:00.123Z",' +
          '"details":{"name":"李娜"},"ip":"10.0.0.7","previousHash":"' + AUDIT_GENESIS_HASH + '","requestId":"req-1","sequence":1,' +
          '"subjectId":"li.na","subjectType":"user","v":1}',
      );
      expect(appended.hash).toBe(createHash(appended.algorithm).update(record, 'utf8').digest('hex'));
    });

    it('stores the time to the millisecond and the details as canonical JSON, so the row alone reproduces the hash', async () => {
      // when
      await sut.append(entry({ details: { zeta: [3, { b: true, a: null }], alpha: '甲', omitted: undefined } }));

      // then
      const [row] = await db.dataSource.query<Array<{ details: string }>>('SELECT details FROM audit_entry WHERE sequence = 1');
      expect(row?.details).toBe('{"alpha":"甲","zeta":[3,{"a":null,"b":true}]}');
      const { items } = await sut.list();
      expect(items[0]?.at.toISOString()).toBe('2026-06-01T02:00:00.123Z');
      await expect(sut.verify()).resolves.toMatchObject({ ok: true, checked: 1 });
    });

    it("joins the caller's transaction: rolled back with it, the entry leaves no gap in the chain", async () => {
      // given
      await sut.append(entry());

      // when
      await expect(
        db.dataSource.transaction(async (manager) => {
          await sut.append(entry({ subjectId: 'rolled-back' }), manager);
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      const next = await sut.append(entry({ subjectId: 'after' }));

      // then
      expect(next.sequence).toBe(2);
      expect((await sut.list({ subjectId: 'rolled-back' })).total).toBe(0);
      await expect(sut.verify()).resolves.toMatchObject({ ok: true, checked: 2 });
    });

    it('records failed logins without an actor', async () => {
      // when
      const appended = await sut.append({ actor: null, action: 'auth.login-failed', details: { username: 'nobody' } });

      // then
      expect(appended).toMatchObject({ actor: null, subjectType: null, subjectId: null, details: { username: 'nobody' }, requestId: null, ip: null });
      await expect(sut.verify()).resolves.toMatchObject({ ok: true });
    });

    it.each([
      ['an action without a dot', entry({ action: 'login' })],
      ['an upper-case action', entry({ action: 'Auth.Login' })],
      ['a malformed subject type', entry({ subjectType: 'User Account' })],
      ['details JSON cannot carry', entry({ details: { n: Number.NaN } })],
    ])('refuses %s as a bug, writing nothing', async (_case, bad) => {
      // when
      const attempt = sut.append(bad);

      // then
      await expect(attempt).rejects.toBeInstanceOf(UnexpectedError);
      await expect(attempt).rejects.toMatchObject({ code: 'INTERNAL_ERROR' });
      expect((await sut.list()).total).toBe(0);
    });

    it('refuses to append when the head row is gone (AUDIT_LOG_UNAVAILABLE)', async () => {
      // given
      await sut.append(entry());
      await db.dataSource.query('DELETE FROM audit_head');

      // then
      await expect(sut.append(entry())).rejects.toMatchObject({ code: 'AUDIT_LOG_UNAVAILABLE' });
      await expect(sut.verify()).resolves.toMatchObject({ ok: false, firstBroken: { sequence: 1, reason: 'head-mismatch' } });
    });

    it('keeps one unbroken chain under 40 concurrent appends, some inside callers\' transactions', async () => {
      // when
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          i % 3 === 0
            ? db.dataSource.transaction((manager) => sut.append(entry({ subjectId: `c-${i}` }), manager))
            : sut.append(entry({ subjectId: `c-${i}` })),
        ),
      );

      // then
      const { items, total } = await sut.list({ limit: 200, order: 'asc' });
      expect(total).toBe(40);
      expect(items.map((e) => e.sequence)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(new Set(items.map((e) => e.subjectId)).size).toBe(40);
      await expect(sut.verify()).resolves.toEqual({ ok: true, checked: 40, headSequence: 40 });
    });
  });

  describe('verify', () => {
    it('checks an empty log as intact', async () => {
      await expect(sut.verify()).resolves.toEqual({ ok: true, checked: 0, headSequence: 0 });
    });

    it('reads the chain in batches and checks it across batch boundaries', async () => {
      // given
      const paged = new AuditLog(db.dataSource, { verifyBatchSize: 2 });
      await appendSeveral(5);

      // then
      await expect(paged.verify()).resolves.toEqual({ ok: true, checked: 5, headSequence: 5 });
      await db.dataSource.query('DELETE FROM audit_entry WHERE sequence = 3');
      await expect(paged.verify()).resolves.toMatchObject({ ok: false, checked: 2, firstBroken: { sequence: 3, reason: 'sequence-gap' } });
    });

    it('checks a chain whose entries were hashed with SHA-256 and SM3 alike', async () => {
      // given
      await new AuditLog(db.dataSource, { algorithm: 'sha256' }).append(entry());
      await sut.append(entry());

      // then
      const { items } = await sut.list({ order: 'asc' });
      expect(items.map((e) => e.algorithm)).toEqual(['sha256', PREFERRED_AUDIT_HASH_ALGORITHM]);
      await expect(sut.verify()).resolves.toMatchObject({ ok: true, checked: 2 });
    });

    describe('names the first broken entry when a row was tampered with', () => {
      beforeEach(async () => {
        await appendSeveral(5);
      });

      it('details changed → hash mismatch at that entry', async () => {
        await db.dataSource.query(`UPDATE audit_entry SET details = '{"index":3,"name":"王五"}' WHERE sequence = 3`);

        await expect(sut.verify()).resolves.toMatchObject({ ok: false, checked: 2, firstBroken: { sequence: 3, reason: 'hash-mismatch' } });
      });

      it('the actor changed → hash mismatch at that entry', async () => {
        await db.dataSource.query(`UPDATE audit_entry SET actor = 'someone.else' WHERE sequence = 2`);

        await expect(sut.verify()).resolves.toMatchObject({ ok: false, firstBroken: { sequence: 2, reason: 'hash-mismatch' } });
      });

      it('a middle entry deleted → sequence gap at the missing entry', async () => {
        await db.dataSource.query('DELETE FROM audit_entry WHERE sequence = 3');

        await expect(sut.verify()).resolves.toMatchObject({ ok: false, checked: 2, firstBroken: { sequence: 3, reason: 'sequence-gap' } });
      });

      it('the last entries deleted → sequence gap, because the head still records them', async () => {
        await db.dataSource.query('DELETE FROM audit_entry WHERE sequence >= 4');

        await expect(sut.verify()).resolves.toMatchObject({ ok: false, checked: 3, firstBroken: { sequence: 4, reason: 'sequence-gap' } });
      });

      it('a hash changed → hash mismatch at that entry', async () => {
        await db.dataSource.query(`UPDATE audit_entry SET hash = '${'a'.repeat(64)}' WHERE sequence = 4`);

        await expect(sut.verify()).resolves.toMatchObject({ ok: false, checked: 3, firstBroken: { sequence: 4, reason: 'hash-mismatch' } });
      });

      it('an entry rewritten with a freshly computed hash → previous-hash mismatch at the next entry', async () => {
        // given an attacker who recomputes the hash of the entry they change
        const [row] = await db.dataSource.query<Array<Record<string, unknown>>>('SELECT * FROM audit_entry WHERE sequence = 2');
        const forged = canonicalRecord({
          sequence: 2, at: new Date('2026-06-01T02:00:00.124Z'), actor: 'zhang.wei', action: 'user.create', subjectType: 'user', subjectId: 'user-2',
          details: { index: 2, name: '伪造' }, requestId: 'req-1', ip: '10.0.0.7', previousHash: String(row?.['previous_hash']), algorithm: PREFERRED_AUDIT_HASH_ALGORITHM,
        });
        const hash = createHash(PREFERRED_AUDIT_HASH_ALGORITHM).update(forged, 'utf8').digest('hex');
        await db.dataSource.query(`UPDATE audit_entry SET details = '{"index":2,"name":"伪造"}', hash = '${hash}' WHERE sequence = 2`);

        // then entry 2 is self-consistent, but entry 3 no longer follows it
        await expect(sut.verify()).resolves.toMatchObject({ ok: false, checked: 2, firstBroken: { sequence: 3, reason: 'previous-hash-mismatch' } });
      });

      it('an unknown algorithm named → unsupported algorithm at that entry', async () => {
        await db.dataSource.query(`UPDATE audit_entry SET algorithm = 'md5' WHERE sequence = 5`);

        await expect(sut.verify()).resolves.toMatchObject({ ok: false, checked: 4, firstBroken: { sequence: 5, reason: 'unsupported-algorithm' } });
      });
    });
  });

  describe('list', () => {
    beforeEach(async () => {
      await sut.append({ actor: 'zhang.wei', action: 'auth.login', subjectType: 'user', subjectId: 'zhang.wei' });
      await sut.append({ actor: null, action: 'auth.login-failed', details: { username: 'zhang.wie' } });
      await sut.append({ actor: 'zhang.wei', action: 'tip.identity-read', subjectType: 'tip', subjectId: 'tip-1', details: { purpose: '回访' } });
      await sut.append({ actor: 'li.na', action: 'task.complete', subjectType: 'task', subjectId: 'task-9' });
      await sut.append({ actor: 'li.na', action: 'authority.change', subjectType: 'user', subjectId: 'zhang.wei' });
    });

    it('returns the newest entries first, with the number of all matches', async () => {
      const page = await sut.list({ limit: 2 });

      expect(page.total).toBe(5);
      expect(page.items.map((e) => e.sequence)).toEqual([5, 4]);
    });

    it('pages oldest first when asked', async () => {
      const page = await sut.list({ order: 'asc', offset: 2, limit: 2 });

      expect(page.items.map((e) => e.sequence)).toEqual([3, 4]);
    });

    it('filters by an action prefix of whole segments', async () => {
      const auth = await sut.list({ action: 'auth' });
      const failed = await sut.list({ action: 'auth.login-failed' });

      expect(auth.items.map((e) => e.action)).toEqual(['auth.login-failed', 'auth.login']);
      expect(failed.items.map((e) => e.action)).toEqual(['auth.login-failed']);
    });

    it('filters by actor, by subject and by time', async () => {
      expect((await sut.list({ actor: 'li.na' })).items.map((e) => e.sequence)).toEqual([5, 4]);
      expect((await sut.list({ subjectType: 'user', subjectId: 'zhang.wei' })).items.map((e) => e.sequence)).toEqual([5, 1]);
      // entries are 1 ms apart from 02:00:00.123
      const window = await sut.list({ from: new Date('2026-06-01T02:00:00.124Z'), to: new Date('2026-06-01T02:00:00.126Z') });
      expect(window.items.map((e) => e.sequence)).toEqual([3, 2]);
    });

    it.each([
      [{ limit: 0 }, 'limit'],
      [{ limit: 201 }, 'limit'],
      [{ offset: -1 }, 'offset'],
      [{ action: 'auth.%' }, 'action'],
    ])('refuses %j naming the field', async (query, field) => {
      const attempt = sut.list(query);

      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toMatchObject({ details: { issues: [expect.objectContaining({ path: field })] } });
    });
  });
});

(onMysql ? describe : describe.skip)('two nodes appending to one MySQL/MariaDB database at the same time', () => {
  let secondSource: DataSource;

  beforeAll(async () => {
    secondSource = createDataSource(db.settings, { entities: auditEntities });
    await secondSource.initialize();
  });

  afterAll(async () => {
    await secondSource?.destroy();
  });

  it('never forks the chain: every entry follows the one before it', async () => {
    // given two nodes, each with its own connection pool
    const first = new AuditLog(db.dataSource);
    const second = new AuditLog(secondSource);

    // when both append 30 entries concurrently
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? first : second).append(entry({ subjectId: `node-${i % 2}-${i}` }))),
    );

    // then
    await expect(first.verify()).resolves.toEqual({ ok: true, checked: 60, headSequence: 60 });
    const hashes = await db.dataSource.query<Array<{ previous_hash: string }>>('SELECT previous_hash FROM audit_entry');
    expect(new Set(hashes.map((h) => h.previous_hash)).size).toBe(60);
  });
});

if (!onMysql) console.warn('two-node audit test skipped: SQLite has a single writer (run with DATABASE_URL=mysql://…)');

// helpers ////

async function resetAuditLog(dataSource: DataSource): Promise<void> {
  await dataSource.query('DELETE FROM audit_entry');
  await dataSource.query('DELETE FROM audit_head');
  await dataSource.query(`INSERT INTO audit_head (id, last_sequence, last_hash) VALUES (1, 0, '${AUDIT_GENESIS_HASH}')`);
}
