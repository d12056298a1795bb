import { join, resolve } from 'node:path';
import { createAgentRunner, llmFromConfig, moderatorFromConfig, questionEmbedderFrom } from '@parley/agent-runner';
import { connectPlatformBus, type PlatformBus } from '@parley/bus';
import { createCleanupService } from '@parley/cleanup';
import { redisTargetOf } from '@parley/config';
import { type Database, migrateToLatest, openDatabase } from '@parley/db';
import { openEmbeddedDatabase } from '@parley/embedded-postgres';
import { buildGateway, gatewayConfigFrom, verificationMailerFor } from '@parley/gateway';
import {
  busAuditCheckpoints,
  consoleLinkMailer,
  createLinksService,
  distributionOptionsFrom,
  fileAuditCheckpoints,
  smsSettingsFrom,
  smtpLinkMailer,
  twilioSmsSender,
  webhookOptionsFrom,
} from '@parley/links';
import { createLogger, type Logger, serviceLogger } from '@parley/logger';
import { createMemoryService, knowledgeEmbedderFrom, llmBudgetMs } from '@parley/memory';
import { createMetricsRegistry, mailMetrics, type ReadinessChecks, registerBusMetrics, registerPoolMetrics, startHealthServer } from '@parley/service';
import { consoleNoticeMailer, createSessionsService, smtpNoticeMailer } from '@parley/sessions';
import {
  connectRedis,
  type LiveEventLog,
  memoryLiveEventLog,
  memoryNonceStore,
  memoryOperatorPresence,
  redisLiveEventLog,
  redisNonceStore,
  redisOperatorPresence,
} from '@parley/stores';
import type { Redis } from 'ioredis';
import { uploadStoreFromSettings } from '@parley/uploads';
import type { PlatformConfig } from './config.js';
import { type DemoSeed, seedDemo } from './seed.js';
import { ensureSecrets } from './secrets.js';

export interface RunningPlatform {
  url: string;
  /** The internal listener of /healthz, /readyz and /metrics (HEALTH_PORT), e.g. http://127.0.0.1:8081. */
  healthUrl: string;
  adminApiKey: string;
  chatApiSecret: string;
  /**
   * Where each key came from: the environment (a secret store – never printed), or DATA_DIR,
   * where the platform generated it on its first start (printed, so the user can use it).
   */
  secretSources: { adminApiKey: SecretSource; chatApiSecret: SecretSource };
  demo: DemoSeed | undefined;
  mode: { database: 'embedded' | 'external'; bus: 'in-process' | 'nats'; stores: 'memory' | 'redis'; mail: 'smtp' | 'console' };
  bus: PlatformBus;
  logger: Logger;
  /** SIGTERM: /readyz answers 503 and every response closes its connection, while still serving. */
  startDraining(): void;
  stop(): Promise<void>;
}

export type SecretSource = 'environment' | 'data_dir';

/**
 * Every service in one process: the same builders the standalone processes use, wired to one
 * bus, one pool and one gateway. Unset URLs mean embedded PostgreSQL, the in-process bus and
 * in-memory stores.
 *
 * `signal` aborts the start (a signal during start-up): it gives up at its next step, having
 * stopped everything it started – embedded PostgreSQL included – like any other failure.
 */
