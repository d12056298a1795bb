import { AppError, type ErrorBody, isDependencyDown } from '@parley/contracts';
import type { FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { limitOf } from '../edge/metrics.js';
import { noteRefusal } from '../edge/public-edge.js';
import type { LinkGuard } from '../limits/link-guard.js';

/**
 * A protocol request's failure as the platform's error, recorded as the one error handler and the
 * public edge record an HTTP refusal (docs/open-protocols.md, "AG-UI", "A2A"): an AG-UI run and an A2A
 * call answer it inside their own protocol rather than as an HTTP status. One that is not
 * expected is logged with its stack and becomes a bare `internal`, its message never leaked.
 */
export async function protocolRefusal(error: unknown, request: FastifyRequest, guard: LinkGuard): Promise<AppError> {
  let refusal: AppError;
  if (error instanceof AppError) refusal = error;
  else if (error instanceof ZodError) refusal = new AppError('invalid', error.issues[0]?.message ?? 'invalid input');
  else if (isDependencyDown(error)) refusal = new AppError('unavailable', 'a dependency is unavailable; retry', { details: { reason: 'dependency' } });
  else {
    request.log.error({ err: error }, 'unhandled error in a protocol request');
    refusal = new AppError('internal', 'internal error');
  }
  if (refusal.code === 'rate_limited') request.server.gatewayMetrics?.refused(limitOf(refusal.details) ?? 'other');
  else if (refusal.code === 'internal' || refusal.code === 'unavailable')
    request.log.warn({ errorCode: refusal.code, message: refusal.message }, 'request failed');
  await noteRefusal(guard, request, refusal);
  return refusal;
}

/**
 * The error body an HTTP answer would carry (`{code, message, details?, request_id}`), with when
 * to retry in `details.retry_after_seconds` as the widget's socket says it: a protocol's event
 * has no Retry-After header.
 */
export function refusalBody(refusal: AppError, requestId: string): ErrorBody['error'] {
  const body = refusal.toBody(requestId).error;
  if (refusal.retryAfterSeconds === undefined) return body;
  const details = typeof body.details === 'object' && body.details !== null && !Array.isArray(body.details) ? body.details : {};
  return { ...body, details: { ...details, retry_after_seconds: refusal.retryAfterSeconds } };
}
