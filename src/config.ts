import { z } from 'zod';
import { parseDatabaseUrl, type DatabaseSettings } from './db/data-source.js';
import { USER_ID_PATTERN } from './identity/identity.types.js';
import { RESPONSE_CHECK_MODES, type ResponseCheckMode } from './api/middleware/response-contract.js';
import { LOG_LEVELS, type LogLevel } from './logger.js';
import { NOTIFICATION_ENV, notificationConfigFrom, notificationConfigIssues, type NotificationConfig } from './notifications/notification-config.js';

/** Where BPMN processes run. */
export type EngineConfig =
  /** The engine embedded in this process, served at `/engine-rest`. */
  | { readonly mode: 'embedded' }
  /** A remote Camunda-7-compatible REST root such as `http://operaton:8080/engine-rest`. */
  | {
      readonly mode: 'remote';
      /** REST root without a trailing slash. */
      readonly url: string;
      /** HTTP Basic credentials for the remote engine; null when it needs none. */
      readonly credentials: { readonly user: string; readonly password: string } | null;
    };

/** The validated, frozen process configuration, read once at start-up by {@link loadConfig}. */
export interface Config {
  /** `PORT`: TCP port of the HTTP server. */
  readonly port: number;
  /** `HOST`: interface the HTTP server binds to. */
  readonly host: string;
  /** `DATABASE_URL`, parsed. */
  readonly database: Readonly<DatabaseSettings>;
  /** `ENGINE_URL`, `ENGINE_USER`, `ENGINE_PASSWORD`. */
  readonly engine: EngineConfig;
  /** `ADMIN_PASSWORD`: password of the `admin` user created on first start; generated when undefined. */
  readonly adminPassword: string | undefined;
  /** `JWT_SECRET`: HS256 signing key; when undefined one is generated and kept in the database. */
  readonly jwtSecret: string | undefined;
  /** `JWT_EXPIRES_IN` as written, e.g. `8h`. */
  readonly jwtExpiresIn: string;
  /** `JWT_EXPIRES_IN` in seconds. */
  readonly jwtExpiresInSeconds: number;
  /** `WORKER_USER`: the technical account external-task workers act as. */
  readonly workerUser: string;
  /** `LOG_LEVEL`. */
  readonly logLevel: LogLevel;
  /**
   * `API_RESPONSE_CHECK`: whether `/api` checks its own successful JSON answers against the response schemas of its
   * OpenAPI description: `off` (default), `log` (a warning per mismatch) or `strict` (a mismatch answers 500; for tests).
   */
  readonly apiResponseCheck: ResponseCheckMode;
  /** `LOGIN_MAX_FAILURES` and `LOGIN_LOCK_MINUTES`: failed logins of a user name from one address before it is locked, and for how long. */
  readonly loginThrottle: { readonly maxFailures: number; readonly lockMinutes: number };
  /**
   * `TRUST_PROXY`: whether the server runs behind a reverse proxy whose `X-Forwarded-For` names the caller's address
   * (for the audit log and the login lockout); off by default, when the header is ignored.
   */
  readonly trustProxy: boolean;
  /** `PUBLIC_SUBMISSIONS_PER_HOUR`: requests the public may send without an account (registrations, tips, additions) per address and hour. */
  readonly publicSubmissionsPerHour: number;
  /** `WORKERS_ENABLED`: whether this process runs the external-task workers. */
  readonly workersEnabled: boolean;
  /**
   * `ENGINE_NODE_ID`: this node's name as lock owner of the jobs its embedded engine runs, stable across its
   * restarts; undefined = derived from the host name and `PORT`.
   */
  readonly engineNodeId: string | undefined;
  /** Settings of the licensing procedures (permits, filings, guard certificates). */
  readonly licensing: LicensingConfig;
  /** `NOTIFY_EMAIL`, `NOTIFY_SMS`, `SMTP_URL`, `SMTP_FROM`, `NOTIFY_MAX_ATTEMPTS`, `NOTIFY_RETRY_SECONDS`, `NOTIFY_INTERVAL_SECONDS`. */
  readonly notifications: NotificationConfig;
}

