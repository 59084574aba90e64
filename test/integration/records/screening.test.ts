import { identityEntities } from '../../../src/identity/index.js';
import { RecordsRegister, recordsEntities, screenPeople, type RecordType, type ScreeningPurpose } from '../../../src/records/index.js';
import { createTestDataSource, type TestDatabase } from '../../helpers/test-db.js';
import { residentIdOf, withWrongCheckChar } from './resident-ids.js';

/** The register accepts records up to this instant; screening days are given explicitly. */
const REGISTER_NOW = new Date('2027-12-31T04:00:00Z');
const TODAY = '2026-06-01';

const PERSON = { role: '申请人', name: '张伟', residentId: residentIdOf(1) };
const OTHER_ID = residentIdOf(7);

describe('screenPeople', () => {
  let db: TestDatabase;
  let register: RecordsRegister;

  /** Adds register entries for {@link PERSON}: `[type, day]`, matched by resident ID. */
  const givenRecords = async (...records: Array<[RecordType, string]>) => {
    for (const [recordType, occurredOn] of records) {
      await register.add({ residentId: PERSON.residentId, name: PERSON.name, recordType, occurredOn, source: '测试' }, 'admin');
    }
  };

  /** Screens {@link PERSON} alone and returns that person's screening. */
  const screen = async (purpose: ScreeningPurpose, today = TODAY, extra: Array<{ revokedOn: string }> = []) => {
    const report = await register.screenPeople([PERSON], purpose, { today, extraRevocations: async () => extra });
    const person = report.people[0];
    if (!person) throw new Error('no screening returned');
    expect(report.result).toBe(person.result);
    return person;
  };

  beforeAll(async () => {
    db = await createTestDataSource({ entities: [...identityEntities, ...recordsEntities] });
    register = new RecordsRegister(db.dataSource, { now: () => REGISTER_NOW });
  });

  beforeEach(async () => {
    await db.clear('record_entry');
  });

  afterAll(async () => {
    await db?.destroy();
  });

  describe('for a guard (《保安服务管理条例》第十七条)', () => {
    it.each<[string, Array<[RecordType, string]>, string]>([
      ['custody-and-education, any time ago', [['custody-education', '1990-01-01']], '曾被收容教育（《保安服务管理条例》第十七条第（一）项）'],
      ['compulsory isolated drug rehabilitation', [['compulsory-rehab', '2010-01-01']], '曾被强制隔离戒毒（《保安服务管理条例》第十七条第（一）项）'],
      ['re-education through labour', [['labour-reeducation', '2005-01-01']], '曾被劳动教养（《保安服务管理条例》第十七条第（一）项）'],
      [
        '3 administrative detentions',
        [['administrative-detention', '2010-01-01'], ['administrative-detention', '2012-01-01'], ['administrative-detention', '2014-01-01']],
        '曾被3次以上行政拘留（《保安服务管理条例》第十七条第（一）项）',
      ],
      ['criminal punishment for an intentional crime', [['criminal-punishment-intentional', '2000-01-01']], '曾因故意犯罪被刑事处罚（《保安服务管理条例》第十七条第（二）项）'],
      ['a certificate revoked 1 year ago', [['certificate-revoked', '2025-06-01']], '被吊销保安员证未满3年（2025-06-01吊销，2028-06-01期满）（《保安服务管理条例》第十七条第（三）项）'],
      ['a certificate revoked twice, long ago', [['certificate-revoked', '2010-01-01'], ['certificate-revoked', '2015-01-01']], '曾两次被吊销保安员证（《保安服务管理条例》第十七条第（四）项）'],
    ])('is a hit for %s', async (_, records, reason) => {
      // given
      await givenRecords(...records);

      // when
      const person = await screen('guard');

      // then
      expect(person.result).toBe('hit');
      expect(person.findings).toHaveLength(records.length);
      for (const [recordType, occurredOn] of records) {
        expect(person.findings).toContainEqual({ recordType, occurredOn, reason, matchedBy: 'residentId', recordId: expect.any(String) });
      }
    });

    it.each<[string, Array<[RecordType, string]>]>([
      ['a negligent crime', [['criminal-punishment-negligent', '2015-01-01']]],
      ['2 administrative detentions', [['administrative-detention', '2010-01-01'], ['administrative-detention', '2012-01-01']]],
      ['one certificate revoked 4 years ago', [['certificate-revoked', '2022-06-01']]],
      ['custody-and-discipline, dismissal from public office, expulsion from the army', [['custody-discipline', '2001-01-01'], ['public-office-dismissal', '2018-01-01'], ['army-expulsion', '2019-01-01']]],
    ])('is clear for %s, which is no bar', async (_, records) => {
      await givenRecords(...records);

      const person = await screen('guard');

      expect(person).toEqual({ ...PERSON, result: 'clear', findings: [] });
    });

    it('is clear for someone the register does not know', async () => {
      await register.add({ residentId: OTHER_ID, name: '李娜', recordType: 'custody-education', occurredOn: '2010-01-01', source: '测试' }, 'admin');

      expect(await screen('guard')).toEqual({ ...PERSON, result: 'clear', findings: [] });
    });

    describe('counts revocations from the register and from the caller together, once per day', () => {
      it('a register revocation and another one from the certificate table make two', async () => {
        await givenRecords(['certificate-revoked', '2015-01-01']);

        const person = await screen('guard', TODAY, [{ revokedOn: '2019-05-05' }]);

        expect(person.result).toBe('hit');
        expect(person.findings).toEqual([
          expect.objectContaining({ occurredOn: '2015-01-01', matchedBy: 'residentId', recordId: expect.any(String), reason: expect.stringContaining('曾两次被吊销') }),
          expect.objectContaining({ occurredOn: '2019-05-05', matchedBy: 'residentId', recordId: null, reason: expect.stringContaining('曾两次被吊销') }),
        ]);
      });

      it('the same revocation in both counts once', async () => {
        await givenRecords(['certificate-revoked', '2015-01-01']);

        const person = await screen('guard', TODAY, [{ revokedOn: '2015-01-01' }]);

        expect(person.result).toBe('clear');
      });

      it('a recent revocation known only to the certificate table bars', async () => {
        const person = await screen('guard', TODAY, [{ revokedOn: '2026-01-10' }]);

        expect(person.result).toBe('hit');
        expect(person.findings).toEqual([expect.objectContaining({ recordType: 'certificate-revoked', recordId: null, reason: expect.stringContaining('未满3年') })]);
      });
    });

    describe('"revoked less than 3 years ago" ends at the end of the third anniversary (《民法典》第二百零一条、第二百零二条)', () => {
      it('still bars on the anniversary itself: revoked 2023-11-22, screened 2026-11-22', async () => {
        await givenRecords(['certificate-revoked', '2023-11-22']);

        expect((await screen('guard', '2026-11-22')).result).toBe('hit');
      });

      it('no longer bars the day after: screened 2026-11-23', async () => {
        await givenRecords(['certificate-revoked', '2023-11-22']);

        expect((await screen('guard', '2026-11-23')).result).toBe('clear');
      });

      it('ends on the last day of February when the anniversary does not exist: revoked 2024-02-29', async () => {
        await givenRecords(['certificate-revoked', '2024-02-29']);

        expect((await screen('guard', '2027-02-28')).result).toBe('hit');
        expect((await screen('guard', '2027-03-01')).result).toBe('clear');
      });
    });
  });

  describe('for a company manager (《保安服务管理条例》第八条第（二）项)', () => {
    it.each<[RecordType, string]>([
      ['criminal-punishment-intentional', '曾被刑事处罚（故意犯罪）'],
      ['criminal-punishment-negligent', '曾被刑事处罚（过失犯罪）'],
      ['labour-reeducation', '曾被劳动教养'],
      ['custody-education', '曾被收容教育'],
      ['compulsory-rehab', '曾被强制隔离戒毒'],
      ['public-office-dismissal', '曾被开除公职'],
      ['army-expulsion', '曾被开除军籍'],
    ])('is a hit for %s', async (recordType, reason) => {
      await givenRecords([recordType, '2015-01-01']);

      const person = await screen('company-manager');

      expect(person.result).toBe('hit');
      expect(person.findings).toEqual([
        { recordType, occurredOn: '2015-01-01', reason: `${reason}（《保安服务管理条例》第八条第（二）项）`, matchedBy: 'residentId', recordId: expect.any(String) },
      ]);
    });

    it('is clear for administrative detentions, custody-and-discipline and revoked guard certificates', async () => {
      await givenRecords(
        ['administrative-detention', '2010-01-01'],
        ['administrative-detention', '2011-01-01'],
        ['administrative-detention', '2012-01-01'],
        ['custody-discipline', '2001-01-01'],
        ['certificate-revoked', '2025-01-01'],
        ['certificate-revoked', '2020-01-01'],
      );

      expect((await screen('company-manager')).result).toBe('clear');
    });
  });

  describe('for an armed guard (《专职守护押运人员枪支使用管理条例》第三条)', () => {
    it.each<[RecordType, string]>([
      ['administrative-detention', '有行政拘留记录'],
      ['custody-education', '有收容教育记录'],
      ['compulsory-rehab', '有强制戒毒记录'],
      ['custody-discipline', '有收容教养记录'],
      ['labour-reeducation', '有劳动教养记录'],
      ['criminal-punishment-intentional', '有刑事处罚记录（故意犯罪）'],
      ['criminal-punishment-negligent', '有刑事处罚记录（过失犯罪）'],
    ])('is a hit for a single record of %s', async (recordType, reason) => {
      await givenRecords([recordType, '2015-01-01']);

      const person = await screen('armed-guard');

      expect(person.result).toBe('hit');
      expect(person.findings).toEqual([expect.objectContaining({ recordType, reason: `${reason}（《专职守护押运人员枪支使用管理条例》第三条第一款第（三）项）` })]);
    });

    it('is a hit for a guard certificate revoked less than 3 years ago, as for any guard', async () => {
      await givenRecords(['certificate-revoked', '2025-01-01']);

      expect((await screen('armed-guard')).findings).toEqual([expect.objectContaining({ reason: expect.stringContaining('第十七条第（三）项') })]);
    });

    it('is clear for dismissal from public office, expulsion from the army and an old revocation', async () => {
      await givenRecords(['public-office-dismissal', '2018-01-01'], ['army-expulsion', '2019-01-01'], ['certificate-revoked', '2020-01-01']);

      expect((await screen('armed-guard')).result).toBe('clear');
    });
  });

  describe('a match by name only', () => {
    it('is a review, never a hit, when the record carries no resident ID', async () => {
      await register.add({ residentId: null, name: '张伟', recordType: 'custody-education', occurredOn: '2010-01-01', source: '测试' }, 'admin');

      const person = await screen('guard');

      expect(person.result).toBe('review');
      expect(person.findings).toEqual([
        { recordType: 'custody-education', occurredOn: '2010-01-01', reason: expect.stringContaining('曾被收容教育'), matchedBy: 'name', recordId: expect.any(String) },
      ]);
    });

    it('is a review when the record carries another resident ID but the same name', async () => {
      await register.add({ residentId: OTHER_ID, name: '张伟', recordType: 'criminal-punishment-intentional', occurredOn: '2010-01-01', source: '测试' }, 'admin');

      const person = await screen('guard');

      expect(person.result).toBe('review');
      expect(person.findings).toEqual([expect.objectContaining({ matchedBy: 'name' })]);
    });

    it('is clear when the name-matched record is no bar for the purpose', async () => {
      await register.add({ residentId: null, name: '张伟', recordType: 'criminal-punishment-negligent', occurredOn: '2010-01-01', source: '测试' }, 'admin');

      expect((await screen('guard')).result).toBe('clear');
    });

    it('is a review when a count is only reached with name-matched records: 2 detentions by resident ID and 1 by name', async () => {
      await givenRecords(['administrative-detention', '2010-01-01'], ['administrative-detention', '2012-01-01']);
      await register.add({ residentId: null, name: '张伟', recordType: 'administrative-detention', occurredOn: '2014-01-01', source: '测试' }, 'admin');

      const person = await screen('guard');

      expect(person.result).toBe('review');
      expect(person.findings.map((f) => `${f.occurredOn} ${f.matchedBy}`)).toEqual(['2010-01-01 residentId', '2012-01-01 residentId', '2014-01-01 name']);
    });

    it('leaves a hit a hit, listing the name match beside it', async () => {
      await givenRecords(['custody-education', '2010-01-01']);
      await register.add({ residentId: null, name: '张伟', recordType: 'labour-reeducation', occurredOn: '2005-01-01', source: '测试' }, 'admin');

      const person = await screen('guard');

      expect(person.result).toBe('hit');
      expect(person.findings.map((f) => f.matchedBy).sort()).toEqual(['name', 'residentId']);
    });
  });

  describe('several people', () => {
    it('gives each person a result and the whole the worst of them', async () => {
      // given
      const clean = { role: '总经理', name: '李娜', residentId: residentIdOf(2).toLowerCase() };
      const namesake = { role: '副总经理', name: '王芳', residentId: residentIdOf(3) };
      await register.add({ residentId: null, name: '王芳', recordType: 'army-expulsion', occurredOn: '2010-01-01', source: '测试' }, 'admin');

      // when
      const review = await screenPeople(db.dataSource, [clean, namesake], 'company-manager', { today: TODAY });
      await givenRecords(['criminal-punishment-negligent', '2015-01-01']);
      const hit = await screenPeople(db.dataSource, [clean, namesake, PERSON], 'company-manager', { today: TODAY });

      // then
      expect(review.result).toBe('review');
      expect(review.people.map((p) => [p.role, p.residentId, p.result])).toEqual([
        ['总经理', residentIdOf(2), 'clear'],
        ['副总经理', residentIdOf(3), 'review'],
      ]);
      expect(hit.result).toBe('hit');
      expect(hit.people.map((p) => p.result)).toEqual(['clear', 'review', 'hit']);
    });

    it('refuses an invalid resident ID number', async () => {
      const bad = { role: '法定代表人', name: '赵六', residentId: withWrongCheckChar(residentIdOf(4)) };

      await expect(screenPeople(db.dataSource, [PERSON, bad], 'company-manager', { today: TODAY })).rejects.toMatchObject({
        code: 'RESIDENT_ID_INVALID',
        issues: [{ path: 'people.1.residentId', message: expect.any(String) }],
      });
    });
  });
});
