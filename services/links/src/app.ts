import type { PlatformBus, Subscription } from '@parley/bus';
import type { DB } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { Kysely } from 'kysely';
import { LinkClosureRepository } from './links/link-closure.repository.js';
import { LinkClosureService } from './links/link-closure.service.js';
import { LinkService } from './links/link.service.js';
import { LinkPrivacyService } from './privacy/privacy.service.js';
import { RegistryRepository } from './registry/registry.repository.js';
import { RegistryService } from './registry/registry.service.js';
import { SecurityEventRepository } from './analytics/security-event.repository.js';
import { AuditRepository } from './audit/audit.repository.js';
import { AuditService } from './audit/audit.service.js';
import { auditKeys } from './audit/audit-chain.js';
import { AuditCheckpointer } from './audit/audit-checkpointer.js';
import type { AuditCheckpointStore } from './audit/checkpoint-store.js';
import { consumeSecurityEvents } from './analytics/security-events.consumer.js';
import { AnalyticsConsumer } from './analytics/analytics.consumer.js';
import { AnalyticsRepository } from './analytics/analytics.repository.js';
import { AnalyticsService } from './analytics/analytics.service.js';
import { VerificationRepository } from './links/verification.repository.js';
import { VerificationService } from './links/verification.service.js';
import { LinkAnnouncements } from './links/link-announcements.js';
import { defaultWebhookOptions, startWebhooks, type WebhookOptions } from './webhooks/index.js';
import { BulkLinkService } from './distribution/bulk-link.service.js';
import { defaultDistributionOptions, type DistributionOptions, startDistribution } from './distribution/index.js';
import type { LinkMailer } from './distribution/types.js';
import { createScheduleModule } from './schedules/index.js';
import { TemplateRepository } from './templates/template.repository.js';
import { TemplateService } from './templates/template.service.js';
import { serveChatSecrets } from './registry/chat-secrets/index.js';
import { MemberRepository } from './registry/members/member.repository.js';
import { MemberService } from './registry/members/member.service.js';

export interface LinksDeps {
  bus: PlatformBus;
  db: Kysely<DB>;
  logger: Logger;
  /** Webhook delivery settings (WEBHOOK_* variables); unset ones take defaultWebhookOptions. */
  webhooks?: Partial<WebhookOptions>;
  /** Sends links' URLs by mail (SMTP_URL); without one, email distribution is refused. Closed when the service drains. */
  mailer?: LinkMailer | undefined;
  /** Link distribution settings; unset ones take defaultDistributionOptions. */
  distribution?: Partial<DistributionOptions>;
  /** AUDIT_KEY (the audit chain's HMAC key), VERIFICATION_KEY (the key of stored verification-code hashes), SECRETS_KEY (seals secrets kept for reading back). */
  keys: LinkKeys;
  /**
   * Where the audit chain's signed head checkpoint is kept, outside PostgreSQL (JetStream, or a file
   * under DATA_DIR in the one-process mode); closed when the service drains. Without one, verify
   * walks the chain alone and cannot see deleted newest entries.
   */
  auditCheckpoints?: AuditCheckpointStore | undefined;
}

/** The links service's secrets; never logged, never stored. */
export interface LinkKeys {
  audit: string;
  verification: string;
  /** SECRETS_KEY: seals the tenants' Text Chat API secrets (registry/chat-secrets/secret-box.ts). */
  secrets: string;
}

export interface LinksService {
  registry: RegistryService;
  links: LinkService;
  /** Stops taking requests and waits for the ones in flight. */
  drain(): Promise<void>;
}

/**
 * The links service: owner of tenants, keys, agents, versions and public links, answering on the bus.
 * Its folders say what each part owns (registry/, links/, distribution/, …), yet it stays one
 * service (one Deployment, queue group `links`): a registry service of its own would add a process,
 * a deployment and a bus hop, and no replica would scale apart from the others.
 */
