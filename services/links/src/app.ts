import { type PlatformBus, type Subscription, serveCatalog } from '@parley/bus';
import { linksCatalog } from '@parley/contracts';
import type { DB } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import { AgentService } from './agents/agent.service.js';
import { busUnknownBases } from './agents/knowledge-bases.js';
import { agentHandlers } from './agents/handlers.js';
import { AnalyticsConsumer } from './analytics/analytics.consumer.js';
import { AnalyticsRepository } from './analytics/analytics.repository.js';
import { AnalyticsService } from './analytics/analytics.service.js';
import { analyticsHandlers } from './analytics/handlers.js';
import { SecurityEventRepository } from './analytics/security-event.repository.js';
import { consumeSecurityEvents } from './analytics/security-events.consumer.js';
import { consumeAuditEvents } from './audit/audit-events.consumer.js';
import type { AuditCheckpointStore } from './audit/checkpoint-store.js';
import { auditHandlers } from './audit/handlers.js';
import { createAuditLog } from './audit/index.js';
import { RegistryBroadcasts } from './broadcasts/registry-broadcasts.js';
import { CannedReplyRepository } from './canned-replies/canned-reply.repository.js';
import { CannedReplyService } from './canned-replies/canned-reply.service.js';
import { cannedReplyHandlers } from './canned-replies/handlers.js';
import { ChatSecretRepository } from './chat-secrets/chat-secret.repository.js';
import { ChatSecretService } from './chat-secrets/chat-secret.service.js';
import { chatSecretHandlers } from './chat-secrets/handlers.js';
import { BulkLinkService } from './distribution/bulk-link.service.js';
import { distributionHandlers } from './distribution/handlers.js';
import { type Distribution, type DistributionOptions, defaultDistributionOptions, startDistribution } from './distribution/index.js';
import type { LinkMailer, LinkSmsSender } from './distribution/types.js';
import { EvaluationRepository } from './evaluations/evaluation.repository.js';
import { EvaluationService } from './evaluations/evaluation.service.js';
import { evaluationHandlers } from './evaluations/handlers.js';
import { defaultTestRunOptions, type TestRunOptions, TestRunWorker } from './evaluations/test-run.worker.js';
import { keyHandlers } from './keys/handlers.js';
import { KeyService } from './keys/key.service.js';
import { LinkAnnouncements } from './links/announcements.js';
import { LinkClosureRepository } from './links/closure.repository.js';
import { LinkClosureService } from './links/closure.service.js';
import { publicLinkHandlers } from './links/handlers.js';
import { IdentitySecrets } from './links/identity-secrets.js';
import { LinkService } from './links/link.service.js';
import { memberHandlers } from './members/handlers.js';
import { MemberRepository } from './members/member.repository.js';
import { MemberService } from './members/member.service.js';
import type { LinksParts } from './parts.js';
import { privacyHandlers } from './privacy/handlers.js';
import { LinkPrivacyService } from './privacy/privacy.service.js';
import { scheduleHandlers } from './schedules/handlers.js';
import { createScheduleModule } from './schedules/index.js';
import { SEALING_PURPOSES, SecretBox } from './sealing/secret-box.js';
import { RegistryRepository } from './store/registry.repository.js';
import { templateHandlers } from './templates/handlers.js';
import { TemplateRepository } from './templates/template.repository.js';
import { TemplateService } from './templates/template.service.js';
import { tenantSecretHandlers } from './tenant-secrets/handlers.js';
import { TenantSecretRepository } from './tenant-secrets/tenant-secret.repository.js';
import { TenantSecretService } from './tenant-secrets/tenant-secret.service.js';
import { tenantHandlers } from './tenants/handlers.js';
import { TenantService } from './tenants/tenant.service.js';
import { verificationHandlers } from './verification/handlers.js';
import { VerificationRepository } from './verification/verification.repository.js';
import { VerificationService } from './verification/verification.service.js';
import { webhookHandlers } from './webhooks/handlers.js';
import { defaultWebhookOptions, startWebhooks, type WebhookOptions } from './webhooks/index.js';
import type { WebhookService } from './webhooks/webhook.service.js';

/**
 * Every subject of the links catalog (libs/contracts/src/catalog/links.ts), each answered by the
 * handlers.ts of the feature folder that owns it.
 */
