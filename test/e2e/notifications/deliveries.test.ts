import type { TestUser } from '../../helpers/auth.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';
import type { DeliveryResult, NotificationChannel, OutboundMessage } from '../../../src/notifications/index.js';

/** An SMS gateway whose account has lapsed until the test renews it: a delivery service we do not own. */
class LapsedGateway implements NotificationChannel {
  readonly name = 'sms' as const;
  readonly received: OutboundMessage[] = [];
  renewed = false;
  deliver(message: OutboundMessage): Promise<DeliveryResult> {
    this.received.push(message);
    return Promise.resolve(this.renewed ? { status: 'sent' } : { status: 'failed', error: 'account suspended: arrears', retryable: false });
  }
}

let server: LicensingServer;
let admin: TestUser;
let officer: TestUser;
const gateway = new LapsedGateway();

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-03-11T01:00:00Z'), notificationChannels: { sms: gateway } });
  admin = await server.officer('ops-admin', ['admin']);
  officer = await server.officer('station-officer', ['station-440106']);
  await server.http.put('/api/me/notification-settings').set(...auth(officer)).send({ mobile: '13800138000', smsKinds: ['urge'] }).expect(200);
});

afterAll(async () => {
  await server?.close();
});

const auth = (user: { token: string }) => ['Authorization', `Bearer ${user.token}`] as const;
const deliveries = (user: TestUser, query: Record<string, string> = {}) => server.http.get('/api/admin/notification-deliveries').query(query).set(...auth(user));
const retry = (user: TestUser, id: string) => server.http.post(`/api/admin/notification-deliveries/${id}/retry`).set(...auth(user));

async function notify(kind: 'urge' | 'warning', title: string): Promise<void> {
  await server.licensing.services.notifications.send({ recipientType: 'user', recipient: officer.id, kind, title, body: `${title}。`, applicationId: null, subject: { kind: 'task-list', id: 'todo' }, idempotencyKey: `${kind}-${title}` });
}

describe('failed e-mail and SMS deliveries for administrators', () => {
  it('lists a failed delivery with its reason, retries it once the channel works again, and records who retried', async () => {
    // given: an urge that goes out by SMS while the gateway refuses
    await notify('urge', '请尽快办理许可审查');
    await server.notifications.dispatcher.runOnce();

    // when
    const failed = await deliveries(admin, { status: 'failed' });

    // then
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ total: 1, failed: 1, offset: 0, limit: 50 });
    const [item] = failed.body.items;
    expect(item).toMatchObject({ kind: 'urge', title: '请尽快办理许可审查', userId: 'station-officer', channel: 'sms', status: 'failed', attempts: 1, lastError: 'account suspended: arrears', sentAt: null });

    // when: the account is renewed and an administrator retries
    gateway.renewed = true;
    const retried = await retry(admin, item.id);

    // then: back in the queue, sent on the dispatcher's next pass, and the retry is attributable
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: item.id, status: 'pending', attempts: 0, lastError: 'account suspended: arrears' });
    await server.notifications.dispatcher.runOnce();
    expect((await deliveries(admin, { status: 'sent', channel: 'sms' })).body.items).toEqual([expect.objectContaining({ id: item.id, status: 'sent', attempts: 1, lastError: null })]);
    expect(gateway.received.map((m) => m.to)).toEqual(['13800138000', '13800138000']);
    const entries = (await server.auth.audit.list({ action: 'notification-delivery.retry', subjectId: item.id })).items;
    expect(entries).toEqual([expect.objectContaining({ actor: 'ops-admin', subjectType: 'notification-delivery', details: expect.objectContaining({ channel: 'sms', previousAttempts: 1, lastError: 'account suspended: arrears' }) })]);
  });

  it('retries only a failed delivery: 409 for one already sent, 404 for an unknown one, changing nothing', async () => {
    // given
    const sent = (await deliveries(admin, { status: 'sent' })).body.items[0];

    // when
    const again = await retry(admin, sent.id);
    const unknown = await retry(admin, '00000000-0000-4000-8000-000000000000');

    // then
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('only a failed delivery can be retried');
    expect(unknown.status).toBe(404);
    expect((await deliveries(admin, { status: 'sent' })).body.items[0]).toEqual(sent);
  });

  it('is for administrators only', async () => {
    expect((await deliveries(officer)).status).toBe(403);
    const sent = (await deliveries(admin)).body.items[0];
    expect((await retry(officer, sent.id)).status).toBe(403);
    expect((await server.http.get('/api/admin/notification-deliveries')).status).toBe(401);
  });

  it.each([
    [{ status: 'lost' }, 'status'],
    [{ channel: 'fax' }, 'channel'],
    [{ limit: '0' }, 'limit'],
    [{ from: 'yesterday' }, 'from'],
    [{ userId: 'has space' }, 'userId'],
  ])('answers 400 naming the parameter for %j', async (query, path) => {
    const res = await deliveries(admin, query);

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.issues.map((i: { path: string }) => i.path)).toEqual([path]);
  });
});

describe('GET /api/inbox?kind=', () => {
  it('lists only the notifications of one kind, with the unread count of the whole inbox', async () => {
    // given
    await notify('warning', '许可审查时限即将届满');

    // when
    const urges = await server.http.get('/api/inbox').query({ kind: 'urge' }).set(...auth(officer));
    const warnings = await server.http.get('/api/inbox').query({ kind: 'warning' }).set(...auth(officer));

    // then
    expect(urges.body).toMatchObject({ total: 1, unread: 2, items: [expect.objectContaining({ kind: 'urge', title: '请尽快办理许可审查' })] });
    expect(warnings.body).toMatchObject({ total: 1, items: [expect.objectContaining({ kind: 'warning' })] });
  });

  it('answers 400 naming kind for a kind that does not exist', async () => {
    const res = await server.http.get('/api/inbox').query({ kind: 'fax' }).set(...auth(officer));

    expect(res.status).toBe(400);
    expect(res.body.details.issues.map((i: { path: string }) => i.path)).toEqual(['kind']);
  });
});