export function createLinksService(deps: LinksDeps): LinksService {
  const registryRepository = new RegistryRepository(deps.db);
  const registry = new RegistryService(registryRepository);
  const templates = new TemplateService(new TemplateRepository(deps.db));
  const distribution = startDistribution({
    db: deps.db,
    logger: deps.logger,
    mailer: deps.mailer,
    options: { ...defaultDistributionOptions, ...deps.distribution },
  });
  const links = new LinkService(deps.db, registryRepository, templates, distribution);
  const verification = new VerificationService(new VerificationRepository(deps.db), deps.keys.verification);
  const closures = new LinkClosureService(new LinkClosureRepository(deps.db), deps.bus, deps.logger);
  const announcements = new LinkAnnouncements(deps.bus, registryRepository, deps.logger);
  const bulk = new BulkLinkService(deps.db, registryRepository, templates, distribution, announcements, closures);
  const schedules = createScheduleModule({
    db: deps.db,
    logger: deps.logger.child({ module: 'schedules' }),
    bulk,
    checkSend: (send) => distribution.check(send, { hasRecipients: true }),
  });
  const webhooks = startWebhooks({ bus: deps.bus, db: deps.db, logger: deps.logger, options: { ...defaultWebhookOptions, ...deps.webhooks } });
  const { bus } = deps;
  const chainKeys = auditKeys(deps.keys.audit);
  const auditRepository = new AuditRepository(deps.db, chainKeys.chain);
  const checkpointStore = deps.auditCheckpoints;
  const checkpoints = checkpointStore && {
    store: checkpointStore,
    writer: new AuditCheckpointer(checkpointStore, chainKeys, (seq) => auditRepository.at(seq), deps.logger.child({ module: 'audit' })),
  };
  const audit = new AuditService(auditRepository, chainKeys, checkpoints);
  const analyticsRepository = new AnalyticsRepository(deps.db);
  const analytics = new AnalyticsService(analyticsRepository);
  const privacy = new LinkPrivacyService(deps.db);
  const members = new MemberService(new MemberRepository(deps.db), (tenantId) => registry.tenantExists(tenantId));
  // Every gateway forgets the member's cached sessions now rather than when its cache runs out (the fallback if this is lost).
  const memberChanged = (memberId: string) =>
    bus.broadcast('broadcast.members.changed', { memberId }).catch((error: unknown) => deps.logger.warn({ err: error }, 'could not broadcast a member change'));
  const subscriptions: Subscription[] = [
    // Entries come from the gateway's events; replicas share the durable, the chain lock orders appends.
    bus.consume('events.audit.recorded', 'links-audit', (event) => audit.record(event)),
    bus.serve('links.audit.list', ({ limit, tenantId, action, actor, target, from, to, before }) => audit.list({ limit, tenantId, action, actor, target, from, to, before })),
    bus.serve('links.audit.verify', (req) => audit.verify(req.tenantId)),
    bus.serve('links.tenants.create', (req) => registry.createTenant(req.name, req.operatorEmail ?? null)),
    bus.serve('links.tenants.update', (req) => registry.updateTenant(req.tenantId, { name: req.name, operatorEmail: req.operatorEmail })),
    bus.serve('links.tenants.list', (req) => registry.listTenants(req.tenantId)),
    bus.serve('links.tenants.create-key', (req) => registry.createKey(req.tenantId, req.name, req.role, req.expiresAt)),
    bus.serve('links.tenants.list-keys', (req) => registry.listKeys(req.tenantId)),
    bus.serve('links.tenants.revoke-key', async (req) => {
      const revoked = await registry.revokeKey(req.tenantId, req.keyId);
      // Every gateway forgets the key now rather than when its cache runs out (the fallback if this is lost).
      await bus.broadcast('broadcast.keys.revoked', { keyId: revoked.keyId }).catch((error: unknown) => deps.logger.warn({ err: error }, 'could not broadcast a key revocation'));
      return revoked;
    }),
    bus.serve('links.tenants.touch-key', (req) => registry.touchKey(req.keyId)),
    bus.serve('links.tenants.resolve-key', (req) => registry.resolveKey(req.keyHash)),
    bus.serve('links.tenants.exists', async (req) => ({ exists: await registry.tenantExists(req.tenantId) })),
    ...serveChatSecrets({ bus, db: deps.db, logger: deps.logger, secretsKey: deps.keys.secrets }),
    bus.serve('links.members.create', (req) => members.create(req.tenantId, req.email, req.name, req.role)),
    bus.serve('links.members.list', (req) => members.list(req.tenantId)),
    bus.serve('links.members.get', (req) => members.get(req.tenantId, req.memberId)),
    bus.serve('links.members.update', async (req) => {
      const updated = await members.update(req.tenantId, req.memberId, { role: req.role, name: req.name });
      await memberChanged(updated.member_id);
      return updated;
    }),
    bus.serve('links.members.delete', async (req) => {
      const deleted = await members.delete(req.tenantId, req.memberId);
      await memberChanged(deleted.memberId);
      return deleted;
    }),
    bus.serve('links.members.for-email', (req) => members.forEmail(req.email)),
    bus.serve('links.console-sessions.create', (req) => members.createSession(req.idHash, req.tenantId, req.memberId, req.email)),
    bus.serve('links.console-sessions.resolve', (req) => members.resolveSession(req.idHash)),
    bus.serve('links.console-sessions.delete', async (req) => {
      const ended = await members.deleteSession(req.idHash);
      if (ended.memberId !== null) await memberChanged(ended.memberId);
      return ended;
    }),
    bus.serve('links.console-sessions.purge-expired', (req) => members.purgeExpiredSessions(req.limit)),
    bus.serve('links.agents.create', (req) => registry.createAgent(req.tenantId, req.name, req.config)),
    bus.serve('links.agents.list', (req) => registry.listAgents(req.tenantId)),
    bus.serve('links.agents.get', (req) => registry.getAgent(req.tenantId, req.name)),
    bus.serve('links.agents.create-version', (req) => registry.createVersion(req.tenantId, req.name, req.config)),
    bus.serve('links.agents.set-active-version', (req) => registry.setActiveVersion(req.tenantId, req.name, req.version)),
    bus.serve('links.agents.resolve-version', (req) => registry.resolveVersion(req.tenantId, req.agentId, req.version)),
    bus.serve('links.agents.config', (req) => registry.config(req.agentId, req.version)),
    bus.serve('links.links.create', async (req) => {
      const created = await links.create(req.tenantId, req.agentName, req.settings, req.publicBaseUrl);
      await announcements.created(req.tenantId, created);
      return created;
    }),
    bus.serve('links.links.list', (req) => links.list(req.tenantId, req.agentName)),
    bus.serve('links.links.update', async (req) => {
      const link = await links.update(req.tenantId, req.agentName, req.linkId, req.changes);
      await closures.afterUpdate(req.tenantId, link, req.changes);
      return link;
    }),
    bus.serve('links.links.delete', async (req) => {
      const deleted = await links.delete(req.tenantId, req.agentName, req.linkId);
      await closures.afterDelete(req.tenantId, req.linkId);
      return deleted;
    }),
    bus.serve('links.links.rotate', (req) => links.rotate(req.tenantId, req.agentName, req.linkId, req.send, req.publicBaseUrl)),
    bus.serve('links.links.deliveries', (req) => links.deliveries(req.tenantId, req.linkId)),
    bus.serve('links.links.bulk-create', async (req, ctx) => {
      // Making and mailing a thousand links takes seconds: beats tell the caller this replica lives.
      const beat = setInterval(() => ctx.progress(), 2_000);
      try {
        return await bulk.createAndSend(req.tenantId, req.agentName, req.body, req.publicBaseUrl);
      } finally {
        clearInterval(beat);
      }
    }),
    bus.serve('links.links.bulk-update', (req) => bulk.update(req.tenantId, req.ids, req.changes)),
    bus.serve('links.links.bulk-delete', (req) => bulk.delete(req.tenantId, req.ids)),
    bus.serve('links.templates.list', (req) => templates.list(req.tenantId)),
    bus.serve('links.templates.create', ({ tenantId, ...body }) => templates.create(tenantId, body)),
    bus.serve('links.templates.update', (req) => templates.update(req.tenantId, req.name, req.changes)),
    bus.serve('links.templates.delete', (req) => templates.delete(req.tenantId, req.name)),
    bus.serve('links.schedules.create', (req) => schedules.create(req.tenantId, req.body, req.publicBaseUrl)),
    bus.serve('links.schedules.list', (req) => schedules.list(req.tenantId)),
    bus.serve('links.schedules.get', (req) => schedules.get(req.tenantId, req.scheduleId)),
    bus.serve('links.schedules.update', (req) => schedules.update(req.tenantId, req.scheduleId, req.changes)),
    bus.serve('links.schedules.delete', (req) => schedules.delete(req.tenantId, req.scheduleId)),
    bus.serve('links.schedules.runs', (req) => schedules.runs(req.tenantId, req.scheduleId, req.limit)),
    bus.serve('links.schedules.due', (req) => schedules.due(new Date(req.now))),
    bus.serve('links.schedules.run', async (req, ctx) => {
      const beat = setInterval(() => ctx.progress(), 2_000);
      try {
        return await schedules.run(req);
      } finally {
        clearInterval(beat);
      }
    }),
    bus.serve('links.links.closed', (req) => closures.closed(req.ids)),
    bus.serve('links.links.announce-expired', () => closures.announceExpired()),
    bus.serve('links.webhooks.create', ({ tenantId, ...body }) => webhooks.service.create(tenantId, body)),
    bus.serve('links.webhooks.list', (req) => webhooks.service.list(req.tenantId)),
    bus.serve('links.webhooks.delete', (req) => webhooks.service.delete(req.tenantId, req.webhookId)),
    bus.serve('links.webhooks.deliveries', (req) => webhooks.service.attempts(req.tenantId, req.webhookId, req.limit)),
    bus.serve('links.links.resolve', (req) => links.resolve(req.tokenHash)),
    bus.serve('links.links.identity-secret', (req) => links.rotateIdentitySecret(req.tenantId, req.agentName, req.linkId)),
    bus.serve('links.links.verify-identity', (req) => links.verifyIdentity(req.linkId, 'token' in req ? { token: req.token } : { userId: req.userId, userHash: req.userHash })),
    bus.serve('links.verification.start', (req) => verification.start(req.linkId, req.email)),
    bus.serve('links.verification.confirm', (req) => verification.confirm(req.linkId, req.email, req.code)),
    // Privacy (docs/api.md): a visitor's verification records, personalised links, sendings, schedules and webhook deliveries; the links' own retention.
    bus.serve('links.privacy.verifications', async (req) => ({ verifications: await privacy.records.verifications(req.tenantId, req.email, req.after, req.limit) })),
    bus.serve('links.privacy.links', (req) => privacy.links(req.tenantId, req.email, req.after, req.limit)),
    bus.serve('links.privacy.link-deliveries', (req) => privacy.deliveries(req.tenantId, req.email, req.after, req.limit)),
    bus.serve('links.privacy.schedules', (req) => privacy.schedules(req.tenantId, req.email)),
    bus.serve('links.privacy.webhook-deliveries', (req) => privacy.webhookDeliveries(req.tenantId, req.conversationIds, req.after, req.limit)),
    bus.serve('links.privacy.erase-webhook-deliveries', (req) => privacy.eraseWebhookDeliveries(req.tenantId, req.conversationIds)),
    bus.serve('links.privacy.erase-link-data', (req) => privacy.eraseEmail(req.tenantId, req.email)),
    bus.serve('links.privacy.purge-webhook-bodies', (req) => privacy.purgeWebhookBodies(req.olderThanDays, req.limit)),
    bus.serve('links.privacy.retention', async (req) => ({ links: await privacy.records.retention(req.after, req.limit) })),
    consumeSecurityEvents(bus, new SecurityEventRepository(deps.db)),
    // Rollups from the JetStream events (sessions, messages, escalations, refusals): answering never scans messages.
    new AnalyticsConsumer(analyticsRepository, deps.logger).start(bus),
    bus.serve('links.analytics.get', (req) => analytics.report(req)),
    webhooks.running,
    distribution.running,
  ];
  return {
    registry,
    links,
    drain: async () => {
      await Promise.all(subscriptions.map((s) => s.drain()));
      // The last appends' head is checkpointed before the store closes.
      await checkpoints?.writer.flush();
      await checkpoints?.store.close();
      // The mailer is handed over with the service: its pooled connections close with it.
      deps.mailer?.close?.();
    },
  };
}
