import { AppError } from '@parley/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { duplicateKeyPath } from '../edge/json-keys.js';
import { assertStorableFields, assertStorableJson } from '../edge/storable-text.js';
import { readCookie, SESSION_COOKIE, sameToken } from './console-session.js';
import type { HmacVerifier } from './hmac-auth.js';
import { assertRole, type ManagementAuth, type Principal } from './management-auth.js';
import { installRouteRules } from './route-rules.js';
import { concernedTenant } from './tenant-chat-secrets.js';

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
  app.decorateRequest('csrfToken', undefined);
  // Every bearer route names its role in its own config (and a change its audit action); a bearer
  // route without a role would be open to every key, so it cannot be added at all (route-rules.ts).
  installRouteRules(app);

  app.addHook('preValidation', async (request) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : undefined;
    request.rawBody = raw;
    const config = request.routeOptions.config;
    const kind = config.auth ?? 'none';
    if (kind === 'hmac') {
      const verified = await auth.hmac.verify({
        method: request.method,
        // The request target exactly as the request line carried it, query string included
        // (docs/text-chat-api.md, "Signing a request"): a signed read cannot have its query changed.
        target: request.raw.url ?? request.url,
        body: raw,
        timestamp: request.headers['x-timestamp'],
        signature: request.headers['x-signature'],
        // The tenant whose own secrets may have signed it too (docs/text-chat-api.md, "Text Chat API secrets").
        concerns: () => concernedTenant(config.chatTenant, { rawBody: raw, params: request.params, query: request.query }),
      });
      if (config.singleUse) {
        await auth.hmac.claim(verified);
        request.claimedSignature = verified.signature;
      }
    } else if (kind === 'management') {
      request.principal = await authenticateManagement(request, auth.management);
      // The one place roles are enforced: each bearer route has the role it needs (its config's,
      // checked as it was added), and a caller below it is refused before its body is read.
      const required = config.role;
      if (required === undefined) throw new AppError('internal', 'this route declares no role');
      assertRole(request.principal, required);
    }
    assertStorableFields(request.params, 'params');
    assertStorableFields(request.query, 'query');
    if (raw === undefined || raw.length === 0) {
      request.body = undefined;
      return;
    }
    // Bodies are read as sent: a compressed one would be checked and signed as one thing and
    // meant as another, and decompressing would let a small request grow past BODY_LIMIT_BYTES.
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
      throw new AppError('unsupported_media_type', 'request bodies are not decoded: send the body without Content-Encoding', {
        details: [{ path: 'headers.content-encoding', message: 'not supported' }],
      });
    }
    const type = request.headers['content-type'];
    if (config.form) {
      request.body = formBody(type, raw);
      return;
    }
    if (type !== undefined && !/^application\/(.+\+)?json\b/i.test(type)) {
      throw new AppError('invalid', 'Content-Type must be application/json', { details: [{ path: 'headers.content-type', message: 'not JSON' }] });
    }
    const text = raw.toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AppError('invalid', 'request body is not valid JSON', { details: [{ path: 'body', message: 'malformed JSON' }] });
    }
    assertStorableJson(parsed, 'body');
    const duplicate = duplicateKeyPath(text, 'body');
    if (duplicate !== undefined)
      throw new AppError('invalid', `${duplicate}: the key appears twice`, { details: [{ path: duplicate, message: 'duplicate key' }] });
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

/**
 * A management request's caller: a bearer key when there is an Authorization header (it always
 * wins), else a console session's cookie (docs/management-api.md, "Console sessions"), whose changing
 * requests must carry its CSRF token as X-CSRF-Token: a page of another site can make the browser
 * send the cookie, but cannot read the token.
 */
async function authenticateManagement(request: FastifyRequest, management: ManagementAuth): Promise<Principal> {
  const cookie = request.headers.authorization === undefined ? readCookie(request.headers.cookie, SESSION_COOKIE) : undefined;
  if (cookie === undefined) return management.authenticate(request.headers.authorization, request.headers['x-tenant-id']);
  const { principal, csrfToken } = await management.authenticateSession(cookie);
  if (request.method !== 'GET' && request.method !== 'HEAD' && !sameToken(csrfToken, request.headers['x-csrf-token'])) {
    throw new AppError('forbidden', 'a console session sends its CSRF token (GET /api/me) as X-CSRF-Token with every change', {
      details: { reason: 'csrf' },
    });
  }
  request.csrfToken = csrfToken;
  return principal;
}

/** An HTML form's body (a route with `config.form`: the sign-in pages' forms), as an object of strings. */
function formBody(type: string | undefined, raw: Buffer): Record<string, string> {
  if (type === undefined || !/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new AppError('invalid', 'Content-Type must be application/x-www-form-urlencoded', {
      details: [{ path: 'headers.content-type', message: 'not a form' }],
    });
  }
  const fields = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  assertStorableFields(fields, 'body');
  return fields;
}
