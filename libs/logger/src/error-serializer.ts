import { maskEmails } from './mask-emails.js';
import { redactPostgresValues } from './postgres-message.js';

/**
 * What a logged error keeps: what an operator needs to tell failures apart and find their source.
 * Everything else an error object carries is dropped – a PostgreSQL error's `detail`, `where`,
 * `hint`, `parameters` and `internalQuery` repeat the row or the values sent, Node's HTTP parser
 * attaches the raw request bytes (`rawPacket`, keys and signatures in it), and an AppError's
 * `details` may echo what a client sent.
 */
export interface SerializedError {
  type: string;
  message: string;
  code?: string | number;
  stack?: string;
  /** PostgreSQL's own fields that name the failure without repeating data. */
  severity?: string;
  routine?: string;
  table?: string;
  column?: string;
  constraint?: string;
  cause?: unknown;
  /** An AggregateError's errors (Node reports a refused connection to several addresses so). */
  errors?: unknown[];
}

/** How far `cause` and `errors` are followed: enough for wrapped driver errors, bounded against cycles. */
const MAX_DEPTH = 4;
const MAX_ERRORS = 5;

/** Results already serialized pass through again unchanged (the log hook and the serializer both run). */
const serialized = new WeakSet<object>();

const sqlState = /^[0-9A-Z]{5}$/;

type Fields = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** pg's DatabaseError, recognised by shape so the logger does not depend on the driver. */
function isPostgresError(error: Fields): boolean {
  return typeof error.severity === 'string' && typeof error.code === 'string' && sqlState.test(error.code);
}

function typeOf(error: Fields): string {
  const constructorName = (error.constructor as { name?: unknown } | undefined)?.name;
  if (typeof constructorName === 'string' && constructorName !== '' && constructorName !== 'Object') return constructorName;
  return text(error.name) ?? 'Error';
}

function serializeObject(error: Fields, depth: number): SerializedError {
  const raw = text(error.message) ?? '';
  const postgres = isPostgresError(error);
  const names = postgres
    ? [error.table, error.column, error.constraint, error.schema, error.dataType].filter((name): name is string => typeof name === 'string')
    : [];
  const unquoted = postgres ? redactPostgresValues(raw, names) : raw;
  const out: SerializedError = { type: typeOf(error), message: maskEmails(unquoted) };
  if (typeof error.code === 'string' || typeof error.code === 'number') out.code = error.code;
  const stack = text(error.stack);
  // The stack's first line repeats the message: it gets the same treatment.
  if (stack !== undefined) out.stack = maskEmails(raw === '' ? stack : stack.split(raw).join(unquoted));
  if (postgres) {
    for (const field of ['severity', 'routine', 'table', 'column', 'constraint'] as const) {
      const value = text(error[field]);
      if (value !== undefined) out[field] = value;
    }
  }
  if (error.cause !== undefined) out.cause = depth < MAX_DEPTH ? serializeAt(error.cause, depth + 1) : '[cause chain truncated]';
  if (error instanceof AggregateError && Array.isArray(error.errors) && depth < MAX_DEPTH) {
    out.errors = error.errors.slice(0, MAX_ERRORS).map((inner: unknown) => serializeAt(inner, depth + 1));
  }
  return out;
}

function serializeAt(value: unknown, depth: number): unknown {
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return maskEmails(value);
  if (typeof value !== 'object' && typeof value !== 'function') return maskEmails(String(value));
  if (serialized.has(value)) return value;
  let out: SerializedError;
  try {
    out = serializeObject(value as Fields, depth);
  } catch {
    // A getter that throws must not turn a log call into a crash.
    out = { type: 'Error', message: '[error could not be serialized]' };
  }
  serialized.add(out);
  return out;
}

/**
 * The logger's serializer for `err` and `error`: keeps type, code, message and stack (and
 * PostgreSQL's severity, routine, table, column, constraint), follows `cause` the same way, and
 * drops every other property. Messages and stacks have emails masked; a PostgreSQL message has its
 * quoted values redacted while the names it quotes stay readable.
 */
export function serializeError(value: unknown): unknown {
  return serializeAt(value, 0);
}
