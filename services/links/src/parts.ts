import { beatWhile, type HandlerContext, handlerMapFor } from '@parley/bus';
import type { PlatformCatalog } from '@parley/contracts';
import type { AgentService } from './agents/agent.service.js';
import type { AnalyticsService } from './analytics/analytics.service.js';
import type { AuditService } from './audit/audit.service.js';
import type { RegistryBroadcasts } from './broadcasts/registry-broadcasts.js';
import type { CannedReplyService } from './canned-replies/canned-reply.service.js';
import type { ChatSecretService } from './chat-secrets/chat-secret.service.js';
import type { BulkLinkService } from './distribution/bulk-link.service.js';
import type { EvaluationService } from './evaluations/evaluation.service.js';
import type { KeyService } from './keys/key.service.js';
import type { LinkAnnouncements } from './links/announcements.js';
import type { LinkClosureService } from './links/closure.service.js';
import type { LinkService } from './links/link.service.js';
import type { MemberService } from './members/member.service.js';
import type { LinkPrivacyService } from './privacy/privacy.service.js';
import type { ScheduleService } from './schedules/schedule.service.js';
import type { TemplateService } from './templates/template.service.js';
import type { TenantSecretService } from './tenant-secrets/tenant-secret.service.js';
import type { TenantService } from './tenants/tenant.service.js';
import type { VerificationService } from './verification/verification.service.js';
import type { WebhookService } from './webhooks/webhook.service.js';

/** What the links service's handlers are built from (app.ts builds it once). */
export interface LinksParts {
  tenants: TenantService;
  keys: KeyService;
  agents: AgentService;
  /** An agent's test cases and their runs. */
  evaluations: EvaluationService;
  members: MemberService;
  chatSecrets: ChatSecretService;
  /** The secrets a tenant's agents' tools name as `{{secrets.NAME}}`. */
  tenantSecrets: TenantSecretService;
  /** Tells the gateways to forget what they cached of a changed key, member or tenant's secrets. */
  broadcasts: RegistryBroadcasts;
  links: LinkService;
  /** Publishes `link.created` once a link is made. */
  announcements: LinkAnnouncements;
  /** Publishes `link.closed` once a link is deactivated, expired or deleted. */
  closures: LinkClosureService;
  verification: VerificationService;
  templates: TemplateService;
  cannedReplies: CannedReplyService;
  bulk: BulkLinkService;
  schedules: ScheduleService;
  webhooks: WebhookService;
  audit: AuditService;
  analytics: AnalyticsService;
  privacy: LinkPrivacyService;
}

/** `handlers({...})`: a feature's `handlers.ts` maps each subject it answers to its handler, typed from the subject's catalog entry. */
export const handlers = handlerMapFor<PlatformCatalog, LinksParts>();

/** Runs work that takes seconds (making and mailing a thousand links) with progress beats, so the caller's idle timer does not give up on a replica that lives. */
export const withProgress = <T>(ctx: HandlerContext, work: () => Promise<T>): Promise<T> => beatWhile(ctx, work, 2_000);
