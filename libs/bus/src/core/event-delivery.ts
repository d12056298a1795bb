import { AppError } from '@parley/contracts';
import { type Logger, withLogContext } from '@parley/logger';
import type { EventContext } from '../types.js';
import { backoffFor, type EventRoute } from './catalog-routes.js';
import { decodeJson } from './codec.js';

/** What becomes of a delivered event, decided the same way on both adapters. */
export type EventOutcome = { kind: 'ack' } | { kind: 'term' } | { kind: 'nak'; delayMs: number };

export type EventHandler = (payload: unknown, ctx: EventContext) => Promise<void>;

const ack: EventOutcome = { kind: 'ack' };
const term: EventOutcome = { kind: 'term' };

/**
 * Runs a consumer's handler on one delivery. An event failing its schema can never succeed, so it
 * is dropped (terminated) with a warning instead of being redelivered; so is one the handler
 * refuses as `invalid`, and one failing on its last allowed delivery.
 */
export function deliverEvent(route: EventRoute, body: string, ctx: EventContext, handler: EventHandler, logger: Logger): Promise<EventOutcome> {
  return deliverDecoded(route, decodeJson(body), ctx, handler, logger);
}

/** As deliverEvent, for a payload already decoded (one event of a batch). */
export async function deliverDecoded(route: EventRoute, value: unknown, ctx: EventContext, handler: EventHandler, logger: Logger): Promise<EventOutcome> {
  const log = { subject: ctx.subject, requestId: ctx.requestId, traceId: ctx.traceId, deliveryCount: ctx.deliveryCount };
  const parsed = route.spec.payload.safeParse(value);
  if (!parsed.success) {
    logger.warn({ ...log, issues: parsed.error.issues }, 'event failed its schema; dropped');
    return term;
  }
  try {
    await withLogContext({ requestId: ctx.requestId, traceId: ctx.traceId }, () => handler(parsed.data, ctx));
    return ack;
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid') {
      logger.warn({ ...log, err: error }, 'event refused as invalid; dropped');
      return term;
    }
    if (ctx.deliveryCount >= route.spec.retry.maxDeliver) {
      logger.error({ ...log, err: error }, 'event handler failed on its last delivery; dropped');
      return term;
    }
    const delayMs = backoffFor(route.spec, ctx.deliveryCount);
    logger.warn({ ...log, err: error, retryInMs: delayMs }, 'event handler failed; will redeliver');
    return { kind: 'nak', delayMs };
  }
}

/**
 * What becomes of a stored batch once each of its events was handled: redelivered (after the
 * longest backoff asked) if any event is to be tried again – the others, handled already, are
 * handled again then, as any redelivered event is –, else acknowledged (events dropped as
 * undeliverable were logged).
 */
export function batchOutcome(outcomes: EventOutcome[]): EventOutcome {
  let delayMs: number | undefined;
  for (const outcome of outcomes) if (outcome.kind === 'nak') delayMs = Math.max(delayMs ?? 0, outcome.delayMs);
  return delayMs === undefined ? ack : { kind: 'nak', delayMs };
}
