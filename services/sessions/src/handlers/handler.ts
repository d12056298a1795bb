import { beatWhile, type HandlerContext, rpcHandlerFor } from '@parley/bus';
import type { PlatformCatalog } from '@parley/contracts';
import type { ConversationDetailService } from '../conversation-detail.service.js';
import type { ConversationRepository } from '../conversation.repository.js';
import type { ConversationSentimentRepository } from '../conversation-sentiment.repository.js';
import type { EscalationService } from '../escalation.service.js';
import type { FeedbackService } from '../feedback.service.js';
import type { LinkSessionsService } from '../link-sessions.service.js';
import type { LinkUsageRepository } from '../link-usage.repository.js';
import type { OfflineCapture } from '../offline-capture.js';
import type { PrivacyRepository } from '../privacy.repository.js';
import type { PrivacyService } from '../privacy.service.js';
import type { PublicSessionService } from '../public-session.service.js';
import type { SessionCleanupService } from '../session-cleanup.service.js';
import type { SessionService } from '../session.service.js';
import type { TranscriptMail } from '../transcript-mail.js';
import type { UploadsService } from '../uploads.service.js';
import type { UserConversationsService } from '../user-conversations.service.js';
import type { OperatorsRepository } from '../operators.repository.js';
import type { TeamsService } from '../teams.service.js';
import type { TranscriptExportRepository } from '../transcript-export.repository.js';
import type { ResolutionService } from '../resolution.service.js';
import type { VisibilityRepository } from '../visibility.repository.js';

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
  /** Visitors' files: who may add and read them, and the messages that carry them. */
  uploads: UploadsService;
  /** Visitors' thumbs and scores. */
  feedback: FeedbackService;
  /** Ended conversations' sentiment: what the classifier reads, and the score kept. */
  sentiments: ConversationSentimentRepository;
  /** Teams of operators, their hours and caps. */
  teams: TeamsService;
  /** Operators' work: accepting, transferring, their loads and activity. */
  operators: OperatorsRepository;
  /** Messages visitors leave with their email while nobody can answer, and the answers mailed to them. */
  offlineCapture: OfflineCapture;
  /** Transcripts mailed when conversations end. */
  transcripts: TranscriptMail;
  /** Pages of an agent's transcripts, for the CSV export. */
  transcriptExport: TranscriptExportRepository;
  /** Conversations' outcomes. */
  resolutions: ResolutionService;
  /** Which escalations and conversations an operator may see (docs/api.md "Roles"). */
  visibility: VisibilityRepository;
}

/** `handler(subject, build)`: a handler file's one export, typed from the subject's catalog entry. */
export const handler = rpcHandlerFor<PlatformCatalog, SessionsParts>();

/** Runs a handler that runs a turn with progress beats, so the caller's idle timer does not give up on a replica that lives. */
export const withProgress = <T>(ctx: HandlerContext, work: () => Promise<T>): Promise<T> => beatWhile(ctx, work, 1_000);
