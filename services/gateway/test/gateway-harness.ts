import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgentRunner, llmFromConfig, moderatorFromConfig } from '@parley/agent-runner';
import { signRequest } from '@parley/auth';
import { createInProcessBus, type PlatformBus } from '@parley/bus';
import type { LlmPrices } from '@parley/config';
import { catalog } from '@parley/contracts';
import { type Database, openDatabase } from '@parley/db';
import { createLinksService, type LinksDeps } from '@parley/links';
import type { Logger } from '@parley/logger';
import { createMemoryService, type KnowledgeDeps } from '@parley/memory';
import { createMetricsRegistry } from '@parley/service';
import { createSessionsService, type NoticeMailer } from '@parley/sessions';
import { connectRedis, type RedisLiveEventLog, redisLiveEventLog, redisNonceStore, redisOperatorPresence } from '@parley/stores';
import { createTestContext, linkTestKeys, type TestContext } from '@parley/testing';
import { fileUploadStore, type UploadStore } from '@parley/uploads';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { expect } from 'vitest';
import { type App, buildGateway } from '../src/app.js';
import { type GatewayConfig, gatewayConfigFrom } from '../src/config.js';
import type { VerificationMailer } from '../src/mail/verification-mailer.js';

export const ADMIN_KEY = 'gateway-admin-key-0123456789abcdef';
export const CHAT_SECRET = 'gateway-chat-secret-0123456789abcdef';

/** A two-node agent that answers without any LLM. */
export const echoAgent = {
  workflow: {
    initial_node: 'start',
    nodes: [
      { id: 'start', name: 'Start', static_text: 'Say something.', transitions: [{ to: 'echo', condition: 'user_responded' }] },
      { id: 'echo', name: 'Echo', static_text: 'Noted.', transitions: [{ to: 'done', condition: 'contains:stop' }] },
      { id: 'done', name: 'Done', type: 'end', static_text: 'Bye.' },
    ],
  },
};

export interface InjectResult<T = any> {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: T;
  text: string;
}

