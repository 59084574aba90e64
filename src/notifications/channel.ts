/** The boundary to outbound delivery services: SMS gateways and mail servers. */
import type { NotificationKind } from './kinds.js';

/** The outbound channels a notification can take besides the in-app inbox. */
export const CHANNEL_NAMES = ['email', 'sms'] as const;

/** One of {@link CHANNEL_NAMES}. */
export type ChannelName = (typeof CHANNEL_NAMES)[number];

/**
 * One message to one person through one channel. It carries the notification's title and where to read the
 * rest, never its body: case details stay inside the system.
 */
export interface OutboundMessage {
  /** The delivery record this attempt belongs to; the same id on every retry (an idempotency key for providers). */
  deliveryId: string;
  notificationId: string;
  kind: NotificationKind;
  /** The user the message is for (login name). */
  recipientUserId: string;
  /** The e-mail address or mobile number. */
  to: string;
  /** The notification's title (an e-mail's subject). */
  subject: string;
  /** The text to send: the title and where to read the notification. */
  text: string;
}

/** What a channel reports for one message. */
export type DeliveryResult =
  /** Accepted by the provider; `providerId` is its message id, where it gives one. */
  | { status: 'sent'; providerId?: string }
  /** Not accepted; `retryable` false when trying again cannot help (e.g. the address was refused). */
  | { status: 'failed'; error: string; retryable: boolean };

/**
 * An outbound delivery adapter (an SMS gateway, a mail server). `deliver` resolves with the outcome; a rejected
 * promise counts as a retryable failure. Implementations must not log the message text.
 */
export interface NotificationChannel {
  readonly name: ChannelName;
  deliver(message: OutboundMessage): Promise<DeliveryResult>;
}
