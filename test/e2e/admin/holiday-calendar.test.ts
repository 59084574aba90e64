import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { draftWithDocuments, permitApplicationData, readApplication, registerApplicant } from '../../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// a whole procedure with real workers, stopped and resumed: slower than a unit, especially on a loaded CI machine
jest.setTimeout(120_000);

let server: LicensingServer;
let admin: TestUser;
let officer: TestUser;

/** The State Council's arrangement of 2027 as an administrator would enter it (a short stand-in: New Year and Spring Festival). */
const ARRANGEMENT_2027 = {
  basis: '国务院办公厅关于2027年部分节假日安排的通知',
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'],
  workdays: ['2027-02-13', '2027-02-14'],
};

const overview = async () => {
  const res = await server.http.get('/api/admin/holiday-calendar').set('Authorization', `Bearer ${admin.token}`);
  expect(res.status).toBe(200);
  return res.body as { years: Array<{ year: number; source: string; holidays: number; workdays: number; basis: string | null; updatedBy: string | null }>; currentYear: number; missing: number[]; waiting: number };
};
const enter = (year: number | string, body: unknown, user: TestUser = admin) =>
  server.http.put(`/api/admin/holiday-calendar/${year}`).set('Authorization', `Bearer ${user.token}`).set('Accept-Language', 'zh-CN').send(body as object);
const entries = async () => (await server.auth.audit.list({ action: 'holiday-calendar.enter', limit: 50 })).items;

beforeAll(async () => {
  // Monday 2026-12-28, 10:00 in China: the acceptance period of an application submitted now runs into 2027, a year the
  // bundled calendar lacks
  server = await startLicensingServer({ startAt: new Date('2026-12-28T02:00:00Z') });
  admin = await server.officer('calendar-admin', ['admin']);
  officer = await server.officer('calendar-reviewer', ['permit-reviewer-440100']);
});

afterAll(async () => {
  await server?.close();
});