export async function startPlatform(config: PlatformConfig, options: { logger?: Logger; signal?: AbortSignal } = {}): Promise<RunningPlatform> {
  const logger = options.logger ?? createLogger({ service: 'platform', level: config.LOG_LEVEL });
  const dataDir = resolve(config.DATA_DIR);
  const cleanups: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    // Every cleanup runs, whichever fails (and however: a throw as much as a rejection).
    for (const cleanup of cleanups.reverse())
      await Promise.resolve()
        .then(cleanup)
        .catch((error: unknown) => logger.error({ err: error }, 'error while stopping'));
    cleanups.length = 0;
  };
  /** Between the steps of the start: gives up once it is aborted. */
  const going = () => options.signal?.throwIfAborted();
  try {
    going();
    const secrets = await ensureSecrets(dataDir, {
      adminApiKey: config.ADMIN_API_KEY,
      chatApiSecret: config.CHAT_API_SECRET,
      auditKey: config.AUDIT_KEY,
      verificationKey: config.VERIFICATION_KEY,
      secretsKey: config.SECRETS_KEY,
    });
    const database: Database = config.DATABASE_URL
      ? await openDatabase({ url: config.DATABASE_URL, logger, poolSize: 20, applicationName: 'parley' })
      : await openEmbeddedDatabase({ dataDir, logger, poolSize: 20, applicationName: 'parley', ...(options.signal ? { signal: options.signal } : {}) });
    cleanups.push(() => database.close());
    going();
    if (config.DATABASE_MIGRATE) await migrateToLatest(database.db, logger);
    going();

    // Visitors' files: under DATA_DIR/uploads unless S3_BUCKET or UPLOADS_DIR says otherwise.
    const uploads = uploadStoreFromSettings(config, join(dataDir, 'uploads'));
    cleanups.push(async () => uploads?.close());

    const bus = await connectPlatformBus({
      natsUrl: config.NATS_URL,
      natsReplicas: config.NATS_REPLICAS,
      namespace: config.BUS_NAMESPACE,
      logger,
      name: 'platform',
      workQueues: {
        enabled: config.RUNNER_QUEUE,
        maxMessages: config.RUNNER_QUEUE_MAX,
        storage: config.RUNNER_QUEUE_STORAGE,
        direct: config.RUNNER_QUEUE_DIRECT,
      },
    });
    cleanups.push(() => bus.drain());
    going();
    let redis: Redis | undefined;
    const redisTarget = redisTargetOf(config);
    if (redisTarget) {
      const connected = await connectRedis(redisTarget);
      redis = connected;
      cleanups.push(async () => connected.disconnect());
      going();
    }
    // Visitors' live events: shared through Redis when there is one (several platforms behind a
    // balancer), else kept in this process.
    const live: LiveEventLog = redis ? redisLiveEventLog(redis, `${config.BUS_NAMESPACE}:`) : memoryLiveEventLog();
    // Operators with the inbox open, as the gateway counts them and the sessions service asks.
    const presence = redis ? redisOperatorPresence(redis, `${config.BUS_NAMESPACE}:`) : memoryOperatorPresence();
    cleanups.push(() => live.close());

    const registry = createMetricsRegistry('platform');
    registerPoolMetrics(registry, database.pool);
    registerBusMetrics(registry, bus);
    const mails = mailMetrics(registry);
    const llmConfig = { apiKey: config.OPENAI_API_KEY, baseUrl: config.OPENAI_BASE_URL, timeoutMs: config.LLM_TIMEOUT_MS, maxRetries: config.LLM_MAX_RETRIES };
    // One client for the runner's prompts and the memory's summaries.
    const llm = llmFromConfig(llmConfig, logger, registry);
    // The audit chain's signed head, outside PostgreSQL: in the bus's key-value bucket (JetStream) with
    // NATS, else a file under DATA_DIR – the in-process bus keeps its buckets in memory, lost at a restart.
    const auditCheckpoints = config.NATS_URL ? await busAuditCheckpoints(bus) : fileAuditCheckpoints(dataDir);
    // Each service is drained once made: one that fails to build stops the start, and those made
    // before it must not poll on after the pool is closed.
    const services: Array<{ drain(): Promise<void>; ready?: Promise<unknown> }> = [];
    cleanups.push(async () => {
      await Promise.all(services.map((s) => s.drain()));
    });
    const made = <S extends { drain(): Promise<void> }>(service: S): S => {
      services.push(service);
      return service;
    };
    made(
      createLinksService({
        bus,
        db: database.db,
        logger: serviceLogger(logger, 'links'),
        registry,
        webhooks: webhookOptionsFrom(config),
        distribution: distributionOptionsFrom(config),
        keys: { audit: secrets.auditKey, verification: secrets.verificationKey, secrets: secrets.secretsKey },
        auditCheckpoints,
        // Without SMTP_URL, links' mails are printed like verification codes.
        mailer: config.SMTP_URL
          ? smtpLinkMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, logger: serviceLogger(logger, 'links'), metrics: mails })
          : consoleLinkMailer(),
        // Without SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM, links cannot be texted: an sms channel is refused.
        sms: smsTexter(config),
      }),
    );
    const sessions = made(
      createSessionsService({
        bus,
        db: database.db,
        pool: database.pool,
        logger: serviceLogger(logger, 'sessions'),
        options: {
          runnerAttempts: config.RUNNER_ATTEMPTS,
          queueTimeoutMs: config.RUNNER_QUEUE_TIMEOUT_SECONDS * 1000,
          historyCacheBytes: config.HISTORY_CACHE_MB * 1024 * 1024,
          llmPrices: config.LLM_PRICES ?? {},
          escalations: { notifyAfterSeconds: config.ESCALATION_NOTIFY_AFTER_SECONDS, assignmentTimeoutSeconds: config.ASSIGNMENT_TIMEOUT_SECONDS },
        },
        live,
        presence,
        // Without SMTP_URL, notices are printed like verification codes.
        mailer: config.SMTP_URL
          ? smtpNoticeMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, logger: serviceLogger(logger, 'sessions'), metrics: mails })
          : consoleNoticeMailer(),
        uploads,
        registry,
        consoleBaseUrl:
          config.PUBLIC_BASE_URL ?? (config.PORT === 0 ? undefined : `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`),
      }),
    );
    made(
      createAgentRunner({
        bus,
        llm,
        // Content rules' moderation, on the same endpoint (MODERATION_MODEL).
        moderator: moderatorFromConfig({ ...llmConfig, moderationModel: config.MODERATION_MODEL }, serviceLogger(logger, 'agent-runner')),
        logger: serviceLogger(logger, 'agent-runner'),
        registry,
        live,
        maxInFlight: config.RUNNER_MAX_IN_FLIGHT,
        uploads,
        // Answers of tool calls kept in this process (one runner: a turn is not offered to another).
        tools: { allowPrivate: config.TOOLS_ALLOW_PRIVATE, callsPerTenant: config.TOOL_CALLS_PER_TENANT },
        backends: { allowPrivate: config.BACKENDS_ALLOW_PRIVATE },
        // One process, one cache of agent versions: a version the sessions service fetched is not fetched again for its turns.
        agentVersions: sessions.agentVersions,
        // Visitors' questions embedded for knowledge search with the passages' EMBEDDING_MODEL, on the same endpoint.
        knowledge: {
          embedder: questionEmbedderFrom({ ...llmConfig, embeddingModel: config.EMBEDDING_MODEL }, serviceLogger(logger, 'agent-runner'), registry),
        },
      }),
    );
    made(
      createCleanupService({
        bus,
        db: database.db,
        logger: serviceLogger(logger, 'cleanup'),
        options: {
          sessionTimeoutSeconds: config.SESSION_TIMEOUT_SECONDS,
          cleanupIntervalMs: config.CLEANUP_INTERVAL_MINUTES * 60_000,
          partitionMonthsAhead: config.PARTITION_MONTHS_AHEAD,
          retentionDays: config.RETENTION_DAYS,
          scheduleCatchUpMinutes: config.SCHEDULE_CATCH_UP_MINUTES,
        },
      }),
    );
    made(
      createMemoryService({
        bus,
        db: database.db,
        pool: database.pool,
        logger: serviceLogger(logger, 'memory'),
        llm,
        options: { model: config.MEMORY_MODEL, llmBudgetMs: llmBudgetMs(llmConfig) },
        // Knowledge bases: documents' files in the same upload store, EMBEDDING_MODEL on the same endpoint.
        knowledge: {
          embedder: knowledgeEmbedderFrom({ ...llmConfig, embeddingModel: config.EMBEDDING_MODEL }, serviceLogger(logger, 'memory'), registry),
          uploads,
          options: {
            concurrency: config.KNOWLEDGE_INGEST_CONCURRENCY,
            allowPrivate: config.KNOWLEDGE_ALLOW_PRIVATE,
            indexBytes: config.KNOWLEDGE_INDEX_MB * 1024 * 1024,
          },
        },
      }),
    );
    // With NATS_URL, the runner sets its turn queue up first: nothing is asked of it before; links seals
    // the secrets an earlier version stored in clear.
    await Promise.all(services.map((s) => s.ready));
    going();

    const gatewayConfig = gatewayConfigFrom({ ...config, ADMIN_API_KEY: secrets.adminApiKey, CHAT_API_SECRET: secrets.chatApiSecret });
    const checks: ReadinessChecks = {
      postgres: () => database.ping(),
      bus: () => bus.ping(),
      ...(redis ? { redis: async () => void (await redis.ping()) } : {}),
    };
    const app = await buildGateway({
      bus,
      nonces: redis ? redisNonceStore(redis, `${config.BUS_NAMESPACE}:`) : memoryNonceStore(),
      redis,
      redisKeyPrefix: `${config.BUS_NAMESPACE}:`,
      logger: serviceLogger(logger, 'gateway'),
      registry,
      config: gatewayConfig,
      live,
      presence,
      // Without SMTP_URL, verification codes are printed to stdout.
      mailer: verificationMailerFor(gatewayConfig.mail, serviceLogger(logger, 'gateway'), 'console', mails),
      uploads,
    });
    cleanups.push(() => app.close());
    going();
    await app.listen({ port: config.PORT, host: config.HOST });
    const shownHost = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const url = config.PUBLIC_BASE_URL ?? `http://${shownHost}:${port}`;
    // Started once the gateway listens, so /readyz says 200 only when requests can be served; and
    // stopped last (the first cleanup runs last), so it answers 503, not nothing, while stopping.
    const health = await startHealthServer({ port: config.HEALTH_PORT, host: config.HOST, logger, registry, checks, accessLog: config.ACCESS_LOG });
    cleanups.unshift(() => health.close());
    going();

    const demo = config.SEED_DEMO ? await seedDemo(bus, join(dataDir, 'demo.json'), { publicBaseUrl: url }) : undefined;
    going();
    return {
      url,
      healthUrl: `http://${shownHost}:${health.port}`,
      adminApiKey: secrets.adminApiKey,
      chatApiSecret: secrets.chatApiSecret,
      secretSources: {
        adminApiKey: config.ADMIN_API_KEY === undefined ? 'data_dir' : 'environment',
        chatApiSecret: config.CHAT_API_SECRET === undefined ? 'data_dir' : 'environment',
      },
      demo,
      mode: {
        database: database.embedded ? 'embedded' : 'external',
        bus: config.NATS_URL ? 'nats' : 'in-process',
        stores: redis ? 'redis' : 'memory',
        mail: gatewayConfig.mail.smtpUrl ? 'smtp' : 'console',
      },
      bus,
      logger,
      startDraining: () => {
        health.markStopping();
        app.startDraining();
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The links' SMS provider when SMS_* configure one (all or none: the configuration refuses half of it). */
function smsTexter(config: PlatformConfig) {
  const settings = smsSettingsFrom(config);
  return settings ? twilioSmsSender(settings) : undefined;
}
