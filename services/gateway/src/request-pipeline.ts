import { AppError } from '@parley/contracts';
import type { FastifyInstance } from 'fastify';
import type { HmacVerifier } from './hmac-auth.js';
import type { ManagementAuth } from './management-auth.js';
import { assertStorableFields, assertStorableJson } from './storable-text.js';

/**
 * What every request goes through before its route's schema validation: the credential its route
 * takes (checked before the body is even parsed), the replay rule, and the body parsed as JSON
 * with text PostgreSQL cannot hold refused by field.
 */
export function installRequestPipeline(app: FastifyInstance, auth: { hmac: HmacVerifier; management: ManagementAuth }): void {
  // Bodies are kept raw: the HMAC covers the exact bytes, and authentication comes before parsing.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.decorateRequest('rawBody', undefined);
  app.decorateRequest('principal', undefined);
  app.decorateRequest('claimedSignature', undefined);

  app.addHook('preValidation', async (request) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : undefined;
    request.rawBody = raw;
    const config = request.routeOptions.config;
    const kind = config.auth ?? 'none';
    if (kind === 'hmac') {
      const signature = auth.hmac.verify({
        method: request.method,
        path: request.url.split('?')[0] ?? request.url,
        body: raw,
        timestamp: request.headers['x-timestamp'],
        signature: request.headers['x-signature'],
      });
      if (config.singleUse) {
        await auth.hmac.claim(signature);
        request.claimedSignature = signature;
      }
    } else if (kind === 'management') {
      request.principal = await auth.management.authenticate(request.headers.authorization, request.headers['x-tenant-id']);
    }
    assertStorableFields(request.params, 'params');
    assertStorableFields(request.query, 'query');
    if (raw === undefined || raw.length === 0) {
      request.body = undefined;
      return;
    }
    const type = request.headers['content-type'];
    if (type !== undefined && !/^application\/(.+\+)?json\b/i.test(type)) {
      throw new AppError('invalid', 'Content-Type must be application/json', { details: [{ path: 'headers.content-type', message: 'not JSON' }] });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new AppError('invalid', 'request body is not valid JSON', { details: [{ path: 'body', message: 'malformed JSON' }] });
    }
    assertStorableJson(parsed, 'body');
    request.body = parsed;
  });

  // A single-use signature is consumed only by a request that had an effect: one answered with an
  // error (404, 400, 503 …) may be sent again exactly as it was. Released before the answer
  // leaves, so the client's resend cannot race the release.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.claimedSignature !== undefined && reply.statusCode >= 400) {
      const signature = request.claimedSignature;
      request.claimedSignature = undefined;
      await auth.hmac.release(signature).catch((error: unknown) => {
        request.log.warn({ errorCode: (error as { code?: string }).code }, 'could not release a signature claim');
      });
    }
    return payload;
  });
}
