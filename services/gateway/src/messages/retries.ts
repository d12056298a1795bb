import { AppError, notApplied, outcomeOf, outcomeUnknown } from '@parley/contracts';
import { z } from 'zod';

/**
 * Retrying a message safely (docs/text-chat-api.md "When a message fails"): the Idempotency-Key header both
 * the Text Chat API and the public chat take, and what a failed message tells of itself.
 */

/** Declared so the OpenAPI document shows it: visible ASCII, 1 to 255 characters. */
export const idempotencyKeyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1 to 255 visible ASCII characters')
    .optional()
    .meta({
      description:
        'Makes retries safe: a retry with the same key and content returns the first result and never runs the turn twice; the same key with other content is 409.',
    }),
});

/**
 * Hands a message to the sessions service. A failure the sessions service answered says itself
 * whether the message was stored (`details.outcome`); one of the bus on this side came after the
 * request was sent – the reply lost, the replica silent – unless nobody was there to take it, so
 * whether it committed is unknown.
 */
export async function handOver<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (outcomeOf(error) !== undefined || !(error instanceof AppError) || error.code !== 'unavailable') throw error;
    const reason = (error.details as { reason?: unknown } | undefined)?.reason;
    throw reason === 'no_responders' ? notApplied(error) : outcomeUnknown(error);
  }
}
