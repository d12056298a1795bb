import { AppError } from '@parley/contracts';

/** The `unavailable` errors a caller can get from the bus itself, the same on both adapters. */

export const noResponderError = (subject: string): AppError =>
  new AppError('unavailable', `nothing answers on ${subject}`, { details: { reason: 'no_responders' } });

/** Whether the error is noResponderError's: nothing listens on the subject. */
export const isNoResponders = (error: unknown): boolean =>
  error instanceof AppError && (error.details as { reason?: string } | undefined)?.reason === 'no_responders';

export const timeoutError = (subject: string, timeoutMs: number): AppError =>
  new AppError('unavailable', `no reply on ${subject} within ${timeoutMs} ms`, { details: { reason: 'timeout' } });

export const idleTimeoutError = (subject: string, idleTimeoutMs: number): AppError =>
  new AppError('unavailable', `no sign of life on ${subject} for ${idleTimeoutMs} ms`, { details: { reason: 'idle_timeout' } });

/** RequestOptions.onlyPreferred: the responder asked for could not take the request. */
export const notTakenError = (subject: string): AppError =>
  new AppError('unavailable', `the responder asked for on ${subject} could not take the request`, { details: { reason: 'not_taken' } });

export const closedError = (): AppError => new AppError('unavailable', 'the bus is closed', { details: { reason: 'closed' } });

/** A work-queue request no responder took (or, once taken, showed no sign of life) in time. */
export const queueTimeoutError = (subject: string, queueTimeoutMs: number): AppError =>
  new AppError('unavailable', `no responder on ${subject} took the request within ${queueTimeoutMs} ms; retry`, {
    details: { reason: 'queue_timeout' },
    retryAfterSeconds: 5,
  });

/**
 * A work-queue request whose stored message no longer exists (the stream was lost, e.g. a NATS
 * server keeping its queues in memory restarted) and that no responder is working on: nothing
 * will ever take it, so the caller may offer it again.
 */
export const queueLostError = (subject: string): AppError =>
  new AppError('unavailable', `the request on ${subject} was lost from its queue; retry`, { details: { reason: 'queue_lost' }, retryAfterSeconds: 1 });

/** A work queue holding as many requests as it may: the caller is told when to come back. */
export const queueFullError = (subject: string): AppError =>
  new AppError('unavailable', `the queue of ${subject} is full; retry`, { details: { reason: 'queue_full' }, retryAfterSeconds: 5 });