export const linksHandlers = [
  ...tenantHandlers,
  ...keyHandlers,
  ...chatSecretHandlers,
  ...tenantSecretHandlers,
  ...memberHandlers,
  ...agentHandlers,
  ...evaluationHandlers,
  ...publicLinkHandlers,
  ...distributionHandlers,
  ...templateHandlers,
  ...cannedReplyHandlers,
  ...scheduleHandlers,
  ...webhookHandlers,
  ...verificationHandlers,
  ...auditHandlers,
  ...analyticsHandlers,
  ...privacyHandlers,
];

export interface LinksDeps {
  bus: PlatformBus;
  db: Kysely<DB>;
  logger: Logger;
  /** The service's Prometheus registry (webhook deliveries); none: not counted. */
  registry?: Registry | undefined;
  /** Webhook delivery settings (WEBHOOK_* variables); unset ones take defaultWebhookOptions. */
  webhooks?: Partial<WebhookOptions>;
  /** Sends links' URLs by mail (SMTP_URL); without one, email distribution is refused. Closed when the service drains. */
  mailer?: LinkMailer | undefined;
  /** Texts links' URLs (SMS_* variables, twilioSmsSender); without one, SMS distribution is refused. */
  sms?: LinkSmsSender | undefined;
  /** Link distribution settings; unset ones take defaultDistributionOptions. */
  distribution?: Partial<DistributionOptions>;
  /** Test run workers' lease and polling; unset ones take defaultTestRunOptions. */
  testRuns?: Partial<TestRunOptions>;
  /** AUDIT_KEY (the audit chain's HMAC key), VERIFICATION_KEY (the key of stored verification-code hashes), SECRETS_KEY (seals secrets kept for reading back). */
  keys: LinkKeys;
  /**
   * Where the audit chain's signed head checkpoint is kept, outside PostgreSQL (the bus's key-value
   * bucket on NATS, or a file under DATA_DIR in the one-process mode); closed when the service drains. Without one, verify
   * walks the chain alone and cannot see deleted newest entries.
   */
  auditCheckpoints?: AuditCheckpointStore | undefined;
}

/** The links service's secrets; never logged, never stored. */
export interface LinkKeys {
  audit: string;
  verification: string;
  /**
   * SECRETS_KEY: seals the secrets the service reads back – tenants' Text Chat API secrets and
   * their tools' secrets, webhooks' signing secrets, links' identity secrets (sealing/secret-box.ts).
   */
  secrets: string;
}

export interface LinksService {
  tenants: TenantService;
  keys: KeyService;
  agents: AgentService;
  links: LinkService;
  /**
   * Settles once the start-up pass has sealed the secrets an earlier version stored in clear
   * (a failure is logged, and the next start tries again: those secrets are read in clear meanwhile).
   */
  ready: Promise<void>;
  /** Stops taking requests and waits for the ones in flight. */
  drain(): Promise<void>;
}

/**
 * The links service: owner of tenants, keys, agents, versions and public links, answering on the bus
 * from each feature folder's handlers.ts. Its folders say what each part owns (tenants/, keys/,
 * agents/, links/, distribution/, …; store/ what several of them share), yet it stays one service
 * (one Deployment, queue group `links`): a registry service of its own would add a process, a
 * deployment and a bus hop, and no part of it needs to scale apart from the others.
 */
