import { type HandlerContext, rpcHandlerFor } from '@parley/bus';
import type { PlatformCatalog } from '@parley/contracts';
import type { ConversationDetailService } from '../conversation-detail.service.js';
import type { ConversationRepository } from '../conversation.repository.js';
import type { EscalationService } from '../escalation.service.js';
import type { LinkSessionsService } from '../link-sessions.service.js';
import type { LinkUsageRepository } from '../link-usage.repository.js';
import type { PrivacyRepository } from '../privacy.repository.js';
import type { PrivacyService } from '../privacy.service.js';
import type { PublicSessionService } from '../public-session.service.js';
import type { SessionCleanupService } from '../session-cleanup.service.js';
import type { SessionService } from '../session.service.js';
import type { UserConversationsService } from '../user-conversations.service.js';

/** What the sessions service's handlers are built from (app.ts builds it once). */
export interface SessionsParts {
  /** Text Chat API sessions. */
  sessions: SessionService;
  /** Visitors' sessions on public links. */
  publicSessions: PublicSessionService;
  userConversations: UserConversationsService;
  linkSessions: LinkSessionsService;
  linkUsage: LinkUsageRepository;
  cleanup: SessionCleanupService;
  escalations: EscalationService;
  conversationDetail: ConversationDetailService;
  conversations: ConversationRepository;
  privacy: PrivacyService;
  privacyRepository: PrivacyRepository;
}

/** `handler(subject, build)`: a handler file's one export, typed from the subject's catalog entry. */
export const handler = rpcHandlerFor<PlatformCatalog, SessionsParts>();

/** How often a turn in progress tells the gateway this replica is still working on it. */
const PROGRESS_INTERVAL_MS = 1_000;

/**
 * Runs a long handler (one that runs a turn) while beating progress, so a caller waiting on a
 * replica that died (idleTimeoutMs in the catalog) gives up in seconds instead of waiting out an
 * LLM-sized timeout.
 */
export async function withProgress<T>(ctx: HandlerContext, work: () => Promise<T>): Promise<T> {
  const beat = setInterval(() => ctx.progress(), PROGRESS_INTERVAL_MS);
  try {
    return await work();
  } finally {
    clearInterval(beat);
  }
}
