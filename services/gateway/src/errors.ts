import { AppError, invalidFromZod, isDependencyDown } from '@parley/contracts';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { limitOf } from './edge/metrics.js';

/** Fastify's own 4xx errors, in our codes. */
function fromFastifyError(error: FastifyError): AppError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'request body is too large');
    case 'FST_ERR_BAD_URL':
      return new AppError('invalid', 'the URL has a malformed percent-escape or is not UTF-8', { details: [{ path: 'url', message: 'malformed' }] });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('not_found', 'no resource has an identifier that long');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('invalid', error.message);
    default:
      if (error.statusCode === 404) return new AppError('not_found', error.message);
      if (error.statusCode === 408) return new AppError('request_timeout', 'the request was not received in time');
      if (error.statusCode === 413) return new AppError('payload_too_large', error.message);
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
        return new AppError('invalid', error.message);
      }
      return undefined;
  }
}

/**
 * The one error handler: every failure leaves as `{ error: { code, message, details? } }` with the
 * status of its code. Anything that is not an expected failure is logged with its stack and
 * answered as a bare `internal`, never leaking its message.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let appError: AppError | undefined;
    if (error instanceof AppError) appError = error;
    else if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((issue) => {
        // A whole-body issue (a union no branch of which matched) comes with the path `/`: it is about `body` itself.
        const within = issue.instancePath.split('/').filter((segment: string) => segment !== '');
        return { path: [error.validationContext ?? 'body', ...within].join('.'), message: issue.message };
      });
      appError = new AppError('invalid', details[0] ? `${details[0].path}: ${details[0].message}` : 'invalid request', { details });
    } else if (error instanceof ZodError) appError = invalidFromZod(error);
    else if (isDependencyDown(error)) appError = new AppError('unavailable', 'a dependency is unavailable; retry', { details: { reason: 'dependency' } });
    else appError = fromFastifyError(error);

    if (!appError) {
      request.log.error({ err: error }, 'unhandled error');
      appError = new AppError('internal', 'internal error');
    } else if (appError.code === 'internal' || appError.code === 'unavailable') {
      request.log.warn({ errorCode: appError.code, message: appError.message }, 'request failed');
    }
    if (appError.code === 'rate_limited') request.server.gatewayMetrics?.refused(limitOf(appError.details) ?? 'other');
    if (appError.retryAfterSeconds !== undefined) reply.header('retry-after', String(appError.retryAfterSeconds));
    else if (appError.code === 'unavailable') reply.header('retry-after', '1');
    void reply.status(appError.status).send(appError.toBody(request.id));
  });
}

/**
 * Unknown routes answer 404 in the error shape, rate-limited per client address so the API
 * cannot be probed at full speed. Needs the rate-limit plugin registered first.
 */
export function installNotFound(app: FastifyInstance, perMinute: number): void {
  app.setNotFoundHandler(
    { preHandler: app.rateLimit({ max: perMinute, timeWindow: 60_000, keyGenerator: (request) => `not-found:${request.ip}` }) },
    (request, reply) => {
      void reply.status(404).send(new AppError('not_found', `no route ${request.method} ${request.url.split('?')[0]}`).toBody(request.id));
    },
  );
}