describe('the holiday calendar kept by administrators (节假日安排)', () => {
  it('lists the years it covers with where they come from, and names the next year as missing', async () => {
    const calendar = await overview();
    expect(calendar.currentYear).toBe(2026);
    expect(calendar.missing).toEqual([2027]);
    expect(calendar.years.find((y) => y.year === 2026)).toMatchObject({ source: 'bundled', basis: null, updatedBy: null });
    expect(calendar.years.find((y) => y.year === 2026)?.holidays).toBeGreaterThan(20);
    expect(calendar.years.some((y) => y.year === 2027)).toBe(false);

    const year = await server.http.get('/api/admin/holiday-calendar/2026').set('Authorization', `Bearer ${admin.token}`);
    expect(year.status).toBe(200);
    expect(year.body.holidays).toContain('2026-10-01');
    expect(year.body.workdays).toContain('2026-02-14');
    expect((await server.http.get('/api/admin/holiday-calendar/2027').set('Authorization', `Bearer ${admin.token}`)).status).toBe(404);
  });

  it('refuses an arrangement naming each date at fault, and stores nothing', async () => {
    const res = await enter(2027, {
      basis: '  ',
      holidays: ['2027-01-01', '2028-01-01', '2027-02-30'],
      workdays: ['2027-01-04', '2027-01-01'],
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const paths = (res.body.details.issues as Array<{ path: string }>).map((i) => i.path);
    // the blank basis and the impossible date come from the body's schema, before the dates are weighed
    expect(paths).toEqual(expect.arrayContaining(['basis', 'holidays.2']));

    const dates = await enter(2027, { basis: '国办发明电', holidays: ['2027-01-01', '2028-01-01'], workdays: ['2027-01-04', '2027-01-01'] });
    expect(dates.status).toBe(400);
    const issues = dates.body.details.issues as Array<{ path: string; message: string }>;
    expect(issues.find((i) => i.path === 'holidays.1')?.message).toBe('2028-01-01 不在 2027 年内');
    // a Monday cannot be an adjusted working day, and New Year's Day cannot be both
    expect(issues.find((i) => i.path === 'workdays.0')?.message).toBe('2027-01-04 是星期一，调休上班日只能是周六或周日');
    expect(issues.find((i) => i.path === 'workdays.1')?.message).toBe('2027-01-01 同时被列为放假日');

    const none = await enter(2027, { basis: '国办发明电', holidays: [], workdays: [] });
    expect(none.status).toBe(400);
    expect(none.body.details.issues).toEqual([expect.objectContaining({ path: 'holidays' })]);
    expect((await enter(1999, ARRANGEMENT_2027)).body.details.issues).toEqual([expect.objectContaining({ path: 'year' })]);
    expect((await enter('next', ARRANGEMENT_2027)).status).toBe(400);

    expect((await server.http.get('/api/admin/holiday-calendar/2027').set('Authorization', `Bearer ${admin.token}`)).status).toBe(404);
    expect(await entries()).toEqual([]);
  });

  it('is kept by administrators only', async () => {
    expect((await enter(2027, ARRANGEMENT_2027, officer)).status).toBe(403);
    expect((await server.http.get('/api/admin/holiday-calendar').set('Authorization', `Bearer ${officer.token}`)).status).toBe(403);
    expect((await overview()).missing).toEqual([2027]);
  });

  it('resumes a procedure stopped for want of 2027 once the year is entered, and counts its clock with the entered holidays', async () => {
    // given: a permit application submitted on Monday 2026-12-28, whose 5-working-day acceptance period reaches 2027
    const applicant = await registerApplicant(server, 'kuanian');
    const id = await draftWithDocuments(server, applicant, 'security-company-permit', permitApplicationData());
    const submitted = await server.http.post(`/api/applications/${id}/submit`).set('Authorization', `Bearer ${applicant.token}`);
    expect(submitted.status).toBe(200);
    const pid = submitted.body.processInstanceId as string;

    // then: the clock cannot be started; after its attempts (backing off as time passes) the procedure stops and waits
    await server.waitFor(async () => {
      await server.advance(30_000);
      return (await overview()).waiting > 0;
    }, 'the procedure to stop for want of 2027');
    const incidents = await server.http.get('/engine-rest/incident').query({ processInstanceId: pid }).set('Authorization', server.engineAuthorization());
    expect(incidents.body).toEqual([expect.objectContaining({ activityId: 'Task_StartAcceptanceClock', incidentMessage: expect.stringMatching(/^The holiday calendar has no data for 2027 .*节假日安排/) })]);

    // when: an administrator enters the arrangement of 2027
    const res = await enter(2027, ARRANGEMENT_2027);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ year: 2027, source: 'entered', basis: ARRANGEMENT_2027.basis, updatedBy: admin.id, holidays: ARRANGEMENT_2027.holidays, workdays: ARRANGEMENT_2027.workdays, retried: 1 });

    // then: the procedure goes on to the acceptance check, its period counted over New Year's Day (a Friday) as a holiday:
    // 12-29, 12-30, 12-31, 01-04, 01-05
    await server.waitForTask(pid, 'Task_AcceptanceCheck');
    const clock = (await readApplication(server, applicant.token, id))['clocks'][0];
    expect(clock).toMatchObject({ name: 'acceptance', ruleId: 'P1' });
    expect(clock.dueAt).toBe('2027-01-05T15:59:59.999Z');
    const after = await overview();
    expect(after).toMatchObject({ missing: [], waiting: 0 });
    expect(after.years.find((y) => y.year === 2027)).toMatchObject({ source: 'entered', holidays: 10, workdays: 2, basis: ARRANGEMENT_2027.basis, updatedBy: admin.id });

    // and the entry is in the audit log, attributed to the administrator
    const [entry] = await entries();
    expect(entry).toMatchObject({ actor: admin.id, subjectType: 'holiday-year', subjectId: '2027', details: { basis: ARRANGEMENT_2027.basis, holidays: ARRANGEMENT_2027.holidays, workdays: ARRANGEMENT_2027.workdays, replaced: null } });
  });

  it('replaces an entered year, and a correction of a bundled year takes precedence over the package', async () => {
    const corrected = await enter(2027, { ...ARRANGEMENT_2027, holidays: ['2027-01-01'], workdays: [] });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ holidays: ['2027-01-01'], workdays: [], retried: 0 });

    const bundled = (await server.http.get('/api/admin/holiday-calendar/2026').set('Authorization', `Bearer ${admin.token}`)).body as { holidays: string[]; workdays: string[] };
    const res = await enter(2026, { basis: '更正', holidays: bundled.holidays.filter((d) => d !== '2026-10-08'), workdays: bundled.workdays });
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('entered');
    expect(res.body.holidays).not.toContain('2026-10-08');
    expect((await entries()).map((e) => (e.details as { replaced?: string } | null)?.replaced)).toEqual(expect.arrayContaining(['entered', 'bundled']));
  });
});
