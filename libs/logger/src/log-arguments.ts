import { serializeError } from './error-serializer.js';
import { maskEmails } from './mask-emails.js';

/** The keys errors are logged under; pino's errorKey is `err`. */
const errorKeys = new Set(['err', 'error']);

const maskIfString = (value: unknown): unknown => (typeof value === 'string' ? maskEmails(value) : value);

const rawMessage = (error: unknown): string | undefined => {
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : undefined;
};

/** A log message that merely repeats the error's raw message takes the serialized (redacted) one. */
function replaceRepeatedMessage(rest: unknown[], original: unknown, serialized: unknown): unknown[] {
  const raw = rawMessage(original);
  if (raw === undefined || rest[0] !== maskEmails(raw)) return rest;
  return [rawMessage(serialized) ?? '', ...rest.slice(1)];
}

/**
 * Rewrites a log call's arguments before pino sees them: errors – under `err` or `error`, as the
 * first argument, or as any top-level value – are serialized here, so no serializer a child
 * logger or a framework adds (Fastify brings pino's standard one) ever sees a raw error; and
 * emails in the message and its format arguments are masked. The caller's object is not changed.
 */
export function sanitizeLogArguments(args: readonly unknown[]): unknown[] {
  const [first, ...others] = args;
  const rest = others.map(maskIfString);
  if (typeof first === 'string') return [maskEmails(first), ...rest];
  if (first instanceof Error) {
    // pino logs a bare error as `{ err }` with its message as the message.
    const err = serializeError(first);
    return [{ err }, ...replaceRepeatedMessage(rest, first, err)];
  }
  if (typeof first !== 'object' || first === null) return [first, ...rest];

  const fields = first as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  let message = rest;
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (value === undefined || !(errorKeys.has(key) || value instanceof Error)) continue;
    copy ??= { ...fields };
    copy[key] = serializeError(value);
    if (errorKeys.has(key)) message = replaceRepeatedMessage(message, value, copy[key]);
  }
  return [copy ?? first, ...message];
}
