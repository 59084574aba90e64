/** The e-mail adapter for a mail server reached over SMTP (`NOTIFY_EMAIL=smtp`). */
import { createTransport } from 'nodemailer';
import type { DeliveryResult, NotificationChannel, OutboundMessage } from './channel.js';

/** Settings of {@link SmtpEmailChannel}. */
export interface SmtpSettings {
  /** `SMTP_URL`, e.g. `smtps://user:pass@mail.example.gov.cn:465` or `smtp://relay.internal:25`. */
  url: string;
  /** `SMTP_FROM`, e.g. `保安监管系统 <noreply@example.gov.cn>`. */
  from: string;
}

/**
 * Sends notifications as plain-text e-mail through one SMTP server (nodemailer). A 5xx answer (e.g. an unknown
 * mailbox) is a permanent failure; anything else, such as a refused connection or a 4xx answer, may be retried.
 */
export class SmtpEmailChannel implements NotificationChannel {
  readonly name = 'email' as const;
  private readonly transport;

  constructor(private readonly settings: SmtpSettings) {
    // a stuck server delays the next attempts, not the whole dispatcher
    this.transport = createTransport({ url: settings.url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  }

  async deliver(message: OutboundMessage): Promise<DeliveryResult> {
    try {
      const info = await this.transport.sendMail({
        from: this.settings.from, to: message.to, subject: message.subject, text: message.text,
      });
      return { status: 'sent', providerId: String(info.messageId) };
    } catch (error) {
      const code = (error as { responseCode?: unknown }).responseCode;
      const permanent = typeof code === 'number' && code >= 500 && code < 600;
      return { status: 'failed', error: describe(error), retryable: !permanent };
    }
  }

  /** Closes the pooled connections, if any. */
  close(): void {
    this.transport.close();
  }
}

// helpers ////

/** The error's code and first line, without the server's full transcript. */
function describe(error: unknown): string {
  const e = error as { code?: unknown; responseCode?: unknown; message?: unknown };
  const first = String(e.message ?? error).split('\n')[0] ?? '';
  return [e.code, e.responseCode, first].filter((p) => p !== undefined && p !== '').join(' ').slice(0, 500);
}
