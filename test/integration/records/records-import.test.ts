import { identityEntities } from '../../../src/identity/index.js';
import { MAX_IMPORT_ROWS, RecordsImportError, RecordsRegister, recordsEntities, type ImportReport } from '../../../src/records/index.js';
import { createTestDataSource, type TestDatabase } from '../../helpers/test-db.js';
import { residentIdOf, withCheckChar, withWrongCheckChar } from './resident-ids.js';

/** The register's clock: 2026-06-01 12:00 in China. */
const NOW = new Date('2026-06-01T04:00:00Z');
const ACTOR = 'admin';
const SOURCE = '深圳市公安局-2026-06.csv';

const ID1 = residentIdOf(1);
const ID2 = residentIdOf(2); // check character X
const ID3 = residentIdOf(3);

describe('RecordsRegister.importCsv', () => {
  let db: TestDatabase;
  let register: RecordsRegister;

  beforeAll(async () => {
    db = await createTestDataSource({ entities: [...identityEntities, ...recordsEntities] });
    register = new RecordsRegister(db.dataSource, { now: () => NOW });
  });

  beforeEach(async () => {
    await db.clear('record_entry');
  });

  afterAll(async () => {
    await db?.destroy();
  });

  describe('a file whose rows are all good', () => {
    it('is imported whole with English headers, and every entry is stored normalised', async () => {
      // given
      expect(ID2.endsWith('X')).toBe(true);
      const csv = [
        'resident_id,name,record_type,occurred_on,note',
        `${ID1},张伟,criminal-punishment-intentional,2019-03-04,盗窃罪 判处有期徒刑一年`,
        `${ID2.toLowerCase()},李娜,custody-education,2012/1/5,`,
        ',王芳,administrative-detention,2024-07-30,只有姓名',
      ].join('\n');

      // when
      const result = await register.importCsv(csv, { actor: ACTOR, source: SOURCE });

      // then: same import time, so listed by name (code point order)
      expect(result).toEqual({ imported: 3, skipped: 0 });
      const { total, items } = await register.list({ offset: 0, limit: 10 });
      expect(total).toBe(3);
      expect(items.map(({ residentId, name, recordType, occurredOn, note, source, createdBy }) => ({ residentId, name, recordType, occurredOn, note, source, createdBy }))).toEqual([
        { residentId: ID1, name: '张伟', recordType: 'criminal-punishment-intentional', occurredOn: '2019-03-04', note: '盗窃罪 判处有期徒刑一年', source: SOURCE, createdBy: ACTOR },
        { residentId: ID2, name: '李娜', recordType: 'custody-education', occurredOn: '2012-01-05', note: null, source: SOURCE, createdBy: ACTOR },
        { residentId: null, name: '王芳', recordType: 'administrative-detention', occurredOn: '2024-07-30', note: '只有姓名', source: SOURCE, createdBy: ACTOR },
      ]);
      expect(items[0]?.createdAt.getTime()).toBe(NOW.getTime());
    });

    it('is imported with Chinese headers and Chinese record types, from UTF-8 bytes with a BOM and CRLF line ends', async () => {
      // given: what Excel writes as "CSV UTF-8", columns in another order
      const text = [
        '姓名,身份证号,记录类型,发生日期,备注',
        `张伟,${ID1},故意犯罪刑事处罚,2019-03-04,`,
        `张伟,${ID1},过失犯罪刑事处罚,2015-01-01,交通肇事`,
        `李娜,${ID2},劳动教养,2008-01-01,`,
        `李娜,${ID2},收容教育,2010-01-01,`,
        `李娜,${ID2},收容教养,2001-01-01,`,
        `李娜,${ID2},强制隔离戒毒,2016-01-01,`,
        `王芳,${ID3},行政拘留,2024年7月30日,`,
        `王芳,${ID3},开除公职,2020-01-01,`,
        `王芳,${ID3},开除军籍,2018-01-01,`,
        `王芳,${ID3},吊销保安员证,20230101,`,
      ].join('\r\n');
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);

      // when
      const result = await register.importCsv(bytes, { actor: ACTOR, source: SOURCE });

      // then
      expect(result).toEqual({ imported: 10, skipped: 0 });
      const { items } = await register.list({ offset: 0, limit: 50 });
      expect(items.map((e) => `${e.name}|${e.recordType}|${e.occurredOn}`).sort()).toEqual(
        [
          '张伟|criminal-punishment-intentional|2019-03-04',
          '张伟|criminal-punishment-negligent|2015-01-01',
          '李娜|labour-reeducation|2008-01-01',
          '李娜|custody-education|2010-01-01',
          '李娜|custody-discipline|2001-01-01',
          '李娜|compulsory-rehab|2016-01-01',
          '王芳|administrative-detention|2024-07-30',
          '王芳|public-office-dismissal|2020-01-01',
          '王芳|army-expulsion|2018-01-01',
          '王芳|certificate-revoked|2023-01-01',
        ].sort(),
      );
      expect(items.find((e) => e.recordType === 'criminal-punishment-negligent')?.note).toBe('交通肇事');
    });

    it('inserts a large file in chunks within one transaction', async () => {
      // given: 1 234 people, one record each
      const lines = ['resident_id,name,record_type,occurred_on,note'];
      for (let n = 1; n <= 1234; n++) lines.push(`${withCheckChar(`4403051985${String(1 + (n % 12)).padStart(2, '0')}1${n % 10}${String(n % 1000).padStart(3, '0')}`)},人员${n},行政拘留,2020-01-01,`);

      // when
      const result = await register.importCsv(lines.join('\n'), { actor: ACTOR, source: SOURCE });

      // then
      expect(result).toEqual({ imported: 1234, skipped: 0 });
      expect((await register.list({ offset: 0, limit: 1 })).total).toBe(1234);
    });
  });

  describe('a file with a bad row', () => {
    it('imports nothing, and the report names the file line, the column and the problem', async () => {
      // given: line 3 has a wrong check character
      const csv = [
        'resident_id,name,record_type,occurred_on,note',
        `${ID1},张伟,故意犯罪刑事处罚,2019-03-04,`,
        `${withWrongCheckChar(ID3)},王芳,行政拘留,2024-07-30,`,
        `${ID2},李娜,收容教育,2012-01-05,`,
      ].join('\n');

      // when
      const error = await register.importCsv(csv, { actor: ACTOR, source: SOURCE }).catch((e: unknown) => e);

      // then
      expect(error).toBeInstanceOf(RecordsImportError);
      expect(error).toMatchObject({ code: 'RECORDS_IMPORT_INVALID', status: 400 });
      const report = (error as RecordsImportError).details as unknown as ImportReport;
      expect(report.imported).toBe(0);
      expect(report.errors).toEqual([{ line: 3, column: 'resident_id', message: expect.stringContaining('check character') }]);
      expect((await register.list({ offset: 0, limit: 10 })).total).toBe(0);
    });

    it('reports every problem of every row: malformed resident ID, missing name, unknown or ambiguous type, bad or future date', async () => {
      // given: line 3 has a note spanning two lines, so the rows after it start one line later
      const csv = [
        '身份证号,姓名,记录类型,发生日期,备注',
        `${ID1},,行政拘留,2020-01-01,`,
        `${ID2},李娜,收容教育,2012-01-05,"第一行`,
        `第二行"`,
        `${ID3},王芳,刑事处罚,2020-02-30,`,
        `${ID1},张伟,罚款,2026-06-02,`,
        `12345,赵六,收容教育,2020-01-01,`,
        `${ID1},张伟,行政拘留,1984-12-31,`,
      ].join('\n');

      // when
      const error = (await register.importCsv(csv, { actor: ACTOR, source: SOURCE }).catch((e: unknown) => e)) as RecordsImportError;

      // then
      expect(error.code).toBe('RECORDS_IMPORT_INVALID');
      expect(error.report.errors).toEqual([
        { line: 2, column: '姓名', message: 'is required' },
        { line: 5, column: '记录类型', message: expect.stringContaining('intentional (故意犯罪刑事处罚) or negligent (过失犯罪刑事处罚)') },
        { line: 5, column: '发生日期', message: expect.stringContaining('is not a date') },
        { line: 6, column: '记录类型', message: expect.stringContaining("'罚款' is not a known record type") },
        { line: 6, column: '发生日期', message: '2026-06-02 is in the future' },
        { line: 7, column: '身份证号', message: expect.stringContaining('18 characters') },
        { line: 8, column: '发生日期', message: expect.stringContaining('before the birth date 1985-06-15') },
      ]);
      expect(error.report.errorCount).toBe(7);
      expect(error.issues[0]).toEqual({ path: 'line.2.姓名', message: 'is required' });
      expect((await register.list({ offset: 0, limit: 10 })).total).toBe(0);
    });

    it('imports nothing when the header lacks a column', async () => {
      const error = (await register.importCsv(`resident_id,name,occurred_on\n${ID1},张伟,2020-01-01\n`, { actor: ACTOR, source: SOURCE }).catch((e: unknown) => e)) as RecordsImportError;

      expect(error.report.errors).toEqual([{ line: 1, message: expect.stringContaining('lacks the column(s) record_type') }]);
    });

    it('imports nothing when the first row is data, not the header', async () => {
      const error = (await register.importCsv(`${ID1},张伟,行政拘留,2020-01-01,\n`, { actor: ACTOR, source: SOURCE }).catch((e: unknown) => e)) as RecordsImportError;

      expect(error.report.errors).toContainEqual({ line: 1, message: expect.stringContaining('The first row must be the header row') });
    });

    it('imports nothing from a file that is not UTF-8 (GBK from an old Excel)', async () => {
      // given: "姓名" in GBK on line 1
      const gbk = Buffer.concat([Buffer.from('resident_id,'), Buffer.from([0xd0, 0xd5, 0xc3, 0xfb]), Buffer.from(',record_type,occurred_on\n')]);

      const error = (await register.importCsv(gbk, { actor: ACTOR, source: SOURCE }).catch((e: unknown) => e)) as RecordsImportError;

      expect(error.code).toBe('RECORDS_IMPORT_INVALID');
      expect(error.report.errors).toEqual([{ line: 1, message: expect.stringContaining('not UTF-8') }]);
    });

    it(`refuses a file of more than ${MAX_IMPORT_ROWS} rows with a clear error`, async () => {
      const row = `${ID1},张伟,行政拘留,2020-01-01,`;
      const csv = ['resident_id,name,record_type,occurred_on,note', ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, () => row)].join('\n');

      const error = (await register.importCsv(csv, { actor: ACTOR, source: SOURCE }).catch((e: unknown) => e)) as RecordsImportError;

      expect(error.code).toBe('RECORDS_IMPORT_TOO_LARGE');
      expect(error.message).toContain(`more than ${MAX_IMPORT_ROWS} rows`);
      expect(error.report.errors).toEqual([{ line: MAX_IMPORT_ROWS + 2, message: expect.stringContaining('split it') }]);
    });
  });

  describe('duplicates', () => {
    it('skips rows the register already has (same resident ID or, without one, same name; same type and date) and counts them', async () => {
      // given
      await register.add({ residentId: ID1, name: '张伟', recordType: 'administrative-detention', occurredOn: '2020-01-01', source: '人工录入' }, ACTOR);
      await register.add({ residentId: null, name: '王芳', recordType: 'custody-education', occurredOn: '2011-01-01', source: '人工录入' }, ACTOR);
      const csv = [
        'resident_id,name,record_type,occurred_on,note',
        `${ID1},张 伟,行政拘留,2020-01-01,same record with the name spelt differently`,
        `${ID1},张伟,行政拘留,2021-01-01,another detention`,
        `,王芳,收容教育,2011-01-01,`,
        `${ID3},王芳,收容教育,2011-01-01,carries a resident ID: a different entry`,
      ].join('\n');

      // when
      const result = await register.importCsv(csv, { actor: ACTOR, source: SOURCE });

      // then
      expect(result).toEqual({ imported: 2, skipped: 2 });
      expect((await register.list({ offset: 0, limit: 10 })).total).toBe(4);
    });

    it('skips a row that repeats an earlier row of the same file, and a second import of the same file imports nothing', async () => {
      const csv = ['resident_id,name,record_type,occurred_on', `${ID1},张伟,行政拘留,2020-01-01`, `${ID1},张伟,行政拘留,2020-01-01`].join('\n');

      expect(await register.importCsv(csv, { actor: ACTOR, source: SOURCE })).toEqual({ imported: 1, skipped: 1 });
      expect(await register.importCsv(csv, { actor: ACTOR, source: SOURCE })).toEqual({ imported: 0, skipped: 2 });
      expect((await register.list({ offset: 0, limit: 10 })).total).toBe(1);
    });
  });
});
