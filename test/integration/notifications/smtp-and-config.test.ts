import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { SmtpEmailChannel, type OutboundMessage } from '../../../src/notifications/index.js';

/** A mail server on the loopback interface speaking just enough SMTP; it refuses mailboxes named `unknown`. */
function startMailServer(): Promise<{ server: Server; port: number; messages: string[] }> {
  const messages: string[] = [];
  const server = createServer((socket: Socket) => {
    let data: string | null = null;
    let buffer = '';
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 mail.test ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (data !== null) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          messages.push(data + buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          data = null;
          reply('250 2.0.0 queued as 1');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 mail.test');
        else if (verb === 'MAIL') reply('250 2.1.0 ok');
        else if (verb === 'RCPT') reply(line.includes('unknown@') ? '550 5.1.1 no such mailbox' : '250 2.1.5 ok');
        else if (verb === 'DATA') {
          data = '';
          reply('354 go ahead');
        } else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
        } else if (verb === 'RSET' || verb === 'NOOP') reply('250 ok');
        else reply('502 not implemented');
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, messages })));
}

const message = (to: string): OutboundMessage => ({
  deliveryId: 'd-1', notificationId: 'n-1', kind: 'urge', recipientUserId: 'officer-a', to, subject: '催办：现场检查', text: '催办：现场检查\n\n请登录系统查看详情。',
});

describe(SmtpEmailChannel.name, () => {
  let mail: Awaited<ReturnType<typeof startMailServer>>;
  beforeAll(async () => {
    mail = await startMailServer();
  });
  afterAll(async () => {
    await new Promise((resolve) => mail.server.close(resolve));
  });

  it('hands a message to the mail server', async () => {
    // given
    const sut = new SmtpEmailChannel({ url: `smtp://127.0.0.1:${mail.port}`, from: '监管系统 <noreply@example.gov.cn>' });

    // when
    const result = await sut.deliver(message('officer.a@example.gov.cn'));
    sut.close();

    // then
    expect(result).toMatchObject({ status: 'sent', providerId: expect.any(String) });
    expect(mail.messages).toHaveLength(1);
    expect(mail.messages[0]).toMatch(/^To: officer\.a@example\.gov\.cn$/m);
    expect(mail.messages[0]).toMatch(/^Subject: =\?UTF-8\?/m);
  });

  it('reports a refused mailbox as a permanent failure and an unreachable server as a retryable one', async () => {
    // given
    const refused = new SmtpEmailChannel({ url: `smtp://127.0.0.1:${mail.port}`, from: 'noreply@example.gov.cn' });
    const closed = await startMailServer();
    await new Promise((resolve) => closed.server.close(resolve));
    const unreachable = new SmtpEmailChannel({ url: `smtp://127.0.0.1:${closed.port}`, from: 'noreply@example.gov.cn' });

    // when
    const permanent = await refused.deliver(message('unknown@example.gov.cn'));
    const transient = await unreachable.deliver(message('officer.a@example.gov.cn'));
    refused.close();
    unreachable.close();

    // then
    expect(permanent).toMatchObject({ status: 'failed', retryable: false, error: expect.stringContaining('550') });
    expect(transient).toMatchObject({ status: 'failed', retryable: true, error: expect.stringContaining('ECONNREFUSED') });
  });
});

describe('notification configuration', () => {
  const issuesOf = (env: NodeJS.ProcessEnv) => {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.issues.map((i) => i.variable).sort();
      throw error;
    }
    return [];
  };

  it('defaults to the log-only adapters, five attempts a minute apart and doubling, a pass every ten seconds', () => {
    expect(loadConfig({}).notifications).toEqual({ email: { mode: 'log' }, sms: { mode: 'log' }, maxAttempts: 5, retrySeconds: 60, intervalSeconds: 10 });
  });

  it('takes an SMTP server with its sender', () => {
    const config = loadConfig({ NOTIFY_EMAIL: 'smtp', SMTP_URL: 'smtps://u:p@mail.example.gov.cn:465', SMTP_FROM: '系统 <noreply@example.gov.cn>', NOTIFY_SMS: 'off' });
    expect(config.notifications).toMatchObject({ email: { mode: 'smtp', url: 'smtps://u:p@mail.example.gov.cn:465', from: '系统 <noreply@example.gov.cn>' }, sms: { mode: 'off' } });
  });

  it.each([
    [{ NOTIFY_EMAIL: 'fax' }, ['NOTIFY_EMAIL']],
    [{ NOTIFY_SMS: 'aliyun' }, ['NOTIFY_SMS']],
    [{ NOTIFY_EMAIL: 'smtp' }, ['SMTP_FROM', 'SMTP_URL']],
    [{ NOTIFY_EMAIL: 'smtp', SMTP_URL: 'http://mail.example.gov.cn', SMTP_FROM: 'noreply' }, ['SMTP_FROM', 'SMTP_URL']],
    [{ SMTP_URL: 'smtp://relay:25' }, ['SMTP_URL']],
    [{ NOTIFY_MAX_ATTEMPTS: '0', NOTIFY_RETRY_SECONDS: 'soon', NOTIFY_INTERVAL_SECONDS: '99999' }, ['NOTIFY_INTERVAL_SECONDS', 'NOTIFY_MAX_ATTEMPTS', 'NOTIFY_RETRY_SECONDS']],
  ])('refuses %j naming %j', (env, variables) => {
    expect(issuesOf(env)).toEqual(variables);
  });

  it('never repeats the SMTP URL, which may hold a password, in its message', () => {
    expect(() => loadConfig({ NOTIFY_EMAIL: 'smtp', SMTP_URL: 'ftp://user:s3cret@mail', SMTP_FROM: 'a@b.cn' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('s3cret') }));
  });
});
