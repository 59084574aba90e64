/** The environment variables of outbound notification delivery, validated with the rest of the configuration (src/config.ts). */
import { z } from 'zod';
import { bilingual } from '../language.js';

/** Outbound delivery settings: which adapter each channel uses, and how failed deliveries are retried. */
export interface NotificationConfig {
  /** `NOTIFY_EMAIL` (`off`, `log` or `smtp`), with `SMTP_URL` and `SMTP_FROM` for `smtp`. */
  readonly email: { readonly mode: 'off' | 'log' } | { readonly mode: 'smtp'; readonly url: string; readonly from: string };
  /** `NOTIFY_SMS` (`off` or `log`). */
  readonly sms: { readonly mode: 'off' | 'log' };
  /** `NOTIFY_MAX_ATTEMPTS`: attempts per message before it is recorded as failed. */
  readonly maxAttempts: number;
  /** `NOTIFY_RETRY_SECONDS`: wait before the first retry; it doubles with each further attempt, up to six hours. */
  readonly retrySeconds: number;
  /** `NOTIFY_INTERVAL_SECONDS`: how often the dispatcher looks for new notifications and due retries. */
  readonly intervalSeconds: number;
}

/** The zod shape of the notification variables; `src/config.ts` spreads it into its environment schema. */
export const NOTIFICATION_ENV = {
  NOTIFY_EMAIL: withDefault(z.string().trim().toLowerCase().pipe(z.enum(['off', 'log', 'smtp'], { error: (i) => `must be off, log or smtp (got ${quote(i.input)})` })), 'log'),
  NOTIFY_SMS: withDefault(
    z.string().trim().toLowerCase().pipe(z.enum(['off', 'log'], { error: (i) => `must be off or log (got ${quote(i.input)}); an SMS gateway needs an adapter for its vendor` })),
    'log',
  ),
  // never echoed: it may hold the mail server's password
  SMTP_URL: optional(z.string().trim().refine(isSmtpUrl, { error: bilingual('must be an smtp:// or smtps:// URL such as smtps://user:password@mail.example.gov.cn:465', '须为 smtp:// 或 smtps:// 地址，如 smtps://user:password@mail.example.gov.cn:465') })),
  SMTP_FROM: optional(z.string().trim().regex(/^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, { error: (i) => `must be an e-mail address, optionally with a name: 系统 <noreply@example.gov.cn> (got ${quote(i.input)})` })),
  NOTIFY_MAX_ATTEMPTS: withDefault(integer(1, 20), 5),
  NOTIFY_RETRY_SECONDS: withDefault(integer(1, 86_400), 60),
  NOTIFY_INTERVAL_SECONDS: withDefault(integer(1, 3_600), 10),
};

/** The parsed values of {@link NOTIFICATION_ENV}. */
export type NotificationEnv = z.output<z.ZodObject<typeof NOTIFICATION_ENV>>;

/** Builds the {@link NotificationConfig} from validated variables. */
export function notificationConfigFrom(e: NotificationEnv): NotificationConfig {
  return {
    email: e.NOTIFY_EMAIL === 'smtp' ? { mode: 'smtp', url: e.SMTP_URL ?? '', from: e.SMTP_FROM ?? '' } : { mode: e.NOTIFY_EMAIL },
    sms: { mode: e.NOTIFY_SMS },
    maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
    retrySeconds: e.NOTIFY_RETRY_SECONDS,
    intervalSeconds: e.NOTIFY_INTERVAL_SECONDS,
  };
}

/** Rules between the notification variables (`smtp` needs `SMTP_URL` and `SMTP_FROM`, which nothing else uses), named by variable. */
export function notificationConfigIssues(env: NodeJS.ProcessEnv): Array<{ variable: string; message: string }> {
  const isSet = (name: string) => (env[name] ?? '').trim() !== '';
  const smtp = (env['NOTIFY_EMAIL'] ?? '').trim().toLowerCase() === 'smtp';
  const issues: Array<{ variable: string; message: string }> = [];
  for (const name of ['SMTP_URL', 'SMTP_FROM']) {
    if (smtp && !isSet(name)) issues.push({ variable: name, message: 'is required with NOTIFY_EMAIL=smtp' });
    if (!smtp && isSet(name)) issues.push({ variable: name, message: 'is only used with NOTIFY_EMAIL=smtp; set it or unset this variable' });
  }
  return issues;
}

// helpers ////

/** Treats empty or whitespace-only variables as unset. */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());
}

function withDefault<T extends z.ZodType>(schema: T, dflt: z.output<T>) {
  return optional(schema).transform((v) => (v === undefined ? dflt : (v as z.output<T>)));
}

function integer(min: number, max: number) {
  const message = `must be an integer between ${min} and ${max}`;
  return z.string().trim().regex(/^\d+$/, { error: message }).transform(Number).pipe(z.number().int().min(min, { error: message }).max(max, { error: message }));
}

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function quote(value: unknown): string {
  const text = String(value);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}
