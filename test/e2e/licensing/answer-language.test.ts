import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { draftWithDocuments, permitApplicationData, registerApplicant, residentId, type Applicant } from '../../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// whole procedures through HTTP with real workers
jest.setTimeout(120_000);

let server: LicensingServer;
let applicant: Applicant;
let admin: TestUser;

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
  applicant = await registerApplicant(server, 'answer-language');
  admin = await server.officer('root', ['admin']);
});

afterAll(async () => {
  await server?.close();
});

type Answer = { status: number; body: { code: string; message: string; details?: { issues?: Array<{ path: string; message: string }>; errors?: Array<{ line: number; column?: string; message: string }> } } };
const issueAt = (res: Answer, path: string) => res.body.details?.issues?.find((i) => i.path === path)?.message;
const CHINESE = 'zh-CN,zh;q=0.9,en;q=0.8';

describe('the server words its field messages in the language the request asks for', () => {
  it("answers zod's own messages in Chinese for Accept-Language zh-CN and in English without it", async () => {
    const chinese = await server.http.get('/api/public/verify').set('Accept-Language', CHINESE) as Answer;
    const english = await server.http.get('/api/public/verify') as Answer;
    expect(chinese.status).toBe(400);
    expect(english.status).toBe(400);
    expect(issueAt(english, 'number')).toBe('Invalid input: expected string, received undefined');
    expect(issueAt(chinese, 'number')).toBe('无效输入：期望 string，实际接收 undefined');
  });

  it("answers a schema's own message in Chinese, and sums the issues up in Chinese", async () => {
    const body = { organisation: { kind: 'applicant-company', name: '某某保安服务有限公司', regionCode: '44', contactPhone: '020-12345678' }, user: { username: 'language-check', name: '某', password: 'long-enough-password' } };
    const chinese = await server.http.post('/api/public/applicant-accounts').set('Accept-Language', 'zh-CN').send(body) as Answer;
    const english = await server.http.post('/api/public/applicant-accounts').send(body) as Answer;
    expect(chinese.body.code).toBe('VALIDATION_FAILED');
    expect(issueAt(chinese, 'organisation.regionCode')).toBe('须为 6 位行政区划代码');
    expect(chinese.body.message).toBe('提交的内容有误：organisation.regionCode：须为 6 位行政区划代码');
    expect(issueAt(english, 'organisation.regionCode')).toBe('must be a 6-digit division code');
    expect(english.body.message).toBe('Invalid request body: organisation.regionCode: must be a 6-digit division code');
  });

  it('answers the form validation of a submitted application in Chinese', async () => {
    const good = residentId('44010619850202234');
    const wrongCheck = good.slice(0, 17) + (good.endsWith('1') ? '2' : '1');
    const id = await draftWithDocuments(server, applicant, 'security-company-permit', permitApplicationData({
      companyName: undefined, managers: [{ role: 'general-manager', name: '李娜', residentId: wrongCheck, yearsOfExperience: 8 }],
    }));
    const submit = () => server.http.post(`/api/applications/${id}/submit`).set('Authorization', `Bearer ${applicant.token}`);
    const chinese = await submit().set('Accept-Language', 'zh-Hans') as Answer;
    const english = await submit() as Answer;
    expect(chinese.status).toBe(400);
    expect(issueAt(chinese, 'companyName')).toMatch(/^“.+”为必填项。$/);
    expect(issueAt(chinese, 'managers.0.residentId')).toMatch(/^“.+”不是有效的公民身份号码：校验位不正确。$/);
    expect(issueAt(english, 'companyName')).toMatch(/^".+" is required\.$/);
    expect(issueAt(english, 'managers.0.residentId')).toMatch(/is not a valid resident identity number: it has a wrong check character\.$/);
  });

  it('answers the bad rows of a records import in Chinese', async () => {
    const csv = `resident_id,name,record_type,occurred_on,note\n${residentId('44010619700101111')},甲,intentional-crime-typo,2010-01-01,\n`;
    const importCsv = () => server.http.post('/api/records/import').set('Authorization', `Bearer ${admin.token}`).set('Content-Type', 'text/csv').send(csv);
    const chinese = await importCsv().set('Accept-Language', 'zh-CN') as Answer;
    const english = await importCsv() as Answer;
    expect(chinese.status).toBe(400);
    expect(chinese.body.code).toBe('RECORDS_IMPORT_INVALID');
    expect(chinese.body.message).toBe('文件有 1 处错误，未导入任何记录');
    expect(chinese.body.details?.errors?.[0]).toMatchObject({ line: 2, message: expect.stringMatching(/^“intentional-crime-typo”不是规定的记录类型，须为以下之一：/) as unknown });
    expect(english.body.message).toBe('The file has 1 problem(s); nothing was imported');
    expect(english.body.details?.errors?.[0]).toMatchObject({ line: 2, message: expect.stringMatching(/^'intentional-crime-typo' is not a known record type; use one of /) as unknown });
  });

  it('keeps English for a client asking for another language', async () => {
    const res = await server.http.get('/api/public/verify').set('Accept-Language', 'fr-FR,de;q=0.8') as Answer;
    expect(issueAt(res, 'number')).toBe('Invalid input: expected string, received undefined');
  });
});
