import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type Logger, type LoggerOptions } from 'pino';
import { serializeError } from './error-serializer.js';
import { sanitizeLogArguments } from './log-arguments.js';
import { redactFields } from './redact-fields.js';

export type { Logger } from 'pino';
export { type SerializedError, serializeError } from './error-serializer.js';
export { maskEmails } from './mask-emails.js';
export { redactPostgresValues } from './postgres-message.js';
export { redactedPaths } from './redact-fields.js';

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

/** A log call's arguments with the line's fields, and any object a message formats, redacted. */
function redactArguments(args: unknown[]): unknown[] {
  return args.map((arg) => (typeof arg === 'object' && arg !== null && !Array.isArray(arg) ? redactFields(arg as Record<string, unknown>) : arg));
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
    // Redaction (redact-fields.ts) is done in logMethod below and on bindings, not by pino's
    // `redact`: its general path matcher cost more than the rest of a line.
    // Replaces pino's standard `err` serializer, which copies every property of an error (a
    // PostgreSQL error's row values, the raw bytes of a refused HTTP request).
    serializers: { err: serializeError, error: serializeError },
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const context = logContext.getStore();
      return context ? redactFields(context) : {};
    },
    hooks: {
      logMethod(args, method) {
        method.apply(this, redactArguments(sanitizeLogArguments(args)) as Parameters<typeof method>);
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
  // A child's bindings are redacted as a line's fields are. Children are made with Object.create
  // from their parent, so every descendant makes its own children through this one.
  const makeChild = root.child;
  root.child = function child(this: Logger, bindings, childOptions) {
    return makeChild.call(this, bindings ? redactFields(bindings) : bindings, childOptions);
  } as Logger['child'];
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
