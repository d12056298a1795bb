import type { IncomingMessage, ServerResponse } from 'node:http';
import websocket from '@fastify/websocket';
import type { PlatformBus } from '@parley/bus';
import { AppError, type Role } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { LiveEventLog, NonceStore, OperatorPresence } from '@parley/stores';
import { nameServerSpan } from '@parley/telemetry';
import type { UploadStore } from '@parley/uploads';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController, type RawServerDefault } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import { Histogram, type Registry } from 'prom-client';
import { type AuditSpec, installAuditTrail } from './audit/trail.js';
import { HmacVerifier, timedClaims } from './auth/hmac-auth.js';
import { ManagementAuth, type Principal } from './auth/management-auth.js';
import { installRequestPipeline } from './auth/request-pipeline.js';
import { type ChatTenantSource, TenantChatSecrets } from './auth/tenant-chat-secrets.js';
import type { GatewayConfig } from './config.js';
import { installAccessLog } from './edge/access-log.js';
import { installClientAddress } from './edge/client-address.js';
import { clientErrorHandler, frameworkErrors, installRequestEdge, installServerEdge, serverOptions } from './edge/http-edge.js';
import { createGatewayMetrics } from './edge/metrics.js';
import { installPublicEdge } from './edge/public-edge.js';
import { requestIdFrom } from './edge/request-id.js';
import { registerSecurityHeaders } from './edge/security-headers.js';
import { installErrorHandling, installNotFound } from './errors.js';
import { createProofOfWork } from './limits/proof-of-work.js';
import { perMinute, registerRateLimits } from './limits/route-limits.js';
import { useLinkCache } from './links/lookup.js';
import { memoryStreamLeases, redisStreamLeases } from './live/stream-leases.js';
import type { VerificationMailer } from './mail/verification-mailer.js';
import { installViaMcp } from './mcp/via-mcp.js';
import { affinityBus } from './messages/replica-affinity.js';
import { memoryTaskStore, redisTaskStore } from './protocols/a2a/task-store.js';
import { chatRoutes } from './routes/chat-api/chat.routes.js';
import { chatEscalationsRoutes } from './routes/chat-api/chat-escalations.routes.js';
import { chatUsersRoutes } from './routes/chat-api/chat-users.routes.js';
import { consoleSignInRoutes } from './routes/console/console-sign-in.routes.js';
import { meRoutes } from './routes/console/me.routes.js';
import { docsRoutes, registerOpenApi } from './routes/docs.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { evaluationRoutes } from './routes/management/agents/evaluations.routes.js';
import { managementRoutes } from './routes/management/agents/management.routes.js';
import { playgroundRoutes } from './routes/management/agents/playground.routes.js';
import { analyticsRoutes } from './routes/management/analytics/analytics.routes.js';
import { auditRoutes } from './routes/management/audit.routes.js';
import { cannedRepliesRoutes } from './routes/management/canned-replies.routes.js';
import { chatSecretsRoutes } from './routes/management/chat-secrets.routes.js';
import { linkDistributionRoutes } from './routes/management/distribution/link-distribution.routes.js';
import { schedulesRoutes } from './routes/management/distribution/schedules.routes.js';
import { inboxRoutes } from './routes/management/escalations/inbox.routes.js';
import { transcriptsExportRoutes } from './routes/management/exports/transcripts-export.routes.js';
import { keysRoutes } from './routes/management/keys.routes.js';
import { knowledgeRoutes } from './routes/management/knowledge/knowledge.routes.js';
import { linkSessionsRoutes } from './routes/management/links/link-sessions.routes.js';
import { linkTemplatesRoutes } from './routes/management/links/link-templates.routes.js';
import { publicLinkIdentityRoutes } from './routes/management/links/public-link-identity.routes.js';
import { publicLinksRoutes } from './routes/management/links/public-links.routes.js';
import { membersRoutes } from './routes/management/members/members.routes.js';
import { teamsRoutes } from './routes/management/members/teams.routes.js';
import { privacyRoutes } from './routes/management/privacy/privacy.routes.js';
import { tenantSecretsRoutes } from './routes/management/secrets.routes.js';
import { traceRoutes } from './routes/management/traces/trace.routes.js';
import { webhooksRoutes } from './routes/management/webhooks.routes.js';
import { mcpRoutes } from './routes/mcp/mcp.routes.js';
import { pagesRoutes } from './routes/pages/pages.routes.js';
import { publicFeedbackRoutes } from './routes/public/feedback/public-feedback.routes.js';
import { publicFollowUpRoutes } from './routes/public/follow-up/public-follow-up.routes.js';
import { publicEventsRoutes } from './routes/public/live/public-events.routes.js';
import { publicSocketRoutes } from './routes/public/live/public-socket.routes.js';
import { a2aRoutes } from './routes/public/protocols/a2a.routes.js';
import { aguiRoutes } from './routes/public/protocols/agui.routes.js';
import { publicChatRoutes } from './routes/public/public-chat.routes.js';
import { publicConversationsRoutes } from './routes/public/public-conversations.routes.js';
import { publicEscalationsRoutes } from './routes/public/public-escalations.routes.js';
import { publicPrivacyRoutes } from './routes/public/public-privacy.routes.js';
import { publicUploadsRoutes } from './routes/public/uploads/public-uploads.routes.js';
import { publicVerifyRoutes } from './routes/public/verify/public-verify.routes.js';

