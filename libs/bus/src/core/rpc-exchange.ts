import { AppError, isDependencyDown } from '@parley/contracts';
import { type Logger, withLogContext } from '@parley/logger';
import type { HandlerContext } from '../types.js';
import type { RpcRoute } from './catalog-routes.js';
import { decodeError, decodeJson, encodeError, encodeJson, internalError, parseOrInvalid } from './codec.js';

/**
 * The request/reply rules both adapters share, so they differ only in transport: what a caller
 * checks before sending, what a responder checks and answers, and how a caller reads the answer.
 */

export type RpcHandler = (payload: unknown, ctx: HandlerContext) => Promise<unknown>;

/** A reply on the wire: a response body, or an AppError body when `isError`. */
export interface ReplyFrame {
  isError: boolean;
  body: string;
}

/** Caller side: refuses a payload failing its schema before anything is sent. */
export function encodeRequest(route: RpcRoute, payload: unknown): string {
  parseOrInvalid(route.spec.request, payload, 'request');
  return encodeJson(payload, 'request');
}

/** Caller side: the response as the schema outputs it, or the responder's AppError thrown. */
export function readReply(route: RpcRoute, body: string, isError: boolean): unknown {
  if (isError) throw decodeError(body);
  const parsed = route.spec.response.safeParse(decodeJson(body));
  if (!parsed.success) throw new AppError('internal', `the reply on ${route.spec.subject} failed its schema`);
  return parsed.data;
}

/** Responder side: validates, runs the handler, validates its reply; never throws. */
export async function answerRequest(route: RpcRoute, body: string, ctx: HandlerContext, handler: RpcHandler, logger: Logger): Promise<ReplyFrame> {
  try {
    const payload = parseOrInvalid(route.spec.request, decodeJson(body), 'request');
    const response = await withLogContext({ requestId: ctx.requestId, traceId: ctx.traceId }, () => handler(payload, ctx));
    const checked = route.spec.response.safeParse(response);
    if (!checked.success) {
      // The handler broke its contract: a bug on this side, so the caller only learns `internal`.
      logger.error({ subject: ctx.subject, requestId: ctx.requestId, traceId: ctx.traceId, issues: checked.error.issues }, 'handler reply failed its schema');
      return { isError: true, body: encodeError(internalError()) };
    }
    return { isError: false, body: JSON.stringify(response) ?? 'null' };
  } catch (error) {
    if (error instanceof AppError) return { isError: true, body: encodeError(error) };
    if (isForeignKeyViolation(error)) {
      // A row referring to one that does not exist (or was removed meanwhile): what the request named is not there.
      logger.warn(
        { subject: ctx.subject, requestId: ctx.requestId, constraint: (error as { constraint?: unknown }).constraint },
        'a reference to a missing row',
      );
      return { isError: true, body: encodeError(new AppError('not_found', 'something this request refers to does not exist')) };
    }
    if (isDependencyDown(error)) {
      logger.warn({ err: error, subject: ctx.subject, requestId: ctx.requestId }, 'a dependency is unavailable');
      return {
        isError: true,
        body: encodeError(new AppError('unavailable', 'a dependency is unavailable; retry', { details: { reason: 'dependency' } })),
      };
    }
    logger.error({ err: error, subject: ctx.subject, requestId: ctx.requestId, traceId: ctx.traceId }, 'handler failed');
    return { isError: true, body: encodeError(internalError()) };
  }
}

/** PostgreSQL's foreign_key_violation (SQLSTATE 23503). */
function isForeignKeyViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23503';
}