/** Settings of the licensing procedures; every deadline and numbering rule is configuration, not code. */
export interface LicensingConfig {
  /** `FILE_STORAGE_DIR`: where uploaded application documents are kept (outside the database). */
  readonly fileStorageDir: string;
  /** `UPLOAD_MAX_BYTES`: largest accepted upload. */
  readonly uploadMaxBytes: number;
  /** `URGE_INTERVAL_MINUTES`: how long after an urge (催办) the same task may be urged again. */
  readonly urgeIntervalMinutes: number;
  /**
   * `LIST_READ_PAGE`: how many tasks a workbench list asks the engine for at a time when it reads all of a user's
   * tasks (to filter them by their cases); a remote engine may cap the page size lower.
   */
  readonly listReadPage: number;
  /** `PERMIT_DECISION_LEVEL`: whether the province (default) or, where delegated, the city decides on permits. */
  readonly permitDecisionLevel: 'province' | 'city';
  /** `CLOCK_RULES_FILE`: JSON overrides of the statutory clock rules and colour thresholds. */
  readonly clockRulesFile: string | undefined;
  /** `HOLIDAY_CALENDAR_FILE`: JSON holiday and adjusted-workday calendar for years the built-in calendar lacks. */
  readonly holidayCalendarFile: string | undefined;
  /** `REGIONS_FILE`: JSON table of the province's cities and their public security authorities. */
  readonly regionsFile: string | undefined;
  /** `NUMBER_PATTERNS_FILE`: JSON patterns of application, permit, certificate and document numbers. */
  readonly numberPatternsFile: string | undefined;
  /** `PUBLIC_BASE_URL`: the address the public uses, printed on documents for verification. */
  readonly publicBaseUrl: string;
  /** `GUARD_EXAM_PASS_SCORE`: lowest passing score of the guard exam (60 by default). */
  readonly guardExamPassScore: number;
  /** `DOCUMENT_FONT_FILE`: a CJK TrueType/OpenType font; official documents are also offered as PDF when set. */
  readonly documentFontFile: string | undefined;
}

/** One invalid environment variable. */
export interface ConfigIssue {
  variable: string;
  message: string;
}

/** Thrown by {@link loadConfig} when environment variables are invalid; lists every invalid variable at once. */
export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the configuration from environment variables (`process.env` by default). Empty
 * variables count as unset. Throws {@link ConfigError} naming every invalid variable; returns a frozen
 * {@link Config} otherwise.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const issues: ConfigIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '(environment)'), message: issue.message }));
  issues.push(...crossFieldIssues(env));
  issues.push(...notificationConfigIssues(env));
  if (!parsed.success || issues.length > 0) throw new ConfigError(dedupe(issues));

  const e = parsed.data;
  const engine: EngineConfig =
    e.ENGINE_URL === undefined
      ? { mode: 'embedded' }
      : {
          mode: 'remote',
          url: e.ENGINE_URL,
          credentials:
            e.ENGINE_USER !== undefined && e.ENGINE_PASSWORD !== undefined
              ? { user: e.ENGINE_USER, password: e.ENGINE_PASSWORD }
              : null,
        };
  return deepFreeze({
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL,
    engine,
    adminPassword: e.ADMIN_PASSWORD,
    jwtSecret: e.JWT_SECRET,
    jwtExpiresIn: e.JWT_EXPIRES_IN.text,
    jwtExpiresInSeconds: e.JWT_EXPIRES_IN.seconds,
    workerUser: e.WORKER_USER,
    logLevel: e.LOG_LEVEL,
    apiResponseCheck: e.API_RESPONSE_CHECK,
    loginThrottle: { maxFailures: e.LOGIN_MAX_FAILURES, lockMinutes: e.LOGIN_LOCK_MINUTES },
    workersEnabled: e.WORKERS_ENABLED,
    trustProxy: e.TRUST_PROXY,
    publicSubmissionsPerHour: e.PUBLIC_SUBMISSIONS_PER_HOUR,
    engineNodeId: e.ENGINE_NODE_ID,
    licensing: {
      fileStorageDir: e.FILE_STORAGE_DIR,
      uploadMaxBytes: e.UPLOAD_MAX_BYTES,
      urgeIntervalMinutes: e.URGE_INTERVAL_MINUTES,
      listReadPage: e.LIST_READ_PAGE,
      permitDecisionLevel: e.PERMIT_DECISION_LEVEL,
      clockRulesFile: e.CLOCK_RULES_FILE,
      holidayCalendarFile: e.HOLIDAY_CALENDAR_FILE,
      regionsFile: e.REGIONS_FILE,
      numberPatternsFile: e.NUMBER_PATTERNS_FILE,
      publicBaseUrl: e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`,
      guardExamPassScore: e.GUARD_EXAM_PASS_SCORE,
      documentFontFile: e.DOCUMENT_FONT_FILE,
    },
    notifications: notificationConfigFrom(e),
  });
}

/**
 * Parses a duration such as `90s`, `15m`, `8h` or `7d` into seconds; returns null when the text is not such a
 * duration or is zero.
 */
export function parseDuration(text: string): number | null {
  const match = /^(\d{1,9})([smhd])$/.exec(text.trim());
  if (!match) return null;
  const amount = Number(match[1]);
  const seconds = amount * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  return seconds > 0 ? seconds : null;
}

// helpers ////

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** Treats empty or whitespace-only variables as unset. */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());
}

function withDefault<T extends z.ZodType>(schema: T, dflt: z.output<T>) {
  return optional(schema).transform((v) => (v === undefined ? dflt : (v as z.output<T>)));
}

const portSchema = z
  .string()
  .trim()
  .regex(/^\d+$/, { error: (i) => `must be an integer between 1 and 65535 (got ${quote(i.input)})` })
  .transform(Number)
  .pipe(z.number().int().min(1, { error: 'must be between 1 and 65535' }).max(65535, { error: 'must be between 1 and 65535' }));

const databaseSchema = z.string().transform((value, ctx): DatabaseSettings => {
  try {
    return parseDatabaseUrl(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
    return z.NEVER;
  }
});

const engineUrlSchema = z.string().transform((value, ctx): string => {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    ctx.addIssue({ code: 'custom', message: `must be an http(s) URL such as http://operaton:8080/engine-rest (got ${quote(value)})` });
    return z.NEVER;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `must use http or https (got ${url.protocol.replace(/:$/, '')})` });
    return z.NEVER;
  }
  if (url.username || url.password) {
    ctx.addIssue({ code: 'custom', message: 'must not contain credentials; set ENGINE_USER and ENGINE_PASSWORD instead' });
    return z.NEVER;
  }
  return url.toString().replace(/\/+$/, '');
});

