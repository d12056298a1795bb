import { z } from 'zod';

/**
 * The stable error codes every service speaks, on the bus and over HTTP.
 * A code says what went wrong for the caller; the message is for humans and may change.
 */
export const errorCodes = [
  'invalid',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'gone',
  'expired',
  'payload_too_large',
  'unsupported_media_type',
  'request_timeout',
  'headers_too_large',
  'rate_limited',
  'quota_exceeded',
  'content_blocked',
  'unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** One HTTP status per code (docs/api.md). `expired` is a link or session past its time: gone. */
export const codeToStatus: Record<ErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  expired: 410,
  payload_too_large: 413,
  /** The request body has a Content-Encoding: bodies are read as sent, never decoded. */
  unsupported_media_type: 415,
  /** The client took too long to send its request (headers or body): slow clients are cut off. */
  request_timeout: 408,
  /** The request line and headers together exceed what the server reads. */
  headers_too_large: 431,
  rate_limited: 429,
  quota_exceeded: 429,
  /** A visitor's or API caller's message met a content rule that blocks it (docs/public-chat-api.md "Content rules"): stored nowhere. */
  content_blocked: 422,
  unavailable: 503,
  internal: 500,
};

export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    details: z.unknown().optional(),
    request_id: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** The error envelope of every HTTP answer (docs/api.md): always with the request's id, for support. */
export const apiErrorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(errorCodes).describe('Stable; what went wrong for the caller'),
      message: z.string().describe('For people; may change'),
      details: z.unknown().optional().describe('Which fields or which check, when the code alone does not say'),
      request_id: z.string().describe('The X-Request-Id of the answer'),
    }),
  })
  .describe('An error answer: one status per code (docs/api.md)');
export type ApiErrorBody = z.output<typeof apiErrorBodySchema>;

/**
 * What kind of refusal an error is, for a service that acts on it (the gateway strikes a visitor
 * whose message a content rule blocked, docs/api.md "Adaptive limits"): carried across the bus
 * beside the code, checked by this schema when it arrives, and never part of an answer to a
 * client (toBody leaves it out). A discriminated union, so another kind is one more member.
 */
export const refusalSchema = z.discriminatedUnion('kind', [
  /** A content rule blocked the message (docs/public-chat-api.md "Content rules"): `rule` names which. */
  z.object({ kind: z.literal('content'), rule: z.string() }),
]);
export type Refusal = z.infer<typeof refusalSchema>;

/**
 * The one error type for expected failures. Anything that is not an AppError is a bug:
 * it is logged with its stack and answered as a bare `internal`.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly retryAfterSeconds: number | undefined;
  /** The refusal's kind, for the services that act on it; crosses the bus, never reaches a client. */
  readonly refusal: Refusal | undefined;

  constructor(code: ErrorCode, message: string, options: { details?: unknown; retryAfterSeconds?: number; refusal?: Refusal; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.refusal = options.refusal;
  }

  get status(): number {
    return codeToStatus[this.code];
  }

  toBody(requestId?: string): ErrorBody {
    const error: ErrorBody['error'] = { code: this.code, message: this.message };
    if (this.details !== undefined) error.details = this.details;
    if (requestId !== undefined) error.request_id = requestId;
    return { error };
  }

  /** What crosses the bus: code, message, details, and the refusal's kind. */
  toJSON(): { code: ErrorCode; message: string; details?: unknown; retry_after_seconds?: number; refusal?: Refusal } {
    return {
      code: this.code,
      message: this.message,
      ...(this.details === undefined ? {} : { details: this.details }),
      ...(this.retryAfterSeconds === undefined ? {} : { retry_after_seconds: this.retryAfterSeconds }),
      ...(this.refusal === undefined ? {} : { refusal: this.refusal }),
    };
  }

  static fromJSON(value: unknown): AppError {
    const parsed = z
      .object({
        code: z.enum(errorCodes),
        message: z.string(),
        details: z.unknown().optional(),
        retry_after_seconds: z.number().optional(),
        // A refusal this side does not know (a newer sender's kind) is left out: the code still says what went wrong.
        refusal: refusalSchema.optional().catch(undefined),
      })
      .safeParse(value);
    if (!parsed.success) return new AppError('internal', 'malformed error from a service');
    const { code, message, details, retry_after_seconds, refusal } = parsed.data;
    return new AppError(code, message, {
      ...(details === undefined ? {} : { details }),
      ...(retry_after_seconds === undefined ? {} : { retryAfterSeconds: retry_after_seconds }),
      ...(refusal === undefined ? {} : { refusal }),
    });
  }
}

