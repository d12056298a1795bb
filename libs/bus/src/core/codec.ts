import { AppError, invalidFromZod } from '@parley/contracts';
import type { z } from 'zod';

/**
 * What crosses the bus: JSON text, on both adapters, so the in-process bus behaves like NATS
 * (no shared objects, Dates arrive as strings).
 */

/** Header names, shared by both adapters so handlers see the same context. */
export const headerNames = {
  requestId: 'Parley-Request-Id',
  traceId: 'Parley-Trace-Id',
  /** Set on a reply whose body is an AppError.toJSON() instead of a response. */
  error: 'Parley-Error',
  /** Set on an empty message a handler sends to say it is still working. */
  progress: 'Parley-Progress',
  /** Work queues: where the responder sends the reply (a stored message has no reply subject of its own). */
  replyTo: 'Parley-Reply-To',
  /** Work queues: when (epoch ms) the caller stops waiting for a responder to take the request. */
  queueDeadline: 'Parley-Queue-Deadline',
  /** Work queues: set on the empty answer of a responder with no slot free for a direct request. */
  busy: 'Parley-Busy',
  /** Set on a reply of a subject whose responders are named (RpcSpec.namedResponders): the one that answered. */
  responder: 'Parley-Responder',
  /** Set on a stored message holding a batch of events (EventSpec.batch): how many. */
  batch: 'Parley-Batch',
} as const;

export function encodeJson(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new AppError('invalid', `${what} is not JSON`, { cause: error });
  }
  // JSON.stringify(undefined) is undefined: a schema accepting undefined still needs a body.
  return text ?? 'null';
}

/** Returned by decodeJson for a body that is not JSON, so each side picks its error code. */
export const notJson: unique symbol = Symbol('not JSON');

export function decodeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return notJson;
  }
}

/** Checks a value against its schema, turning a failure into `invalid` naming every path. */
export function parseOrInvalid<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  if (value === notJson) throw new AppError('invalid', `${what} is not JSON`);
  const result = schema.safeParse(value);
  if (!result.success) throw invalidFromZod(result.error);
  return result.data;
}

export const encodeError = (error: AppError): string => JSON.stringify(error.toJSON());

/** Rebuilds the AppError a responder sent; a body that is not one becomes `internal`. */
export const decodeError = (text: string): AppError => AppError.fromJSON(decodeJson(text));

export const internalError = (): AppError => new AppError('internal', 'internal error');
