/** The default delivery adapter: writes one log line per message instead of sending it. */
import type { Logger } from '../logger.js';
import type { ChannelName, DeliveryResult, NotificationChannel, OutboundMessage } from './channel.js';

/**
 * A channel that only logs what it would send: which notification, of which kind, to which user and a masked
 * address. Neither the title nor the text is logged, so nothing about a case or a complainant reaches the log.
 * The default for both channels until a mail server or an SMS gateway is configured.
 */
export class LogChannel implements NotificationChannel {
  constructor(readonly name: ChannelName, private readonly logger: Logger) {}

  deliver(message: OutboundMessage): Promise<DeliveryResult> {
    this.logger.info('notification delivered to the log', {
      channel: this.name, deliveryId: message.deliveryId, notificationId: message.notificationId, kind: message.kind,
      recipientUserId: message.recipientUserId, to: maskAddress(message.to),
    });
    return Promise.resolve({ status: 'sent' });
  }
}

/** An address with most of it hidden, for logs: `z***@example.cn`, `138****8000`. */
export function maskAddress(address: string): string {
  const at = address.indexOf('@');
  if (at > 0) return `${address.slice(0, 1)}***${address.slice(at)}`;
  if (address.length >= 7) return `${address.slice(0, 3)}****${address.slice(-4)}`;
  return '***';
}
