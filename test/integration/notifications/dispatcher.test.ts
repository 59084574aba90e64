import { Writable } from 'node:stream';
import { identityEntities } from '../../../src/identity/index.js';
import { licensingEntities } from '../../../src/licensing/index.js';
import { Notifications, type NewNotification } from '../../../src/licensing/notifications.js';
import { createLogger } from '../../../src/logger.js';
import {
  LogChannel, NotificationDeliveryEntity, NotificationDispatcher, NotificationSettings, notificationEntities,
  type DeliveryResult, type NotificationChannel, type OutboundMessage,
} from '../../../src/notifications/index.js';
import { createAuthFixture, createUserWithToken } from '../../helpers/auth.js';
import { createTestDataSource, type TestDatabase } from '../../helpers/test-db.js';

/** A delivery service we do not own, answering with what the test tells it. */
class ScriptedChannel implements NotificationChannel {
  readonly received: OutboundMessage[] = [];
  constructor(readonly name: 'email' | 'sms', private readonly answer: () => Promise<DeliveryResult>) {}
  deliver(message: OutboundMessage): Promise<DeliveryResult> {
    this.received.push(message);
    return this.answer();
  }
}

let db: TestDatabase;
let inbox: Notifications;
let current: number;
const now = () => new Date(current);
let lines: Array<Record<string, unknown>>;
let logChannels: { email: LogChannel; sms: LogChannel };

const GROUP = 'station-440106';
const urge = (overrides: Partial<NewNotification> = {}): NewNotification => ({
  recipientType: 'group', recipient: GROUP, kind: 'urge', title: '催办：现场检查', body: '张三反映的线索请尽快核查', applicationId: null,
  subject: { kind: 'task', id: 'task-1' }, idempotencyKey: `urge:${Math.random()}`, ...overrides,
});
const dispatcher = (channels: Partial<Record<'email' | 'sms', NotificationChannel>>, maxAttempts = 3) =>
  new NotificationDispatcher({ dataSource: db.dataSource, channels, logger: createLogger('silent'), now, maxAttempts, retrySeconds: 60, publicBaseUrl: 'https://jg.example.gov.cn' });
const deliveries = () => db.dataSource.getRepository(NotificationDeliveryEntity).find({ order: { userId: 'ASC', channel: 'ASC' } });

beforeAll(async () => {
  db = await createTestDataSource({ entities: [...identityEntities, ...licensingEntities, ...notificationEntities] });
  const fixture = createAuthFixture(db.dataSource);
  current = Date.parse('2026-05-06T01:00:00Z');
  inbox = new Notifications(db.dataSource, now);
  const settings = new NotificationSettings(db.dataSource, now);
  await createUserWithToken(fixture, { id: 'officer-a', groups: [GROUP] });
  await createUserWithToken(fixture, { id: 'officer-b', groups: [GROUP] });
  await createUserWithToken(fixture, { id: 'officer-c', groups: [GROUP] });
  await createUserWithToken(fixture, { id: 'applicant-x' });
  await settings.update('officer-a', { email: 'officer.a@example.gov.cn', mobile: '13800138000', emailKinds: ['urge'], smsKinds: ['urge', 'warning'] });
  await settings.update('officer-c', { email: 'officer.c@example.gov.cn', emailKinds: ['warning'] });
  await settings.update('applicant-x', { email: 'x@example.com', emailKinds: ['correction'] });
  // officer-b chose nothing
  const destination = new Writable({ write(chunk: Buffer, _encoding, done) { lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>); done(); } });
  const logger = createLogger('info', { destination });
  logChannels = { email: new LogChannel('email', logger), sms: new LogChannel('sms', logger) };
});

beforeEach(async () => {
  lines = [];
  await db.clear('notification_delivery', 'lic_notification');
});

afterAll(async () => {
  await db?.destroy();
});

