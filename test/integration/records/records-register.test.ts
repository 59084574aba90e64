import { AuditLog } from '../../../src/audit/audit-log.js';
import { identityEntities } from '../../../src/identity/index.js';
import { RecordsRegister, recordsEntities } from '../../../src/records/index.js';
import { createTestDataSource, type TestDatabase } from '../../helpers/test-db.js';
import { residentIdOf, withWrongCheckChar } from './resident-ids.js';

const ACTOR = 'admin';
const ID1 = residentIdOf(1);
const ID2 = residentIdOf(2);

describe(RecordsRegister.name, () => {
  let db: TestDatabase;
  let now: Date;
  let register: RecordsRegister;

  beforeAll(async () => {
    db = await createTestDataSource({ entities: [...identityEntities, ...recordsEntities] });
    register = new RecordsRegister(db.dataSource, { now: () => now });
  });

  beforeEach(async () => {
    now = new Date('2026-06-01T04:00:00Z');
    await db.clear('record_entry');
  });

  afterAll(async () => {
    await db?.destroy();
  });

  describe('add', () => {
    it('stores an entry and returns it with its new id', async () => {
      const entry = await register.add({ residentId: ID1, name: ' 张伟 ', recordType: '收容教育', occurredOn: '2012-01-05', source: '南山分局', note: '  ' }, ACTOR);

      expect(entry).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        residentId: ID1,
        name: '张伟',
        recordType: 'custody-education',
        occurredOn: '2012-01-05',
        source: '南山分局',
        note: null,
        createdBy: ACTOR,
        createdAt: now,
      });
      expect((await register.list({ offset: 0, limit: 10 })).items).toEqual([entry]);
    });

    it('rejects bad fields, naming each', async () => {
      const attempt = register.add({ residentId: withWrongCheckChar(ID1), name: '', recordType: 'fine', occurredOn: '2026-06-02', source: '' }, ACTOR);

      await expect(attempt).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [
          { path: 'residentId', message: expect.stringContaining('check character') },
          { path: 'name', message: 'is required' },
          { path: 'recordType', message: expect.stringContaining('not a known record type') },
          { path: 'occurredOn', message: '2026-06-02 is in the future' },
          { path: 'source', message: 'is required' },
        ],
      });
    });

    it('refuses an entry the register already has', async () => {
      const input = { residentId: ID1, name: '张伟', recordType: 'administrative-detention', occurredOn: '2020-01-01', source: '南山分局' };
      await register.add(input, ACTOR);

      await expect(register.add({ ...input, name: '张 伟', source: '福田分局' }, ACTOR)).rejects.toMatchObject({ code: 'RECORD_DUPLICATE', status: 409 });
    });
  });

  describe('list', () => {
    beforeEach(async () => {
      await register.add({ residentId: ID1, name: '张伟', recordType: 'administrative-detention', occurredOn: '2020-01-01', source: 's' }, ACTOR);
      now = new Date('2026-06-02T04:00:00Z');
      await register.add({ residentId: ID1, name: '张伟', recordType: 'administrative-detention', occurredOn: '2021-01-01', source: 's' }, ACTOR);
      now = new Date('2026-06-03T04:00:00Z');
      await register.add({ residentId: ID2, name: '李娜_100%', recordType: 'custody-education', occurredOn: '2012-01-01', source: 's' }, ACTOR);
      await register.add({ residentId: null, name: '张伟', recordType: 'custody-education', occurredOn: '2013-01-01', source: 's' }, ACTOR);
    });

    it('lists newest first, a page at a time, with the total', async () => {
      const first = await register.list({ offset: 0, limit: 3 });
      const second = await register.list({ offset: 3, limit: 3 });

      expect(first.total).toBe(4);
      expect(first.items.map((e) => `${e.name} ${e.occurredOn}`)).toEqual(['张伟 2013-01-01', '李娜_100% 2012-01-01', '张伟 2021-01-01']);
      expect(second).toEqual({ total: 4, items: [expect.objectContaining({ occurredOn: '2020-01-01' })] });
    });

    it('filters by resident ID, by part of the name (wildcards taken literally) and by record type', async () => {
      expect((await register.list({ residentId: ID1, offset: 0, limit: 10 })).total).toBe(2);
      expect((await register.list({ residentId: ID2.toLowerCase(), offset: 0, limit: 10 })).total).toBe(1);
      expect((await register.list({ name: '张', offset: 0, limit: 10 })).total).toBe(3);
      expect((await register.list({ name: '_100%', offset: 0, limit: 10 })).total).toBe(1);
      expect((await register.list({ name: '%', offset: 0, limit: 10 })).total).toBe(1);
      expect((await register.list({ recordType: '收容教育', offset: 0, limit: 10 })).total).toBe(2);
      expect((await register.list({ name: '张伟', recordType: 'custody-education', offset: 0, limit: 10 })).items).toEqual([expect.objectContaining({ residentId: null })]);
    });

    it('rejects a bad page or an unknown record type', async () => {
      await expect(register.list({ offset: -1, limit: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'offset' }, { path: 'limit' }] });
      await expect(register.list({ recordType: 'fine', offset: 0, limit: 501 })).rejects.toMatchObject({ issues: [{ path: 'limit' }, { path: 'recordType' }] });
    });
  });

  describe('remove', () => {
    it('deletes the entry and returns it', async () => {
      const entry = await register.add({ residentId: ID1, name: '张伟', recordType: '行政拘留', occurredOn: '2020-01-01', source: 's' }, ACTOR);

      expect(await register.remove(entry.id, ACTOR)).toEqual(entry);
      expect((await register.list({ offset: 0, limit: 10 })).total).toBe(0);
    });

    it('reports an unknown id', async () => {
      await expect(register.remove('00000000-0000-0000-0000-000000000000', ACTOR)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND', status: 404 });
    });
  });

  describe('audit', () => {
    it('records each addition, removal and import with its actor, without the person\'s name or ID number', async () => {
      // given
      const audit = new AuditLog(db.dataSource);

      // when
      const entry = await register.add({ residentId: ID1, name: '张伟', recordType: '行政拘留', occurredOn: '2020-01-01', source: '公安网' }, ACTOR);
      await register.remove(entry.id, 'admin-2');
      await register.importCsv(`身份证号,姓名,记录类型,发生日期\n${ID2},李娜,行政拘留,2021-03-04\n`, { actor: ACTOR, source: '批量导入' });

      // then
      const entries = (await audit.list({ action: 'record', order: 'desc', limit: 3 })).items.reverse();
      expect(entries.map((e) => [e.actor, e.action, e.subjectId])).toEqual([[ACTOR, 'record.add', entry.id], ['admin-2', 'record.remove', entry.id], [ACTOR, 'record.import', null]]);
      expect(entries[2]?.details).toEqual({ imported: 1, skipped: 0, source: '批量导入' });
      expect(JSON.stringify(entries)).not.toMatch(new RegExp(`张伟|李娜|${ID1}|${ID2}`));
    });
  });
});
