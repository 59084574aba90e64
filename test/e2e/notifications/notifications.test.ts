import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { completeTask, draftWithDocuments, permitApplicationData, registerApplicant, waitForStatus } from '../../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';
import { NotificationEntity } from '../../../src/licensing/permit.entity.js';
import { createLogger } from '../../../src/logger.js';
import { NotificationDeliveryEntity, type DeliveryResult, type NotificationChannel, type OutboundMessage } from '../../../src/notifications/index.js';

// a whole permit procedure up to its correction request runs with the real workers
jest.setTimeout(120_000);

/** An SMS gateway that is down: a delivery service we do not own. */
class UnavailableGateway implements NotificationChannel {
  readonly name = 'sms' as const;
  readonly received: OutboundMessage[] = [];
  deliver(message: OutboundMessage): Promise<DeliveryResult> {
    this.received.push(message);
    return Promise.resolve({ status: 'failed', error: 'gateway answered 503', retryable: true });
  }
}

let server: LicensingServer;
let reviewer: TestUser;
let officer: TestUser;
let colleague: TestUser;
const gateway = new UnavailableGateway();
const logLines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  const destination = new Writable({ write(chunk: Buffer, _encoding, done) { logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>); done(); } });
  server = await startLicensingServer({
    // Wednesday 2026-03-11, 09:00 in China
    startAt: new Date('2026-03-11T01:00:00Z'), notificationChannels: { sms: gateway }, notificationLogger: createLogger('info', { destination }),
  });
  reviewer = await server.officer('reviewer-gz', ['permit-reviewer-440100']);
  officer = await server.officer('station-officer', ['station-440106']);
  colleague = await server.officer('station-colleague', ['station-440106']);
});

afterAll(async () => {
  await server?.close();
});

const auth = (user: { token: string }) => ['Authorization', `Bearer ${user.token}`] as const;
const settingsOf = (user: { token: string }) => server.http.get('/api/me/notification-settings').set(...auth(user));
const putSettings = (user: { token: string }, body: unknown) => server.http.put('/api/me/notification-settings').set(...auth(user)).send(body as object);
const counts = async (user: { token: string }) => (await server.http.get('/api/inbox/counts').set(...auth(user))).body as { unread: number; byKind: Record<string, number> };

describe('PUT /api/me/notification-settings', () => {
  it('keeps the caller\'s e-mail address, mobile number and the kinds sent by each channel', async () => {
    // given
    expect((await settingsOf(officer)).body).toEqual({ email: null, mobile: null, emailKinds: [], smsKinds: [], kinds: expect.arrayContaining(['correction', 'urge']), channels: ['email', 'sms'] });

    // when
    const res = await putSettings(officer, { email: ' li.ming@gz.example.gov.cn ', mobile: '+86 138-0013-8000', emailKinds: ['urge', 'warning', 'urge'], smsKinds: ['urge'] });

    // then
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email: 'li.ming@gz.example.gov.cn', mobile: '13800138000', emailKinds: ['urge', 'warning'], smsKinds: ['urge'] });
    expect((await settingsOf(officer)).body).toMatchObject({ email: 'li.ming@gz.example.gov.cn', mobile: '13800138000', emailKinds: ['urge', 'warning'], smsKinds: ['urge'] });
    // fields left out stay
    expect((await putSettings(officer, { smsKinds: [] })).body).toMatchObject({ mobile: '13800138000', emailKinds: ['urge', 'warning'], smsKinds: [] });
  });

  it('records every change in the audit log as done by the caller, naming the fields changed but not the addresses', async () => {
    // given
    const settingsChanges = async () => (await server.auth.audit.list({ action: 'user.notification-settings-change', subjectId: 'station-officer', order: 'asc' })).items;
    const before = (await settingsChanges()).length;

    // when: an address and a kind change, then a request that changes nothing
    expect((await putSettings(officer, { mobile: '13900139000', emailKinds: ['urge'] })).status).toBe(200);
    expect((await putSettings(officer, { mobile: '139 0013 9000' })).status).toBe(200);

    // then
    const entries = (await settingsChanges()).slice(before);
    expect(entries).toEqual([expect.objectContaining({ actor: 'station-officer', subjectType: 'user', subjectId: 'station-officer', details: { changed: ['mobile', 'emailKinds'] } })]);
    expect(JSON.stringify(entries)).not.toContain('13900139000');
    expect((await server.auth.audit.verify()).ok).toBe(true);
  });

  it.each([
    [{ email: 'li.ming@' }, 'email'],
    [{ mobile: '1380013800' }, 'mobile'],
    [{ mobile: '23800138000' }, 'mobile'],
    [{ emailKinds: ['fax'] }, 'emailKinds.0'],
    [{ smsKinds: 'urge' }, 'smsKinds'],
    [{ pager: '123' }, ''],
    [{ mobile: null, smsKinds: ['warning'] }, 'mobile'],
  ])('answers 400 naming the field for %j, changing nothing', async (body, path) => {
    // given
    const before = (await settingsOf(colleague)).body;

    // when
    const res = await putSettings(colleague, body);

    // then
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.issues.map((i: { path: string }) => i.path)).toEqual([path]);
    expect((await settingsOf(colleague)).body).toEqual(before);
  });
});