export interface GatewayDeps {
  bus: PlatformBus;
  nonces: NonceStore;
  /** Shared store of the rate limits; undefined in the one-process mode without REDIS_URL (limits kept in memory). */
  redis: Redis | undefined;
  /** Prefix of this deployment's Redis keys (rate-limit counters), e.g. `parley:`. */
  redisKeyPrefix?: string;
  logger: Logger;
  registry: Registry;
  config: GatewayConfig;
  /** The conversations' live event log (SSE); undefined: live events are not served. */
  live?: LiveEventLog | undefined;
  /** Sends verification codes; undefined: links that require email verification are refused. */
  mailer?: VerificationMailer | undefined;
  /** Who has the inbox open (operators online); undefined: nobody is ever counted. */
  presence?: OperatorPresence | undefined;
  /** Where visitors' files and knowledge documents' files are kept (docs/public-chat-api.md "Uploads"); undefined: uploads answer 503. */
  uploads?: UploadStore | undefined;
  /** The public limits' clock (windows, penalty scores); the wall's unless a test moves time itself. */
  limitsClock?: (() => number) | undefined;
  /** How long a resolved link is reused (links/lookup.ts: a second); a test shortens it rather than waiting the second out. */
  linkCacheMs?: number | undefined;
}

/** Which credential a route takes; checked before its body is even parsed. */
export type RouteAuth = 'hmac' | 'management' | 'none';

declare module 'fastify' {
  interface FastifyInstance {
    /** SIGTERM: keep serving, but answer every request with `Connection: close` from now on. */
    startDraining(): void;
  }
  interface FastifyContextConfig {
    auth?: RouteAuth;
    /** Bearer routes: the least role a key needs (docs/management-api.md, "Roles"); required with `auth: 'management'`, refused without it (auth/route-rules.ts). */
    role?: Role;
    /**
     * What the audit log records of a success (docs/management-api.md, "Audit log"). `false` or absent: nothing –
     * a read, or a change that says why in `notAudited`. A bearer route's POST, PUT, PATCH or DELETE
     * must say one or the other (auth/route-rules.ts).
     */
    audit?: AuditSpec | false;
    /** Why a bearer route's change is not recorded (with `audit: false`): e.g. an operator's typing notice changes nothing. */
    notAudited?: string;
    /** The route's effect would repeat on a replay (sending a message): its signature is accepted once. */
    singleUse?: boolean;
    /** The body is an HTML form (application/x-www-form-urlencoded), not JSON: the sign-in pages' forms. */
    form?: boolean;
    /** Text Chat API routes: where the request names its tenant, whose own secrets may sign it (docs/text-chat-api.md, "Text Chat API secrets"). */
    chatTenant?: ChatTenantSource;
  }
  interface FastifyRequest {
    rawBody: Buffer | undefined;
    principal: Principal | undefined;
    /** The signature this request claimed; released if the request ends without effect. */
    claimedSignature: string | undefined;
    /** A request authenticated by a console session: that session's CSRF token (docs/management-api.md, "Console sessions"). */
    csrfToken: string | undefined;
  }
}

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/**
 * The gateway as a Fastify app, without a port: tests call it with `inject`, the process
 * (main.ts) and the one-process mode listen with it.
 */
