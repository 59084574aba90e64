/**
 * Notifications beyond the inbox: unread counts, users' contact details and choices, and the dispatcher that
 * delivers inbox notifications by e-mail and SMS through pluggable channels. Wired by {@link createNotifications}.
 */
import type { DataSource } from 'typeorm';
import type { AuditLog } from '../audit/audit-log.js';
import type { Logger } from '../logger.js';
import type { ChannelName, NotificationChannel } from './channel.js';
import { NotificationDispatcher } from './dispatcher.js';
import { InboxCounts } from './inbox-counts.js';
import { LogChannel } from './log-channel.js';
import type { NotificationConfig } from './notification-config.js';
import { NotificationDeliveryEntity, NotificationPreferenceEntity } from './notification.entities.js';
import { NotificationSettings } from './notification-settings.js';
import { DeliveryLog } from './delivery-log.js';
import { SmtpEmailChannel } from './smtp-channel.js';

export type { ChannelName, DeliveryResult, NotificationChannel, OutboundMessage } from './channel.js';
export { CHANNEL_NAMES } from './channel.js';
export { NotificationDispatcher, type DispatchRun } from './dispatcher.js';
export { InboxCounts, type UnreadCounts } from './inbox-counts.js';
export {
  NOTIFICATION_KINDS, NOTIFICATION_KIND_LABELS, NOTIFICATION_SUBJECT_KINDS, isNotificationKind, type NotificationKind, type NotificationSubject, type NotificationSubjectKind,
} from './kinds.js';
export { LogChannel, maskAddress } from './log-channel.js';
export { NOTIFICATION_ENV, notificationConfigFrom, notificationConfigIssues, type NotificationConfig } from './notification-config.js';
export { NotificationDeliveryEntity, NotificationPreferenceEntity, type DeliveryStatus } from './notification.entities.js';
export { DeliveryLog, type DeliveryFilter, type DeliveryView } from './delivery-log.js';
export { NotificationSettings, type NotificationSettingsChange, type NotificationSettingsView } from './notification-settings.js';
export { SmtpEmailChannel } from './smtp-channel.js';

/** The TypeORM entities of the notifications module. */
export const notificationEntities = [NotificationDeliveryEntity, NotificationPreferenceEntity];

/** What {@link createNotifications} needs. */
export interface NotificationsDeps {
  dataSource: DataSource;
  config: NotificationConfig;
  logger: Logger;
  now: () => Date;
  /** Where users log in, named in e-mails and SMS (`PUBLIC_BASE_URL`). */
  publicBaseUrl: string;
  /** The audit log that records changes to users' contacts and settings. */
  audit: AuditLog;
  /** Adapters to use instead of those `config` chooses, e.g. a vendor's SMS gateway. */
  channels?: Partial<Record<ChannelName, NotificationChannel>>;
}

/** The notifications module as the API and the composition root use it. */
export interface NotificationCenter {
  counts: InboxCounts;
  settings: NotificationSettings;
  /** The deliveries by e-mail and SMS, for administrators, with a retry of failed ones. */
  deliveries: DeliveryLog;
  dispatcher: NotificationDispatcher;
  /** The channels in use (`off` ones absent). */
  channels: Partial<Record<ChannelName, NotificationChannel>>;
  /** Starts the dispatcher's loop (`NOTIFY_INTERVAL_SECONDS`). */
  start(): void;
  /** Stops the loop, waiting for a pass in progress, and closes the channels. */
  stop(): Promise<void>;
}

/** Builds the notifications module: the channels `config` chooses (log-only by default) and the dispatcher over them. */
export function createNotifications(deps: NotificationsDeps): NotificationCenter {
  const { dataSource, config, logger, now } = deps;
  const log = logger.child({ module: 'notifications' });
  const channels: Partial<Record<ChannelName, NotificationChannel>> = {};
  if (config.email.mode === 'log') channels.email = new LogChannel('email', log);
  if (config.email.mode === 'smtp') channels.email = new SmtpEmailChannel({ url: config.email.url, from: config.email.from });
  if (config.sms.mode === 'log') channels.sms = new LogChannel('sms', log);
  Object.assign(channels, deps.channels);
  const dispatcher = new NotificationDispatcher({
    dataSource, channels, logger: log, now, maxAttempts: config.maxAttempts, retrySeconds: config.retrySeconds, publicBaseUrl: deps.publicBaseUrl,
  });
  return {
    counts: new InboxCounts(dataSource, now),
    settings: new NotificationSettings(dataSource, now, deps.audit),
    deliveries: new DeliveryLog(dataSource, now, deps.audit),
    dispatcher,
    channels,
    start: () => dispatcher.start(config.intervalSeconds * 1000),
    async stop() {
      await dispatcher.stop();
      for (const channel of Object.values(channels)) if (channel instanceof SmtpEmailChannel) channel.close();
    },
  };
}
