import { AppError, isDependencyDown } from './errors.js';

/**
 * What a failed message did (docs/text-chat-api.md "When a message fails"): `not_applied` – nothing was
 * stored, sending it again runs it once; `unknown` – the turn may have been committed before the
 * answer was lost, so only a retry with the same Idempotency-Key (or reading the session) tells.
 * Carried in `details.outcome` of a message's 503.
 */
export type MessageOutcome = 'not_applied' | 'unknown';

/** The outcome a failure already carries, if any. */
export function outcomeOf(error: unknown): MessageOutcome | undefined {
  if (!(error instanceof AppError)) return undefined;
  const outcome = (error.details as { outcome?: unknown } | undefined)?.outcome;
  return outcome === 'unknown' || outcome === 'not_applied' ? outcome : undefined;
}

/** The failure's `details.reason`, kept when an outcome is added. */
function reasonOf(error: unknown): string | undefined {
  const reason = error instanceof AppError ? (error.details as { reason?: unknown } | undefined)?.reason : undefined;
  return typeof reason === 'string' ? reason : undefined;
}

/** A message that may or may not have been committed: 503 with `details.outcome: "unknown"`. */
export function outcomeUnknown(cause: unknown): AppError {
  if (outcomeOf(cause) === 'unknown') return cause as AppError;
  const reason = reasonOf(cause);
  return new AppError(
    'unavailable',
    'the answer was lost: the message may have been stored. Send it again with the same Idempotency-Key to get its result, or read the session to check',
    { details: { ...(reason === undefined ? {} : { reason }), outcome: 'unknown' }, retryAfterSeconds: 1, cause },
  );
}

/**
 * A failure, before its turn was committed, as the client is to see it: an `unavailable` one
 * (or a dependency found down) gets `details.outcome: "not_applied"` unless it says otherwise.
 * Other codes are answers about the message itself, which had no effect: they pass unchanged.
 */
export function notApplied(error: unknown): unknown {
  if (outcomeOf(error) !== undefined) return error;
  const appError =
    error instanceof AppError
      ? error
      : isDependencyDown(error)
        ? new AppError('unavailable', 'a dependency is unavailable; retry', { details: { reason: 'dependency' }, cause: error })
        : undefined;
  if (appError === undefined || appError.code !== 'unavailable') return error;
  const details = appError.details;
  const merged =
    details !== null && typeof details === 'object' && !Array.isArray(details) ? { ...details, outcome: 'not_applied' } : { outcome: 'not_applied' };
  return new AppError('unavailable', appError.message, {
    details: merged,
    ...(appError.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: appError.retryAfterSeconds }),
    cause: appError,
  });
}
