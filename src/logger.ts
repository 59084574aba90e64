import { pino, type DestinationStream } from 'pino';

/** Log levels accepted by `LOG_LEVEL`, most to least severe; `silent` turns logging off. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Structured data logged with a message. Put an `Error` under `err` to have its stack serialised. */
export type LogMeta = Record<string, unknown>;

/** The structured logger every module receives; never `console`. */
export interface Logger {
  debug(message: string, meta?: LogMeta): void;
  info(message: string, meta?: LogMeta): void;
  warn(message: string, meta?: LogMeta): void;
  error(message: string, meta?: LogMeta): void;
  /** A logger that adds `bindings` to every line, e.g. `{ requestId }` or `{ module: 'workers' }`. */
  child(bindings: LogMeta): Logger;
}

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Where JSON lines go; standard output by default. */
  destination?: DestinationStream;
}

/**
 * Creates the process logger: JSON lines (pino) at `level` and above, with secrets such as passwords and
 * `Authorization` headers redacted.
 */
export function createLogger(level: LogLevel, options: CreateLoggerOptions = {}): Logger {
  const base = pino(
    {
      level,
      base: { app: 'security-supervision' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: pino.stdSerializers.err },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    options.destination,
  );
  return wrap(base);
}

/** A logger that drops everything; for tests and tools. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

// helpers ////

const REDACTED_PATHS = [
  'password',
  '*.password',
  'passwordHash',
  '*.passwordHash',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
];

function wrap(target: pino.Logger): Logger {
  return {
    debug: (message, meta) => (meta ? target.debug(meta, message) : target.debug(message)),
    info: (message, meta) => (meta ? target.info(meta, message) : target.info(message)),
    warn: (message, meta) => (meta ? target.warn(meta, message) : target.warn(message)),
    error: (message, meta) => (meta ? target.error(meta, message) : target.error(message)),
    child: (bindings) => wrap(target.child(bindings)),
  };
}
