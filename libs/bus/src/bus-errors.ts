import { AppError } from '@parley/contracts';

/** The `unavailable` errors a caller can get from the bus itself, the same on both adapters. */

export const noResponderError = (subject: string): AppError =>
  new AppError('unavailable', `nothing answers on ${subject}`, { details: { reason: 'no_responders' } });

export const timeoutError = (subject: string, timeoutMs: number): AppError =>
  new AppError('unavailable', `no reply on ${subject} within ${timeoutMs} ms`, { details: { reason: 'timeout' } });

export const idleTimeoutError = (subject: string, idleTimeoutMs: number): AppError =>
  new AppError('unavailable', `no sign of life on ${subject} for ${idleTimeoutMs} ms`, { details: { reason: 'idle_timeout' } });

export const closedError = (): AppError => new AppError('unavailable', 'the bus is closed', { details: { reason: 'closed' } });
