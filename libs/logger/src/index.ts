import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type Logger, type LoggerOptions } from 'pino';
import { serializeError } from './error-serializer.js';
import { sanitizeLogArguments } from './log-arguments.js';

export type { Logger } from 'pino';
export { type SerializedError, serializeError } from './error-serializer.js';
export { maskEmails } from './mask-emails.js';
export { redactPostgresValues } from './postgres-message.js';

/**
 * Paths whose values are never written to a log: keys, signatures, tokens, verification codes,
 * emails, at the top level and one level down (headers included).
 */
export const redactedPaths = [
  'key',
  'apiKey',
  'api_key',
  'secret',
  'password',
  'token',
  'signature',
  'code',
  'email',
  'authorization',
  '*.key',
  '*.apiKey',
  '*.api_key',
  '*.secret',
  '*.password',
  '*.token',
  '*.signature',
  // Verification codes, wherever they are logged; not every `code` (err.code names the failure).
  'verification.code',
  'verificationCode',
  'verification_code',
  'otp',
  '*.verificationCode',
  '*.verification_code',
  '*.otp',
  '*.email',
  '*.authorization',
  'req.headers.authorization',
  'req.headers["x-signature"]',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-signature"]',
];

/** Ids that every log line written while handling one request carries (request, trace, session…). */
export type LogContext = Readonly<Record<string, string>>;

const logContext = new AsyncLocalStorage<LogContext>();

/**
 * Runs `fn` with `fields` added to every log line it writes, across awaits and into any bus
 * request it makes (which carries the same request and trace ids to the next service).
 */
export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  const outer = logContext.getStore();
  return logContext.run(outer ? { ...outer, ...fields } : fields, fn);
}

export function currentLogContext(): LogContext | undefined {
  return logContext.getStore();
}

export interface CreateLoggerOptions {
  service: string;
  level?: string;
  /** Where to write; defaults to stdout. Tests pass a stream to read what was logged. */
  destination?: NodeJS.WritableStream;
}

/** The logger every service logger of a process descends from: it binds no `service` itself. */
const processRoot = Symbol('parley.processRoot');

type RootedLogger = Logger & { [processRoot]?: Logger };

/**
 * A process's logger, which names its service on every line (`service`). Descendants made with
 * `child` keep that name; another service of the same process (the one-process mode runs them
 * all) takes a logger from `serviceLogger`, never `child({ service })`, which would write the
 * key twice.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    // No pid or hostname (the platform's labels say where a line came from); the service is bound below.
    base: null,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    // Replaces pino's standard `err` serializer, which copies every property of an error (a
    // PostgreSQL error's row values, the raw bytes of a refused HTTP request).
    serializers: { err: serializeError, error: serializeError },
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => logContext.getStore() ?? {},
    hooks: {
      logMethod(args, method) {
        method.apply(this, sanitizeLogArguments(args) as Parameters<typeof method>);
      },
    },
  };
  // Stdout is written asynchronously: lines logged while a write is under way go out with the next
  // one, so a busy process makes one write for many lines rather than one each (an access line per
  // request), and a quiet one writes each line at once. What is still buffered is written on exit.
  const root: RootedLogger = pino(config, (options.destination as pino.DestinationStream | undefined) ?? pino.destination({ dest: 1, sync: false }));
  // Children inherit from their parent (pino builds them with Object.create), so every
  // descendant finds the root through this property.
  root[processRoot] = root;
  return root.child({ service: options.service });
}

/**
 * The logger of another service in the same process: a sibling of `logger`'s service, with
 * `service` set once to `service` and nothing else of `logger`'s bindings.
 */
export function serviceLogger(logger: Logger, service: string): Logger {
  const root = (logger as RootedLogger)[processRoot];
  if (root === undefined) throw new Error('serviceLogger needs a logger made by createLogger');
  return root.child({ service });
}