/**
 * A message a content rule blocked (docs/public-chat-api.md "Content rules"): 422 `content_blocked` with
 * `details.rule` for the client, and the same rule as a typed refusal for the services.
 */
export function contentBlocked(rule: string): AppError {
  return new AppError('content_blocked', `this message was blocked by the content rule "${rule}": edit it and send it again`, {
    details: { rule },
    refusal: { kind: 'content', rule },
  });
}

/** The content rule that refused a message, when the error is that refusal (see contentBlocked); else undefined. */
export function contentRefusalOf(error: unknown): Extract<Refusal, { kind: 'content' }> | undefined {
  return error instanceof AppError && error.refusal?.kind === 'content' ? error.refusal : undefined;
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

/** Turns a zod failure into `invalid` with one entry per problem, each naming its path. */
export function invalidFromZod(error: z.ZodError, prefix = ''): AppError {
  const issues = error.issues.map((issue) => ({
    path: formatPath(prefix, issue.path),
    message: issue.message,
  }));
  const first = issues[0];
  const message = first ? `${first.path || 'body'}: ${first.message}` : 'invalid input';
  return new AppError('invalid', message, { details: issues });
}

/** `workflow.nodes[2].transitions[0].to` – the path notation docs/api.md promises. */
export function formatPath(prefix: string, path: ReadonlyArray<PropertyKey>): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/**
 * Failures that mean a dependency (PostgreSQL, Redis, a socket) is down, refusing connections or
 * overloaded rather than a bug. The client gets `unavailable` (503, retry) for these, not
 * `internal`. Codes rather than messages wherever possible: PostgreSQL translates its messages.
 */
const dependencyDownCodes = new Set([
  // Node: the socket could not be opened, or was lost.
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // PostgreSQL: what a database with ALLOW_CONNECTIONS false answers a new connection
  // (object_not_in_prerequisite_state).
  '55000',
  // too_many_connections: max_connections reached, or a role's or database's connection limit.
  '53300',
  // admin_shutdown (pg_terminate_backend, a fast shutdown), crash_shutdown, cannot_connect_now
  // (starting up, shutting down, in recovery), idle_session_timeout.
  '57P01',
  '57P02',
  '57P03',
  '57P05',
]);

/** SQLSTATE class 08, connection exception: every code in it (08000, 08001, 08003, 08006, 08P01…). */
const connectionExceptionClass = /^08[0-9A-Z]{3}$/;

/**
 * pg reports a connection lost mid-query, a client left unusable by it, a pool that cannot connect
 * in time or has been ended (a process shutting down), by message only; so does ioredis for a
 * closed connection or a command that ran out of retries.
 */
const dependencyDownMessage = new RegExp(
  [
    'Connection terminated',
    'timeout exceeded when trying to connect',
    'Client has encountered a connection error and is not queryable',
    'Client was closed and is not queryable',
    'Cannot use a pool after calling end on the pool',
    'Query read timeout',
    'Connection is closed',
    'max retries per request',
    // ioredis, when a command outlives commandTimeout (a Redis that hangs).
    'Command timed out',
  ].join('|'),
  'i',
);

/** A wrapped failure counts by its cause; the chain is followed this far, against cycles. */
const MAX_CAUSE_DEPTH = 5;

function isDownAt(error: unknown, depth: number): boolean {
  if (typeof error !== 'object' || error === null || depth > MAX_CAUSE_DEPTH) return false;
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof code === 'string' && (dependencyDownCodes.has(code) || connectionExceptionClass.test(code))) return true;
  if (typeof message === 'string' && dependencyDownMessage.test(message)) return true;
  // Node reports a refused connection to a name with several addresses as an AggregateError.
  if (error instanceof AggregateError && error.errors.some((inner: unknown) => isDownAt(inner, depth + 1))) return true;
  return isDownAt(cause, depth + 1);
}

/** True when `error` (or what it wraps) says a dependency is down: answer `unavailable`, not `internal`. */
export function isDependencyDown(error: unknown): boolean {
  return isDownAt(error, 0);
}