describe(NotificationDispatcher.name, () => {
  it('delivers a group notification through the log adapter to each member who chose its kind, logging no title or body', async () => {
    // given
    await inbox.send(urge());

    // when
    const run = await dispatcher(logChannels).runOnce();

    // then
    expect(run).toEqual({ dispatched: 1, attempted: 2 });
    expect(lines.map((l) => [l['recipientUserId'], l['channel'], l['kind'], l['to']])).toEqual(expect.arrayContaining([
      ['officer-a', 'email', 'urge', 'o***@example.gov.cn'],
      ['officer-a', 'sms', 'urge', '138****8000'],
    ]));
    expect(lines).toHaveLength(2);
    expect(JSON.stringify(lines)).not.toMatch(/张三|催办|现场检查/);
    expect((await deliveries()).map((d) => [d.userId, d.channel, d.status, d.attempts, d.lastError])).toEqual([
      ['officer-a', 'email', 'sent', 1, null],
      ['officer-a', 'sms', 'sent', 1, null],
    ]);
  });

  it('takes each notification up once, however often it runs', async () => {
    // given
    await inbox.send(urge());
    const channel = new ScriptedChannel('email', () => Promise.resolve({ status: 'sent' }));
    const sut = dispatcher({ email: channel });

    // when
    await Promise.all([sut.runOnce(), sut.runOnce()]);
    await sut.runOnce();
    await dispatcher({ email: channel }).runOnce();

    // then
    expect(channel.received).toHaveLength(1);
  });

  it('sends the kinds a user chose to that user only, with the title and where to read the rest but not the body', async () => {
    // given
    const email = new ScriptedChannel('email', () => Promise.resolve({ status: 'sent', providerId: 'm-1' }));
    await inbox.send({ recipientType: 'user', recipient: 'applicant-x', kind: 'correction', title: '保安服务公司设立许可：待补正', body: '公司章程：缺少全体股东签字', applicationId: null, subject: { kind: 'application', id: 'app-1' }, idempotencyKey: 'c-1' });
    await inbox.send({ recipientType: 'user', recipient: 'applicant-x', kind: 'status', title: '保安服务公司设立许可：已受理', body: '已受理', applicationId: null, subject: { kind: 'application', id: 'app-1' }, idempotencyKey: 's-1' });
    await inbox.send({ recipientType: 'user', recipient: 'officer-b', kind: 'urge', title: '催办', body: '请办理', applicationId: null, subject: { kind: 'task', id: 'task-1' }, idempotencyKey: 'u-1' });

    // when
    await dispatcher({ email }).runOnce();

    // then
    expect(email.received).toEqual([expect.objectContaining({ recipientUserId: 'applicant-x', kind: 'correction', to: 'x@example.com', subject: '保安服务公司设立许可：待补正' })]);
    // the e-mail links the notification in the inbox, which opens what it is about
    expect(email.received[0]!.text).toContain(`https://jg.example.gov.cn/inbox?open=${email.received[0]!.notificationId}`);
    expect(email.received[0]!.text).not.toContain('股东');
  });

  it('retries a failing channel with a doubling backoff and records the delivery as failed after the last attempt', async () => {
    // given
    const sms = new ScriptedChannel('sms', () => Promise.resolve({ status: 'failed', error: 'gateway answered 503', retryable: true }));
    const sut = dispatcher({ sms }, 3);
    await inbox.send(urge({ kind: 'warning' }));

    // when: the first attempt fails
    await sut.runOnce();

    // then: it waits a minute
    let [delivery] = await deliveries();
    expect(delivery).toMatchObject({ userId: 'officer-a', channel: 'sms', status: 'pending', attempts: 1, lastError: 'gateway answered 503' });
    expect(delivery!.nextAttemptAt!.getTime()).toBe(current + 60_000);
    await sut.runOnce();
    expect(sms.received).toHaveLength(1);

    // when: a minute later, then two more
    current += 60_000;
    await sut.runOnce();
    [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'pending', attempts: 2 });
    expect(delivery!.nextAttemptAt!.getTime()).toBe(current + 120_000);
    current += 120_000;
    await sut.runOnce();

    // then: given up after the third attempt, and visible as such
    [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'failed', attempts: 3, lastError: 'gateway answered 503', nextAttemptAt: null, sentAt: null });
    current += 24 * 3600_000;
    await sut.runOnce();
    expect(sms.received).toHaveLength(3);
  });

  it('counts an adapter that throws as a retryable failure, and does not retry a permanent one', async () => {
    // given
    const email = new ScriptedChannel('email', () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:25')));
    const sms = new ScriptedChannel('sms', () => Promise.resolve({ status: 'failed', error: 'number is not reachable', retryable: false }));
    await inbox.send(urge());

    // when
    await dispatcher({ email, sms }).runOnce();

    // then
    expect((await deliveries()).map((d) => [d.channel, d.status, d.attempts, d.lastError])).toEqual([
      ['email', 'pending', 1, 'connect ECONNREFUSED 127.0.0.1:25'],
      ['sms', 'failed', 1, 'number is not reachable'],
    ]);
  });

  it('delivers nothing for a notification whose business transaction rolled back', async () => {
    // given
    const email = new ScriptedChannel('email', () => Promise.resolve({ status: 'sent' }));
    await expect(db.dataSource.transaction(async (m) => {
      await inbox.send(urge(), m);
      throw new Error('the business operation failed');
    })).rejects.toThrow('the business operation failed');

    // when
    const run = await dispatcher({ email }).runOnce();

    // then
    expect(run).toEqual({ dispatched: 0, attempted: 0 });
    expect(email.received).toHaveLength(0);
  });
});