export async function buildGateway(given: GatewayDeps): Promise<App> {
  // A conversation's messages go first to the sessions replica that answered its last (messages/replica-affinity.ts).
  const deps: GatewayDeps = { ...given, bus: affinityBus(given.bus) };
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.config.bodyLimitBytes,
    genReqId: (req) => requestIdFrom(req.headers['x-request-id']),
    // One access line per request (access-log.ts) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // Requests arriving while the server closes are answered below, in the error shape.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    // Longer than any id or name a route takes; past it the resource cannot exist (404).
    routerOptions: { maxParamLength: 256 },
    frameworkErrors,
    clientErrorHandler: clientErrorHandler(deps.logger),
    ...serverOptions(deps.config.requestTimeoutMs),
    // X-Forwarded-For names the client only when it comes from a proxy named in TRUST_PROXY.
    ...(deps.config.trustProxy.length > 0 ? { trustProxy: deps.config.trustProxy } : {}),
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;
  // Before any hook reads it: behind TRUST_PROXY, `request.ip` is X-Forwarded-For's entry parsed (no port, no string of its own).
  installClientAddress(app, deps.config.trustProxy, deps.logger);
  installServerEdge(app.server, deps.logger);
  installRequestEdge(app);
  app.decorate('gatewayMetrics', createGatewayMetrics(deps.registry));
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  await registerSecurityHeaders(app);
  await registerRateLimits(app, { redis: deps.redis, keyPrefix: deps.redisKeyPrefix ?? '' });
  installNotFound(app, deps.config.notFoundRateLimitPerMinute);
  await registerOpenApi(app, { publicBaseUrl: deps.config.publicBaseUrl });

  useLinkCache(deps.bus, deps.linkCacheMs);
  const management = new ManagementAuth(deps.config.adminApiKey, deps.bus);
  const claims = new Histogram({
    name: 'parley_signature_claim_duration_seconds',
    help: 'Time to claim a single-use signature in the nonce store (Redis, or memory in one process)',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [deps.registry],
  });
  installRequestPipeline(app, {
    hmac: new HmacVerifier(
      deps.config.chatApiSecret,
      timedClaims(deps.nonces, (seconds) => claims.observe(seconds)),
      new TenantChatSecrets(deps.bus),
    ),
    management,
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // A trace names the route, as the metrics and logs do; its path would carry link tokens.
    const route = request.routeOptions.url;
    if (route !== undefined) nameServerSpan(request.method, route);
  });
  // MCP tools call the API through inject with this mark; never honoured from the network.
  const viaMcp = installViaMcp(app);
  // While draining (from SIGTERM until the listener closes) and while closing, every response
  // closes its connection: clients move to another replica instead of reusing a socket that is
  // about to go away, and no idle keep-alive socket is left to be reset under a new request.
  let draining = false;
  let closing = false;
  app.decorate('startDraining', () => {
    draining = true;
  });
  app.addHook('preClose', async () => {
    draining = true;
    closing = true;
  });
  // Rarely reached (while closing, every answer closes its connection and idle ones are closed),
  // but a request that slips in is told to retry elsewhere, in the error shape.
  app.addHook('onRequest', async () => {
    if (closing) throw new AppError('unavailable', 'this gateway is shutting down; retry', { details: { reason: 'shutting_down' } });
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
    durations.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  installAccessLog(app, deps.config.accessLog);

  // The widget's WebSocket. Registered before every route: an upgrade asked of any other route is
  // answered and its socket closed. No per-message compression (its zlib state would cost each
  // idle socket far more than the socket itself); no client list of its own (the route keeps one).
  await app.register(websocket, { options: { maxPayload: deps.config.bodyLimitBytes, perMessageDeflate: false, clientTracking: false } });
  installAuditTrail(app, deps.bus, deps.config.chatApiSecret);
  await app.register(healthRoutes);
  await app.register(auditRoutes, { bus: deps.bus, rateLimit: perMinute(deps.config.managementRateLimitPerMinute) });
  await app.register(analyticsRoutes, { bus: deps.bus, rateLimit: perMinute(deps.config.managementRateLimitPerMinute) });
  await app.register(traceRoutes, { bus: deps.bus, rateLimit: perMinute(deps.config.managementRateLimitPerMinute) });
  await app.register(transcriptsExportRoutes, { bus: deps.bus, rateLimit: perMinute(deps.config.managementRateLimitPerMinute) });
  await app.register(chatRoutes, { bus: deps.bus });
  await app.register(chatUsersRoutes, { bus: deps.bus });
  await app.register(managementRoutes, { bus: deps.bus, rateLimit: perMinute(deps.config.managementRateLimitPerMinute) });
  await app.register(keysRoutes, { bus: deps.bus, rateLimit: perMinute(deps.config.managementRateLimitPerMinute) });
  await app.register(chatSecretsRoutes, { bus: deps.bus, rateLimit: perMinute(deps.config.managementRateLimitPerMinute) });
  await app.register(tenantSecretsRoutes, { bus: deps.bus, rateLimit: perMinute(deps.config.managementRateLimitPerMinute) });
  await app.register(knowledgeRoutes, { bus: deps.bus, rateLimit: perMinute(deps.config.managementRateLimitPerMinute), uploads: deps.uploads });
  await app.register(meRoutes, { rateLimit: perMinute(deps.config.managementRateLimitPerMinute) });
  await app.register(membersRoutes, { bus: deps.bus, rateLimit: perMinute(deps.config.managementRateLimitPerMinute) });
  await app.register(teamsRoutes, { bus: deps.bus, rateLimit: perMinute(deps.config.managementRateLimitPerMinute) });
  await app.register(consoleSignInRoutes, { bus: deps.bus, config: deps.config, auth: management });
  await app.register(playgroundRoutes, { bus: deps.bus, rateLimit: perMinute(deps.config.managementRateLimitPerMinute) });
  await app.register(evaluationRoutes, { bus: deps.bus, rateLimit: perMinute(deps.config.managementRateLimitPerMinute) });
  await app.register(webhooksRoutes, { bus: deps.bus, rateLimit: perMinute(deps.config.managementRateLimitPerMinute) });
  await app.register(privacyRoutes, { bus: deps.bus, rateLimit: perMinute(deps.config.managementRateLimitPerMinute) });
  await app.register(linkTemplatesRoutes, { bus: deps.bus, rateLimit: perMinute(deps.config.managementRateLimitPerMinute) });
  await app.register(cannedRepliesRoutes, { bus: deps.bus, rateLimit: perMinute(deps.config.managementRateLimitPerMinute) });
  await app.register(schedulesRoutes, {
    bus: deps.bus,
    rateLimit: perMinute(deps.config.managementRateLimitPerMinute),
    publicBaseUrl: deps.config.publicBaseUrl,
  });
  await app.register(chatEscalationsRoutes, { bus: deps.bus });
  // The caps on open streams: visitors' live streams, and the operators' inbox streams.
  const streamCaps = { ...deps.config.liveStreamCaps, perCredential: deps.config.inboxStreamsPerCredential };
  const streamLeases = deps.redis ? redisStreamLeases(deps.redis, deps.redisKeyPrefix ?? '', streamCaps, deps.logger) : memoryStreamLeases(streamCaps);
  app.addHook('onClose', async () => streamLeases.close());
  await app.register(inboxRoutes, {
    bus: deps.bus,
    rateLimit: perMinute(deps.config.managementRateLimitPerMinute),
    live: deps.live,
    presence: deps.presence,
    heartbeatMs: deps.config.sseHeartbeatMs,
    uploads: deps.uploads,
    streamLeases,
  });
  const guard = await installPublicEdge(app, {
    bus: deps.bus,
    redis: deps.redis,
    redisKeyPrefix: deps.redisKeyPrefix ?? '',
    logger: deps.logger,
    config: deps.config,
    clock: deps.limitsClock,
  });
  const publicOptions = {
    bus: deps.bus,
    config: deps.config,
    guard,
    proofOfWork: createProofOfWork({
      redis: deps.redis,
      redisKeyPrefix: deps.redisKeyPrefix ?? '',
      logger: deps.logger,
      secret: deps.config.chatApiSecret,
      maxNumber: deps.config.publicChallenge.maxNumber,
      perAddressPerMinute: deps.config.publicLimits.perIpPerMinute,
      record: (kind, subject) => guard.recordRefusal(kind, subject),
    }),
    mailer: deps.mailer,
    live: deps.live,
    streamLeases,
  };
  await app.register(publicLinksRoutes, publicOptions);
  await app.register(publicChatRoutes, publicOptions);
  await app.register(publicUploadsRoutes, { ...publicOptions, uploads: deps.uploads });
  await app.register(publicConversationsRoutes, publicOptions);
  await app.register(publicLinkIdentityRoutes, publicOptions);
  await app.register(publicEventsRoutes, publicOptions);
  await app.register(publicSocketRoutes, publicOptions);
  await app.register(publicVerifyRoutes, publicOptions);
  await app.register(publicEscalationsRoutes, publicOptions);
  await app.register(publicFollowUpRoutes, publicOptions);
  await app.register(publicFeedbackRoutes, publicOptions);
  await app.register(publicPrivacyRoutes, publicOptions);
  await app.register(linkSessionsRoutes, publicOptions);
  await app.register(linkDistributionRoutes, publicOptions);
  // A link served over open protocols (docs/open-protocols.md): AG-UI runs, and an A2A agent whose tasks every replica can read.
  await app.register(aguiRoutes, publicOptions);
  const a2aTasks = deps.redis ? redisTaskStore(deps.redis, deps.redisKeyPrefix ?? '') : memoryTaskStore();
  await app.register(a2aRoutes, { ...publicOptions, tasks: a2aTasks });
  await app.register(mcpRoutes, {
    allowedOrigins: [new URL(deps.config.publicBaseUrl).origin, ...deps.config.mcpAllowedOrigins],
    managementRateLimitPerMinute: deps.config.managementRateLimitPerMinute,
    viaHeader: viaMcp.header,
    idleMs: deps.config.mcpSessionIdleMs,
    bus: deps.bus,
  });
  await app.register(docsRoutes);
  await app.register(pagesRoutes, { sso: deps.config.oidc !== undefined });
  return app;
}