describe('GET /api/inbox/counts and POST /api/inbox/read-all', () => {
  it('counts the unread notifications of the caller and its groups by kind, and marks them read all at once or by kind', async () => {
    // given: what the workbench, the clocks and the procedures put in the inboxes
    const send = server.licensing.services.notifications;
    const note = (recipientType: 'user' | 'group', recipient: string, kind: 'assignment' | 'carbon-copy' | 'urge' | 'warning', key: string) =>
      send.send({ recipientType, recipient, kind, title: `${kind} ${key}`, body: '请办理', applicationId: null, subject: { kind: 'task', id: `task-${key}` }, idempotencyKey: `counts:${key}` });
    await note('user', colleague.id, 'assignment', 'a1');
    await note('user', colleague.id, 'carbon-copy', 'c1');
    await note('user', colleague.id, 'carbon-copy', 'c2');
    await note('group', 'station-440106', 'urge', 'u1');
    await note('group', 'station-440106', 'warning', 'w1');
    await note('user', officer.id, 'assignment', 'other');

    // when / then
    expect(await counts(colleague)).toEqual({
      unread: 5, byKind: { assignment: 1, 'carbon-copy': 2, urge: 1, correction: 0, warning: 1, escalation: 0, status: 0, document: 0 },
    });

    // when: the urges are marked read
    const byKind = await server.http.post('/api/inbox/read-all').set(...auth(colleague)).send({ kind: 'urge' });

    // then
    expect(byKind.status).toBe(200);
    expect(byKind.body).toEqual({ marked: 1 });
    expect((await counts(colleague)).byKind).toMatchObject({ urge: 0, 'carbon-copy': 2 });

    // when: all the rest
    const all = await server.http.post('/api/inbox/read-all').set(...auth(colleague));

    // then: the inbox answers as before, with nothing unread; another user's own notification stays unread
    expect(all.body).toEqual({ marked: 4 });
    expect(await counts(colleague)).toMatchObject({ unread: 0 });
    const inbox = await server.http.get('/api/inbox').query({ unread: 'true' }).set(...auth(colleague));
    expect(inbox.body).toMatchObject({ items: [], total: 0, unread: 0 });
    expect((await counts(officer)).byKind).toMatchObject({ assignment: 1 });
    expect((await server.http.post('/api/inbox/read-all').set(...auth(colleague)).send({ kind: 'memo' })).status).toBe(400);
  });
});