const durationSchema = z.string().transform((value, ctx) => {
  const seconds = parseDuration(value);
  if (seconds === null) {
    ctx.addIssue({ code: 'custom', message: `must be a positive duration such as 15m, 8h or 7d (got ${quote(value)})` });
    return z.NEVER;
  }
  return { text: value.trim(), seconds };
});

const booleanSchema = z.string().transform((value, ctx) => {
  const v = value.trim().toLowerCase();
  if (TRUE_WORDS.includes(v)) return true;
  if (FALSE_WORDS.includes(v)) return false;
  ctx.addIssue({ code: 'custom', message: `must be true or false (got ${quote(value)})` });
  return z.NEVER;
});

const TRUE_WORDS = ['true', '1', 'yes', 'on'];
const FALSE_WORDS = ['false', '0', 'no', 'off'];

const envSchema = z.object({
  PORT: withDefault(portSchema, 8080),
  HOST: withDefault(z.string().trim(), '0.0.0.0'),
  DATABASE_URL: withDefault(databaseSchema, parseDatabaseUrl('sqlite:./data/supervision.db')),
  ENGINE_URL: optional(engineUrlSchema),
  ENGINE_USER: optional(z.string()),
  ENGINE_PASSWORD: optional(z.string()),
  ADMIN_PASSWORD: optional(
    z
      .string()
      .min(8, { error: 'must be at least 8 characters long' })
      .refine((v) => Buffer.byteLength(v, 'utf8') <= 72, { error: 'must be at most 72 bytes long (bcrypt ignores the rest)' }),
  ),
  JWT_SECRET: optional(z.string().min(32, { error: 'must be at least 32 characters long' })),
  JWT_EXPIRES_IN: withDefault(durationSchema, { text: '8h', seconds: 8 * 3600 }),
  WORKER_USER: withDefault(
    z.string().trim().regex(USER_ID_PATTERN, { error: (i) => `must be 1-64 letters, digits or . _ @ - (got ${quote(i.input)})` }),
    'worker',
  ),
  LOG_LEVEL: withDefault(
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(LOG_LEVELS, { error: (i) => `must be one of ${LOG_LEVELS.join(', ')} (got ${quote(i.input)})` })),
    'info',
  ),
  LOGIN_MAX_FAILURES: withDefault(
    z.string().trim().regex(/^\d+$/, { error: 'must be a number of attempts' }).transform(Number).pipe(z.number().int().min(1, { error: 'must be at least 1' }).max(1000, { error: 'must be at most 1000' })),
    5,
  ),
  LOGIN_LOCK_MINUTES: withDefault(
    z.string().trim().regex(/^\d+$/, { error: 'must be a number of minutes' }).transform(Number).pipe(z.number().int().min(1, { error: 'must be at least 1' }).max(1440, { error: 'must be at most 1440 (a day)' })),
    15,
  ),
  API_RESPONSE_CHECK: withDefault(
    z.string().trim().toLowerCase()
      .pipe(z.enum(RESPONSE_CHECK_MODES, { error: (i) => `must be one of ${RESPONSE_CHECK_MODES.join(', ')} (got ${quote(i.input)})` })),
    'off',
  ),
  WORKERS_ENABLED: withDefault(booleanSchema, true),
  TRUST_PROXY: withDefault(booleanSchema, false),
  PUBLIC_SUBMISSIONS_PER_HOUR: withDefault(
    z.string().trim().regex(/^\d+$/, { error: 'must be a number of requests' }).transform(Number).pipe(z.number().int().min(1, { error: 'must be at least 1' }).max(100000, { error: 'must be at most 100000' })),
    60,
  ),
  ENGINE_NODE_ID: optional(
    z.string().trim().regex(/^[\w.:@-]{1,200}$/, { error: (i) => `must be 1-200 letters, digits or . _ : @ - (got ${quote(i.input)})` }),
  ),
  FILE_STORAGE_DIR: withDefault(z.string().trim(), './data/files'),
  UPLOAD_MAX_BYTES: withDefault(
    z.string().trim().regex(/^\d+$/, { error: 'must be a number of bytes' }).transform(Number).pipe(z.number().int().min(1024, { error: 'must be at least 1024' }).max(1024 * 1024 * 1024, { error: 'must be at most 1 GiB' })),
    20 * 1024 * 1024,
  ),
  URGE_INTERVAL_MINUTES: withDefault(
    z.string().trim().regex(/^\d+$/, { error: 'must be a number of minutes' }).transform(Number).pipe(z.number().int().min(1, { error: 'must be at least 1' }).max(10080, { error: 'must be at most 10080 (a week)' })),
    30,
  ),
  LIST_READ_PAGE: withDefault(
    z.string().trim().regex(/^\d+$/, { error: 'must be a number of tasks' }).transform(Number).pipe(z.number().int().min(1, { error: 'must be at least 1' }).max(10000, { error: 'must be at most 10000' })),
    1000,
  ),
  PERMIT_DECISION_LEVEL: withDefault(z.enum(['province', 'city'], { error: (i) => `must be province or city (got ${quote(i.input)})` }), 'province'),
  CLOCK_RULES_FILE: optional(z.string().trim()),
  HOLIDAY_CALENDAR_FILE: optional(z.string().trim()),
  REGIONS_FILE: optional(z.string().trim()),
  NUMBER_PATTERNS_FILE: optional(z.string().trim()),
  DOCUMENT_FONT_FILE: optional(z.string().trim()),
  PUBLIC_BASE_URL: optional(z.url({ error: (i) => `must be an http(s) URL (got ${quote(i.input)})` }).transform((u) => u.replace(/\/+$/, ''))),
  GUARD_EXAM_PASS_SCORE: withDefault(
    z.string().trim().regex(/^\d+$/, { error: 'must be an integer between 1 and 100' }).transform(Number).pipe(z.number().int().min(1, { error: 'must be between 1 and 100' }).max(100, { error: 'must be between 1 and 100' })),
    60,
  ),
  ...NOTIFICATION_ENV,
});

/** Rules that involve several variables; computed from the raw values so they are reported alongside field errors. */
function crossFieldIssues(env: NodeJS.ProcessEnv): ConfigIssue[] {
  const isSet = (name: string) => (env[name] ?? '').trim() !== '';
  const issues: ConfigIssue[] = [];
  if (isSet('ENGINE_USER') !== isSet('ENGINE_PASSWORD')) {
    const missing = isSet('ENGINE_USER') ? 'ENGINE_PASSWORD' : 'ENGINE_USER';
    issues.push({ variable: missing, message: 'ENGINE_USER and ENGINE_PASSWORD must be set together' });
  }
  if (!isSet('ENGINE_URL')) {
    for (const name of ['ENGINE_USER', 'ENGINE_PASSWORD']) {
      if (isSet(name)) issues.push({ variable: name, message: 'is only used with a remote engine; set ENGINE_URL or unset it' });
    }
  }
  return issues;
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.variable}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function quote(value: unknown): string {
  const text = String(value);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
