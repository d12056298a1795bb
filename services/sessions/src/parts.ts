import { beatWhile, type HandlerContext, handlerMapFor } from '@parley/bus';
import type { PlatformCatalog } from '@parley/contracts';
import type { AnnotationsService } from './conversations/annotations.service.js';
import type { ConversationDetailService } from './conversations/conversation-detail.service.js';
import type { ConversationSearchService } from './conversations/conversation-search.service.js';
import type { ConversationSentimentRepository } from './conversations/sentiment.repository.js';
import type { UserConversationsService } from './conversations/user-conversations.service.js';
import type { SessionCleanupService } from './endings/session-cleanup.service.js';
import type { EscalationService } from './escalations/escalation.service.js';
import type { OfflineCapture } from './escalations/offline-capture.js';
import type { OperatorsRepository } from './escalations/operators.repository.js';
import type { FeedbackService } from './feedback/feedback.service.js';
import type { LinkSessionsService } from './link-sessions/link-sessions.service.js';
import type { LinkUsageRepository } from './link-sessions/link-usage.repository.js';
import type { ResolutionService } from './outcomes/resolution.service.js';
import type { PrivacyRepository } from './privacy/privacy.repository.js';
import type { PrivacyService } from './privacy/privacy.service.js';
import type { PublicSessionService } from './public-sessions/public-session.service.js';
import type { ConversationRepository } from './store/conversation.repository.js';
import type { VisibilityRepository } from './store/visibility.repository.js';
import type { TeamsService } from './teams/teams.service.js';
import type { TurnTracesRepository } from './traces/turn-traces.repository.js';
import type { KnowledgeAnswersRepository } from './knowledge/knowledge-answers.repository.js';
import type { ToolActivityRepository } from './tool-calls/tool-activity.repository.js';
import type { SessionService } from './text-chat/session.service.js';
import type { TranscriptExportRepository } from './transcripts/export.repository.js';
import type { TranscriptMail } from './transcripts/mail.js';
import type { UploadsService } from './uploads/uploads.service.js';

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
  /** Operators' notes and labels on conversations. */
  annotations: AnnotationsService;
  /** The conversation search: full text over messages, labels, agent, status. */
  conversationSearch: ConversationSearchService;
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
  /** Which escalations and conversations an operator may see (docs/management-api.md "Roles"). */
  visibility: VisibilityRepository;
  /** Agents' tool calls as their transcripts keep them, for analytics. */
  toolActivity: ToolActivityRepository;
  /** Agents' answers from knowledge and their knowledge gaps, for analytics and the gaps route. */
  knowledgeAnswers: KnowledgeAnswersRepository;
  turnTraces: TurnTracesRepository;
}

/** `handlers({...})`: a feature's `handlers.ts` maps each subject it answers to its handler, typed from the subject's catalog entry. */
export const handlers = handlerMapFor<PlatformCatalog, SessionsParts>();

/** Runs a handler that runs a turn with progress beats, so the caller's idle timer does not give up on a replica that lives. */
export const withProgress = <T>(ctx: HandlerContext, work: () => Promise<T>): Promise<T> => beatWhile(ctx, work, 1_000);