describe('GET /api/inbox', () => {
  it('names what each notification is about, and no subject for a notification stored before subjects were recorded', async () => {
    // given: a notification with its subject, and one as stored before the subject columns existed
    const reader = await server.officer('inbox-reader', ['station-440106']);
    await server.licensing.services.notifications.send({
      recipientType: 'user', recipient: reader.id, kind: 'urge', title: '催办：调查取证', body: '请尽快办理', applicationId: null, subject: { kind: 'task', id: 'task-42' }, idempotencyKey: 'subject:new',
    });
    await server.advance(1000);
    await server.db.dataSource.getRepository(NotificationEntity).insert({
      id: randomUUID(), recipientType: 'user', recipient: reader.id, kind: 'warning', title: '临期预警：旧消息', body: '旧消息', applicationId: null,
      subjectKind: null, subjectId: null, createdAt: server.now(), readAt: null, idempotencyKey: 'subject:old',
    });

    // when
    const inbox = await server.http.get('/api/inbox').set(...auth(reader));

    // then
    expect(inbox.status).toBe(200);
    const items = inbox.body.items as Array<{ title: string; subject: unknown }>;
    expect(items.find((n) => n.title === '催办：调查取证')?.subject).toEqual({ kind: 'task', id: 'task-42' });
    expect(items.find((n) => n.title === '临期预警：旧消息')?.subject).toBeNull();
    expect(items.every((n) => !('subjectKind' in n) && !('subjectId' in n))).toBe(true);
  });

  it('answers one notification by its id (an e-mail\'s link), only from the caller\'s own inbox', async () => {
    // given: a notification of a station's group, and one of another user
    const member = await server.officer('inbox-member', ['station-440106']);
    const stranger = await server.officer('inbox-stranger', ['station-440105']);
    const inboxOf = async (user: TestUser) => (await server.http.get('/api/inbox').set(...auth(user))).body.items as Array<{ id: string; title: string }>;
    await server.licensing.services.notifications.send({
      recipientType: 'group', recipient: 'station-440106', kind: 'warning', title: '临期预警：核查举报', body: '即将到期', applicationId: null, subject: { kind: 'task', id: 'task-43' }, idempotencyKey: 'by-id:group',
    });
    const id = (await inboxOf(member)).find((n) => n.title === '临期预警：核查举报')?.id as string;

    // when
    const mine = await server.http.get('/api/inbox').query({ id }).set(...auth(member));
    const notMine = await server.http.get('/api/inbox').query({ id }).set(...auth(stranger));
    const bad = await server.http.get('/api/inbox').query({ id: 'not-an-id' }).set(...auth(member));

    // then
    expect(mine.body).toMatchObject({ items: [{ id, title: '临期预警：核查举报', subject: { kind: 'task', id: 'task-43' } }], total: 1 });
    expect(notMine.body).toMatchObject({ items: [], total: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.details.issues).toEqual([expect.objectContaining({ path: 'id' })]);
  });
});

describe('a correction request (补正) reaching the applicant', () => {
  it('arrives in the inbox as kind correction, goes out by e-mail through the log adapter, and a failing SMS gateway is retried, then recorded as failed, without failing the procedure', async () => {
    // given: an applicant who wants correction requests by e-mail and SMS
    const applicant = await registerApplicant(server, 'anbao');
    expect((await putSettings(applicant, { email: 'wang.fang@anbao.example.com', mobile: '13912345678', emailKinds: ['correction'], smsKinds: ['correction'] })).status).toBe(200);
    const id = await draftWithDocuments(server, applicant, 'security-company-permit', permitApplicationData());
    const submitted = await server.http.post(`/api/applications/${id}/submit`).set(...auth(applicant));
    expect(submitted.status).toBe(200);

    // when: the reviewer asks for a correction
    const pid = submitted.body.processInstanceId as string;
    expect((await completeTask(server, reviewer, pid, 'Task_AcceptanceCheck', { acceptanceDecision: 'correct', correctionItems: '公司章程：缺少全体股东签字', acceptanceReason: '材料不齐全' })).status).toBe(200);

    // then: the procedure goes on, and the applicant has an unread correction request
    await waitForStatus(server, applicant.token, id, 'correction-requested');
    const inbox = (await server.http.get('/api/inbox').set(...auth(applicant))).body.items as Array<{ kind: string; body: string; subject: unknown }>;
    expect(inbox.find((n) => n.kind === 'correction')).toMatchObject({ body: expect.stringContaining('公司章程：缺少全体股东签字'), subject: { kind: 'application', id } });
    expect((await counts(applicant)).byKind).toMatchObject({ correction: 1 });

    // when: the dispatcher runs
    await server.notifications.dispatcher.runOnce();

    // then: the e-mail went to the log, without the correction items
    const logged = logLines.filter((l) => l['recipientUserId'] === applicant.userId);
    expect(logged.filter((l) => l['msg'] === 'notification delivered to the log')).toEqual([expect.objectContaining({ channel: 'email', kind: 'correction', to: 'w***@anbao.example.com' })]);
    expect(JSON.stringify(logged)).not.toContain('公司章程');
    expect(gateway.received).toEqual([expect.objectContaining({ recipientUserId: applicant.userId, to: '13912345678', kind: 'correction' })]);

    // when: the retries fall due (1, 2, 4 and 8 minutes later)
    for (const minutes of [1, 2, 4, 8]) {
      await server.advance(minutes * 60_000);
      await server.notifications.dispatcher.runOnce();
    }

    // then: five attempts, recorded as failed
    const deliveries = await server.db.dataSource.getRepository(NotificationDeliveryEntity).findBy({ userId: applicant.userId });
    expect(deliveries.map((d) => [d.channel, d.status, d.attempts, d.lastError]).sort()).toEqual([
      ['email', 'sent', 1, null],
      ['sms', 'failed', 5, 'gateway answered 503'],
    ]);
    expect(gateway.received).toHaveLength(5);
    await server.advance(3600_000);
    await server.notifications.dispatcher.runOnce();
    expect(gateway.received).toHaveLength(5);
  });
});
