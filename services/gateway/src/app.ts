import { randomBytes } from 'node:crypto';
import type { PlatformBus } from '@parley/bus';
import { AppError } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { ReadinessChecks } from '@parley/service';
import type { NonceStore } from '@parley/stores';
import type { Redis } from 'ioredis';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController, type RawServerDefault } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { Histogram, type Registry } from 'prom-client';
import type { GatewayConfig } from './config.js';
import { installErrorHandling } from './errors.js';
import { HmacVerifier } from './hmac-auth.js';
import { ManagementAuth, type Principal } from './management-auth.js';
import { chatRoutes } from './routes/chat.routes.js';
import { docsRoutes, registerOpenApi } from './routes/docs.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { managementRoutes } from './routes/management.routes.js';

export interface GatewayDeps {
  bus: PlatformBus;
  nonces: NonceStore;
  /** Shared store of the rate limits; undefined in the one-process mode without REDIS_URL (limits kept in memory). */
  redis: Redis | undefined;
  logger: Logger;
  registry: Registry;
  checks: ReadinessChecks;
  config: GatewayConfig;
}

/**
 * Request ids need to be unique, not secret: a random per-process prefix and a counter, instead
 * of random bytes on every request of the hot path.
 */
const requestIdPrefix = `req_${randomBytes(6).toString('base64url')}`;
let requestCounter = 0;
const nextRequestId = () => `${requestIdPrefix}${(requestCounter++).toString(36)}`;

/** Which credential a route takes; checked before its body is even parsed. */
export type RouteAuth = 'hmac' | 'management' | 'none';

declare module 'fastify' {
  interface FastifyInstance {
    /** SIGTERM: keep serving, but answer every request with `Connection: close` from now on. */
    startDraining(): void;
  }
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    rawBody: Buffer | undefined;
    principal: Principal | undefined;
  }
}

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/**
 * The gateway as a Fastify app, without a port: tests call it with `inject`, the process
 * (main.ts) and the one-process mode listen with it.
 */
export async function buildGateway(deps: GatewayDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.config.bodyLimitBytes,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : nextRequestId();
    },
    // One debug line per request (below) instead of Fastify's two info lines: cheap at info level.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  await registerOpenApi(app);

  // Bodies are kept raw: the HMAC covers the exact bytes, and authentication comes before parsing.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.decorateRequest('rawBody', undefined);
  app.decorateRequest('principal', undefined);

  const hmac = new HmacVerifier(deps.config.chatApiSecret, deps.nonces);
  const management = new ManagementAuth(deps.config.adminApiKey, deps.bus);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // While draining (from SIGTERM until the listener closes) and while closing, every response
  // closes its connection: clients move to another replica instead of reusing a socket that is
  // about to go away, and no idle keep-alive socket is left to be reset under a new request.
  let draining = false;
  app.decorate('startDraining', () => {
    draining = true;
  });
  app.addHook('preClose', async () => {
    draining = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (draining) reply.header('connection', 'close');
    return payload;
  });
  const durations = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'Gateway request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [deps.registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    durations.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    request.log.debug(
      { method: request.method, path: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request completed',
    );
  });
  app.addHook('preValidation', async (request) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : undefined;
    request.rawBody = raw;
    const auth = request.routeOptions.config.auth ?? 'none';
    if (auth === 'hmac') {
      await hmac.verify({
        method: request.method,
        path: request.url.split('?')[0] ?? request.url,
        body: raw,
        timestamp: request.headers['x-timestamp'],
        signature: request.headers['x-signature'],
      });
    } else if (auth === 'management') {
      request.principal = await management.authenticate(request.headers.authorization, request.headers['x-tenant-id']);
    }
    if (raw === undefined || raw.length === 0) {
      request.body = undefined;
      return;
    }
    const type = request.headers['content-type'];
    if (type !== undefined && !/^application\/(.+\+)?json\b/i.test(type)) {
      throw new AppError('invalid', 'Content-Type must be application/json');
    }
    try {
      request.body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new AppError('invalid', 'request body is not valid JSON');
    }
  });

  await app.register(healthRoutes, { registry: deps.registry, checks: deps.checks });
  await app.register(chatRoutes, { bus: deps.bus });
  await app.register(managementRoutes, { bus: deps.bus });
  await app.register(docsRoutes);
  return app;
}