export function createLinksService(deps: LinksDeps): LinksService {
  const { bus, db, logger } = deps;
  // The delivery workers run in every replica; links and schedules hand them what they send.
  const distribution = startDistribution({ db, logger, mailer: deps.mailer, sms: deps.sms, options: { ...defaultDistributionOptions, ...deps.distribution } });
  const webhooks = startWebhooks({
    bus,
    db,
    logger,
    registry: deps.registry,
    secretsKey: deps.keys.secrets,
    options: { ...defaultWebhookOptions, ...deps.webhooks },
  });
  const auditLog = createAuditLog({ db, key: deps.keys.audit, checkpoints: deps.auditCheckpoints, logger });
  const analyticsRepository = new AnalyticsRepository(db);
  const evaluationRepository = new EvaluationRepository(db);
  const testRuns = new TestRunWorker(evaluationRepository, bus, logger.child({ module: 'test-runs' }), { ...defaultTestRunOptions, ...deps.testRuns });
  const evaluations = new EvaluationService(evaluationRepository, new RegistryRepository(db), bus, () => testRuns.kick());
  const parts = buildParts(deps, distribution, {
    webhooks: webhooks.service,
    audit: auditLog.service,
    analytics: new AnalyticsService(analyticsRepository),
    evaluations,
  });
  testRuns.start();
  const subscriptions: Subscription[] = [
    ...serveCatalog(bus, linksCatalog.rpc, linksHandlers, parts),
    consumeAuditEvents(bus, parts.audit),
    consumeSecurityEvents(bus, new SecurityEventRepository(db)),
    // Rollups from the JetStream events (sessions, messages, escalations, refusals): answering never scans messages.
    new AnalyticsConsumer(analyticsRepository, logger).start(bus),
    webhooks.running,
    distribution.running,
  ];
  return {
    tenants: parts.tenants,
    keys: parts.keys,
    agents: parts.agents,
    links: parts.links,
    ready: sealSecretsInClear(webhooks.service, parts.links, logger),
    drain: async () => {
      // Test runs stop at once, beside the subscriptions: a run is handed back after the test it
      // is playing, for another replica to continue (docs/evaluations.md "Runs").
      await Promise.all([...subscriptions.map((s) => s.drain()), testRuns.stop()]);
      // The last appends' head is checkpointed before the store closes.
      await auditLog.close();
      // The mailer is handed over with the service: its pooled connections close with it.
      deps.mailer?.close?.();
    },
  };
}

/**
 * The start-up pass (after the migrations, which run before the service is built): seals every
 * webhook and identity secret an earlier version stored in clear, each under its own row. Logged
 * as counts, never a value. Rows an older replica still writes in clear during a rolling upgrade
 * are read as they are and sealed at the next start.
 */
async function sealSecretsInClear(webhooks: WebhookService, links: LinkService, logger: Logger): Promise<void> {
  try {
    const sealed = { webhookSecrets: await webhooks.sealSecretsInClear(), identitySecrets: await links.sealIdentitySecretsInClear() };
    if (sealed.webhookSecrets + sealed.identitySecrets > 0)
      logger.info(sealed, 'secrets stored in clear by an earlier version are now sealed under SECRETS_KEY');
  } catch (error) {
    logger.error({ err: error }, 'sealing the secrets stored in clear failed; they are read as they are, and the next start tries again');
  }
}

/** The services the handlers call, built once; the workers and the audit log are started before. */
function buildParts(deps: LinksDeps, distribution: Distribution, built: Pick<LinksParts, 'webhooks' | 'audit' | 'analytics' | 'evaluations'>): LinksParts {
  const { bus, db, logger } = deps;
  const registryRepository = new RegistryRepository(db);
  const tenantSecretRepository = new TenantSecretRepository(db);
  const tenants = new TenantService(registryRepository);
  const templates = new TemplateService(new TemplateRepository(db));
  const announcements = new LinkAnnouncements(bus, registryRepository, logger);
  const closures = new LinkClosureService(new LinkClosureRepository(db), bus, logger);
  const bulk = new BulkLinkService(db, registryRepository, templates, distribution, announcements, closures);
  return {
    ...built,
    tenants,
    keys: new KeyService(registryRepository),
    agents: new AgentService(
      registryRepository,
      (tenantId) => tenantSecretRepository.names(tenantId),
      busUnknownBases(bus),
      (agentId, version) => built.evaluations.checkPublishable(agentId, version),
    ),
    members: new MemberService(new MemberRepository(db), (tenantId) => tenants.tenantExists(tenantId)),
    chatSecrets: new ChatSecretService(new ChatSecretRepository(db), new SecretBox(deps.keys.secrets), logger),
    tenantSecrets: new TenantSecretService(tenantSecretRepository, new SecretBox(deps.keys.secrets, SEALING_PURPOSES.tenantSecrets), logger),
    broadcasts: new RegistryBroadcasts(bus, logger),
    links: new LinkService(db, registryRepository, templates, distribution, new IdentitySecrets(deps.keys.secrets), logger),
    announcements,
    closures,
    verification: new VerificationService(new VerificationRepository(db), deps.keys.verification),
    templates,
    cannedReplies: new CannedReplyService(new CannedReplyRepository(db)),
    bulk,
    schedules: createScheduleModule({
      db,
      logger: logger.child({ module: 'schedules' }),
      bulk,
      checkSend: (send, links) => distribution.check(send, { hasRecipients: true, links }),
    }),
    privacy: new LinkPrivacyService(db),
  };
}