export interface GatewayHarness {
  app: App;
  ctx: TestContext;
  bus: PlatformBus;
  /** The test's database, for what a test checks below the API (every row written once). */
  db: Database['db'];
  redis: Redis;
  /** Sends a request through the app without a port. */
  /** Sends a request through the app without a port; `remoteAddress` is the client socket's (default 127.0.0.1). */
  inject<T = any>(request: {
    method: string;
    url: string;
    headers?: Record<string, string>;
    payload?: string | Buffer;
    remoteAddress?: string;
  }): Promise<InjectResult<T>>;
  /** A Text Chat API request, signed as docs/text-chat-api.md, "Signing a request" says (whole seconds unless `now` is fractional). */
  signed<T = any>(
    method: string,
    path: string,
    body?: unknown,
    options?: { now?: number; headers?: Record<string, string>; rawBody?: string },
  ): Promise<InjectResult<T>>;
  /** A management request with the admin key (and X-Tenant-Id when given). */
  admin<T = any>(method: string, path: string, body?: unknown, tenantId?: string): Promise<InjectResult<T>>;
  /** A management request with any bearer key (a tenant key), and X-Tenant-Id when given. */
  withKey<T = any>(key: string, method: string, path: string, body?: unknown, tenantId?: string): Promise<InjectResult<T>>;
  /** A tenant (created with the admin key) and one key of its own. */
  seedTenant(name: string): Promise<{ tenantId: string; key: string }>;
  /** Stops the agent-runner (turns then fail with 503) until `resume()`. */
  pauseRunner(): Promise<{ resume(): void }>;
  /** A tenant with one agent. */
  seedAgent(config?: unknown, name?: string): Promise<{ tenantId: string; agentId: string; name: string }>;
  /** The live event log the services write and the gateway streams (with `options.live`). */
  live: RedisLiveEventLog | undefined;
  /** The gateway's Prometheus registry (what its /metrics serves). */
  registry: Registry;
  /**
   * Another gateway process in front of the same services: its own Redis connection and live
   * event log (so its own subscriber connection), as a second replica has.
   */
  startGateway(): Promise<App>;
  /** Escalation notices: a pass runs when the test calls `runOnce()`. */
  notices: { runOnce(): Promise<number> };
  /** Assignment sweeps (timeouts, queues placed again): one runs when the test calls `sweep()`. */
  routing: { sweep(): Promise<void> };
  /** Where visitors' files go: a folder of the harness's own, unless the test gave a store (`options.uploads`). */
  uploads: UploadStore;
  /**
   * Runs the retention purge until every one of `conversationIds` is purged: the purge passes by a
   * conversation another writer holds at that moment (the end's own consumers), as it should, so
   * once is not enough right after an end. Resolves with how many conversations the passes purged.
   */
  purgeEnded(conversationIds: string[], olderThanDays: number): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The gateway built as an app (no port) in front of the real links, sessions and agent-runner
 * services on the in-process bus, against the test's own PostgreSQL database and Redis prefix.
 */
export async function startGatewayHarness(
  overrides: Partial<GatewayConfig> = {},
  options: {
    mailer?: VerificationMailer;
    /** Serve live events from Redis; `maxEvents` bounds each conversation's log. */
    live?: { maxEvents?: number };
    /** The runner's LLM (the fake LLM's URL); none by default. */
    llmBaseUrl?: string;
    /** LLM_PRICES: USD per million tokens by model, costing each traced LLM call at its commit; none by default. */
    llmPrices?: LlmPrices;
    /** Agents' tools on the runner: the test's services are on loopback, reachable with `allowPrivate`. */
    runnerTools?: { allowPrivate?: boolean };
    /** Agents built elsewhere on the runner: the test's backends are on loopback, reachable with `allowPrivate`. */
    runnerBackends?: { allowPrivate?: boolean };
    /** Another Redis than the test context's (one the test can stop); keys keep the context's prefix. */
    redisUrl?: string;
    /** The links service's webhook settings (loopback receivers, quick retries). */
    webhooks?: LinksDeps['webhooks'];
    /** The links service's test run workers (a short lease, a quick poll). */
    testRuns?: LinksDeps['testRuns'];
    /** The links service's distribution: its mailer (a loopback SMTP server), SMS provider (a loopback fake) and settings. */
    distribution?: Pick<LinksDeps, 'mailer' | 'sms' | 'distribution'>;
    /** Escalation notices: how long an escalation waits before one, and where they are mailed. */
    escalations?: { notifyAfterSeconds: number; mailer?: NoticeMailer };
    /** The runners' queue: turns it holds (RUNNER_QUEUE_MAX) and the runner's RUNNER_MAX_IN_FLIGHT. */
    runnerQueue?: { maxMessages: number; maxInFlight: number };
    /** What the gateways log to (the services behind them keep the test context's). */
    gatewayLogger?: Logger;
    /** What the services behind the gateway log to (default: the test context's). */
    servicesLogger?: Logger;
    /** The upload store of the gateway, sessions and runner; default: a temporary folder. */
    uploads?: UploadStore;
    /** The public limits' clock, for a test that moves time itself rather than waiting for windows to pass. */
    limitsClock?: () => number;
    /** How long the gateways reuse a resolved link (a second by default): a test shortens it rather than waiting the second out. */
    linkCacheMs?: number;
    /** Routing's clock (business hours, assignment timeouts) and ASSIGNMENT_TIMEOUT_SECONDS; sweeps run when the test calls `routing.sweep()`. */
    routing?: { clock?: () => Date; assignmentTimeoutSeconds?: number };
    /** The memory service's knowledge: an embedder (EMBEDDING_MODEL's, on the fake LLM) and options; none by default, full-text search alone. */
    knowledge?: Omit<KnowledgeDeps, 'uploads'>;
  } = {},
): Promise<GatewayHarness> {
  const ctx = await createTestContext({ name: 'gateway' });
  const servicesLogger = options.servicesLogger ?? ctx.logger;
  const uploadsDir = options.uploads ? undefined : await mkdtemp(join(tmpdir(), 'parley-uploads-'));
  const uploads = options.uploads ?? fileUploadStore(uploadsDir!);
  const database: Database = await openDatabase({ url: ctx.databaseUrl, logger: ctx.logger, poolSize: 5 });
  const redisUrl = options.redisUrl ?? ctx.redisUrl;
  const redis = await connectRedis(redisUrl);
  const bus = createInProcessBus({
    catalog,
    namespace: ctx.namespace,
    logger: ctx.logger,
    ...(options.runnerQueue ? { workQueues: { maxMessages: options.runnerQueue.maxMessages } } : {}),
  });
  const liveLogs: RedisLiveEventLog[] = [];
  const liveRedis: Redis[] = [];
  const newLiveLog = async () => {
    if (!options.live) return undefined;
    const connection = await connectRedis(redisUrl);
    liveRedis.push(connection);
    const log = redisLiveEventLog(connection, ctx.redisPrefix, options.live);
    liveLogs.push(log);
    return log;
  };
  const live = await newLiveLog();
  const registry = createMetricsRegistry('gateway-test', { defaultMetrics: false });
  const services = [
    createLinksService({
      bus,
      db: database.db,
      logger: servicesLogger,
      keys: linkTestKeys,
      webhooks: options.webhooks,
      testRuns: options.testRuns,
      ...options.distribution,
    }),
    createSessionsService({
      bus,
      db: database.db,
      pool: database.pool,
      logger: servicesLogger,
      options: {
        runnerAttempts: 2,
        queueTimeoutMs: 2_500,
        ...(options.llmPrices ? { llmPrices: options.llmPrices } : {}),
        escalations: {
          notifyAfterSeconds: options.escalations?.notifyAfterSeconds ?? 120,
          assignmentTimeoutSeconds: options.routing?.assignmentTimeoutSeconds ?? 60,
        },
      },
      ...(options.routing?.clock ? { clock: options.routing.clock } : {}),
      // Tests run the assignment sweeps themselves (`routing.sweep()`), at the moment they choose.
      assignmentSweepMs: 0,
      live,
      presence: redisOperatorPresence(redis, ctx.redisPrefix),
      ...(options.escalations?.mailer ? { mailer: options.escalations.mailer } : {}),
      consoleBaseUrl: 'http://console.test',
      uploads,
      // Tests run the notice passes themselves (`notices.runOnce()`), at the moment they choose.
      noticeIntervalMs: 0,
    }),
    // What agents remember of visitors: its share of privacy export and erasure answers here too.
    createMemoryService({
      bus,
      db: database.db,
      pool: database.pool,
      logger: servicesLogger,
      llm: llmFromConfig({ apiKey: undefined, baseUrl: options.llmBaseUrl, timeoutMs: 5_000, maxRetries: 0 }, servicesLogger),
      options: { model: 'fake-model', llmBudgetMs: 5_000 },
      // Knowledge documents uploaded as files are read from the same store the gateway puts them in.
      knowledge: { ...options.knowledge, uploads },
    }),
  ];
  const startRunner = () =>
    createAgentRunner({
      bus,
      llm: llmFromConfig({ apiKey: undefined, baseUrl: options.llmBaseUrl, timeoutMs: 5_000, maxRetries: 0 }, servicesLogger),
      // Content rules' moderation asks the same (fake) endpoint's /moderations.
      moderator: moderatorFromConfig({ apiKey: undefined, baseUrl: options.llmBaseUrl, timeoutMs: 5_000, maxRetries: 0 }, servicesLogger),
      live,
      logger: servicesLogger,
      registry: createMetricsRegistry('runner-test', { defaultMetrics: false }),
      uploads,
      ...(options.runnerQueue ? { maxInFlight: options.runnerQueue.maxInFlight } : {}),
      ...(options.runnerTools ? { tools: options.runnerTools } : {}),
      ...(options.runnerBackends ? { backends: options.runnerBackends } : {}),
    });
  let runner: ReturnType<typeof startRunner> | undefined = startRunner();
  await runner.ready;
  const config = {
    ...gatewayConfigFrom({ PORT: 0, HOST: '127.0.0.1', ADMIN_API_KEY: ADMIN_KEY, CHAT_API_SECRET: CHAT_SECRET, BODY_LIMIT_BYTES: 65_536 }),
    ...overrides,
  };
  const gatewayWith = async (gatewayLive: RedisLiveEventLog | undefined) =>
    buildGateway({
      bus,
      nonces: redisNonceStore(redis, ctx.redisPrefix),
      redis,
      redisKeyPrefix: ctx.redisPrefix,
      logger: options.gatewayLogger ?? ctx.logger,
      registry: createMetricsRegistry('gateway-test', { defaultMetrics: false }),
      config,
      live: gatewayLive,
      presence: redisOperatorPresence(redis, ctx.redisPrefix),
      uploads,
      ...(options.mailer ? { mailer: options.mailer } : {}),
      ...(options.limitsClock ? { limitsClock: options.limitsClock } : {}),
      ...(options.linkCacheMs === undefined ? {} : { linkCacheMs: options.linkCacheMs }),
    });
  const moreGateways: App[] = [];
  const app = await buildGateway({
    live,
    presence: redisOperatorPresence(redis, ctx.redisPrefix),
    bus,
    nonces: redisNonceStore(redis, ctx.redisPrefix),
    redis,
    redisKeyPrefix: ctx.redisPrefix,
    logger: options.gatewayLogger ?? ctx.logger,
    registry,
    config,
    uploads,
    ...(options.mailer ? { mailer: options.mailer } : {}),
    ...(options.limitsClock ? { limitsClock: options.limitsClock } : {}),
    ...(options.linkCacheMs === undefined ? {} : { linkCacheMs: options.linkCacheMs }),
  });

  const inject: GatewayHarness['inject'] = async (request) => {
    const response = await app.inject({
      method: request.method as 'GET',
      url: request.url,
      headers: request.headers ?? {},
      ...(request.payload === undefined ? {} : { payload: request.payload }),
      ...(request.remoteAddress === undefined ? {} : { remoteAddress: request.remoteAddress }),
    });
    let body: unknown = response.body;
    try {
      body = JSON.parse(response.body);
    } catch {
      // Not JSON: the text makes the assertion message.
    }
    return { status: response.statusCode, headers: response.headers, body: body as any, text: response.body };
  };
  const admin: GatewayHarness['admin'] = (method, url, body, tenantId) =>
    inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${ADMIN_KEY}`,
        ...(tenantId ? { 'x-tenant-id': tenantId } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  const withKey: GatewayHarness['withKey'] = (key, method, url, body, tenantId) =>
    inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${key}`,
        ...(tenantId ? { 'x-tenant-id': tenantId } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  let agents = 0;
  return {
    app,
    ctx,
    bus,
    redis,
    db: database.db,
    notices: (services[1] as ReturnType<typeof createSessionsService>).notifier,
    routing: { sweep: () => (services[1] as ReturnType<typeof createSessionsService>).escalations.sweep() },
    uploads,
    inject,
    admin,
    withKey,
    async seedTenant(name) {
      const tenant = await admin('POST', '/api/tenants', { name });
      if (tenant.status !== 201) throw new Error(`tenant: ${tenant.status} ${tenant.text}`);
      const key = await admin('POST', `/api/tenants/${tenant.body.id}/keys`);
      if (key.status !== 201) throw new Error(`key: ${key.status} ${key.text}`);
      return { tenantId: tenant.body.id, key: key.body.key };
    },
    signed: (method, path, body, options = {}) => {
      const raw = options.rawBody ?? (body === undefined ? '' : JSON.stringify(body));
      return inject({
        method,
        url: path,
        headers: {
          ...(raw ? { 'content-type': 'application/json' } : {}),
          ...signRequest(CHAT_SECRET, method, path, raw, options.now),
          ...options.headers,
        },
        ...(raw ? { payload: raw } : {}),
      });
    },
    /** Turns wait for a runner at most 2.5 s here (RUNNER_QUEUE_TIMEOUT_SECONDS), so a paused one fails them quickly. */
    async pauseRunner() {
      await runner?.drain();
      runner = undefined;
      return {
        resume: () => {
          runner ??= startRunner();
        },
      };
    },
    async seedAgent(config = echoAgent, name = `agent-${++agents}`) {
      const tenant = await admin('POST', '/api/tenants', { name: `tenant of ${name}` });
      if (tenant.status !== 201) throw new Error(`tenant: ${tenant.status} ${tenant.text}`);
      const agent = await admin('POST', '/api/agents', { name, config }, tenant.body.id);
      if (agent.status !== 201) throw new Error(`agent: ${agent.status} ${agent.text}`);
      return { tenantId: tenant.body.id, agentId: agent.body.id, name };
    },
    live,
    registry,
    async purgeEnded(conversationIds, olderThanDays) {
      let purged = 0;
      const deadline = Date.now() + 10_000;
      for (;;) {
        purged += (await bus.request('sessions.purge-ended', { olderThanDays, limit: 100 })).conversations;
        const left = await database.db
          .selectFrom('text_conversations')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('id', 'in', conversationIds)
          .where('purged_at', 'is', null)
          .executeTakeFirstOrThrow();
        if (Number(left.n) === 0) return purged;
        if (Date.now() > deadline) throw new Error(`${left.n} of ${conversationIds.length} conversations not purged`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async startGateway() {
      const another = await gatewayWith(await newLiveLog());
      moreGateways.push(another);
      return another;
    },
    async stop() {
      for (const another of moreGateways) await another.close();
      await app.close();
      await Promise.all([...services, ...(runner ? [runner] : [])].map((service) => service.drain()));
      await bus.drain();
      for (const log of liveLogs) await log.close();
      for (const connection of liveRedis) connection.disconnect();
      redis.disconnect();
      await database.close();
      await ctx.cleanup();
      await uploads.close();
      if (uploadsDir) await rm(uploadsDir, { recursive: true, force: true });
    },
  };
}

/**
 * An answer in the error shape with this status and code; `message` pins which check refused,
 * so a test fails if the request was refused for another reason than the one it is about.
 */
export function expectError(response: InjectResult, status: number, code: string, message?: RegExp): void {
  expect(response.status, response.text).toBe(status);
  expect(response.body?.error?.code, response.text).toBe(code);
  expect(typeof response.body.error.message).toBe('string');
  expect(response.body.error.request_id).toBe(response.headers['x-request-id']);
  if (message) expect(response.body.error.message).toMatch(message);
}
