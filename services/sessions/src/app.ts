import { type PlatformBus, type Subscription, serveCatalog } from '@parley/bus';
import { sessionsCatalog } from '@parley/contracts';
import type { DB } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { LiveEventLog, OperatorPresence } from '@parley/stores';
import type { UploadStore } from '@parley/uploads';
import { AgentVersions } from '@parley/workflow';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { Counter, type Registry } from 'prom-client';
import { TokenBudgets } from './budgets/token-budgets.js';
import { TokenUsageRepository } from './budgets/usage.repository.js';
import { AnnotationsRepository } from './conversations/annotations.repository.js';
import { AnnotationsService } from './conversations/annotations.service.js';
import { ConversationDetailService } from './conversations/conversation-detail.service.js';
import { ConversationSearchRepository } from './conversations/conversation-search.repository.js';
import { ConversationSearchService } from './conversations/conversation-search.service.js';
import { conversationHandlers } from './conversations/handlers.js';
import { consumeSentiment } from './conversations/sentiment.consumer.js';
import { ConversationSentimentRepository } from './conversations/sentiment.repository.js';
import { UserConversationsRepository } from './conversations/user-conversations.repository.js';
import { UserConversationsService } from './conversations/user-conversations.service.js';
import { endingHandlers } from './endings/handlers.js';
import { consumeLinkClosed } from './endings/link-closed.consumer.js';
import { SessionCleanupService } from './endings/session-cleanup.service.js';
import { EscalationRepository } from './escalations/escalation.repository.js';
import { escalationHandlers } from './escalations/handlers.js';
import { EscalationNotifier } from './escalations/notifier.js';
import { OfflineCapture } from './escalations/offline-capture.js';
import { OperatorsRepository } from './escalations/operators.repository.js';
import { EscalationRouting } from './escalations/routing.js';
import { FeedbackRepository } from './feedback/feedback.repository.js';
import { FeedbackService } from './feedback/feedback.service.js';
import { feedbackHandlers } from './feedback/handlers.js';
import { knowledgeHandlers } from './knowledge/handlers.js';
import { KnowledgeAnswersRepository } from './knowledge/knowledge-answers.repository.js';
import { linkSessionHandlers } from './link-sessions/handlers.js';
import { LinkSessionsRepository } from './link-sessions/link-sessions.repository.js';
import { LinkSessionsService } from './link-sessions/link-sessions.service.js';
import { LinkUsageRepository } from './link-sessions/link-usage.repository.js';
import type { NoticeMailer } from './mail/notice-mailer.js';
import { outcomeHandlers } from './outcomes/handlers.js';
import { ResolutionRepository } from './outcomes/resolution.repository.js';
import type { SessionsParts } from './parts.js';
import { privacyHandlers } from './privacy/handlers.js';
import { PrivacyRepository } from './privacy/privacy.repository.js';
import { PrivacyService } from './privacy/privacy.service.js';
import { publicSessionHandlers } from './public-sessions/handlers.js';
import { PublicSessionService } from './public-sessions/public-session.service.js';
import { Announcer } from './store/announcer.js';
import { commitMetrics } from './store/commit-metrics.js';
import { ConversationRepository } from './store/conversation.repository.js';
import { ConversationStore } from './store/conversation.store.js';
import { EventOutbox, type EventOutboxOptions } from './store/event-outbox.js';
import { VisibilityRepository } from './store/visibility.repository.js';
import { teamHandlers } from './teams/handlers.js';
import { TeamsService } from './teams/teams.service.js';
import { textChatHandlers } from './text-chat/handlers.js';
import { SessionService, type SessionServiceOptions } from './text-chat/session.service.js';
import { toolCallHandlers } from './tool-calls/handlers.js';
import { ToolActivityRepository } from './tool-calls/tool-activity.repository.js';
import { traceHandlers } from './traces/handlers.js';
import { TurnTracesRepository } from './traces/turn-traces.repository.js';
import { TranscriptExportRepository } from './transcripts/export.repository.js';
import { transcriptHandlers } from './transcripts/handlers.js';
import { TranscriptMail } from './transcripts/mail.js';
import { consumeTranscripts } from './transcripts/transcript.consumer.js';
import { TranscriptRepository } from './transcripts/transcript.repository.js';
import { createTurnEngine } from './turns/engine.js';
import { uploadHandlers } from './uploads/handlers.js';
import { UploadsRepository } from './uploads/uploads.repository.js';
import { UploadsService } from './uploads/uploads.service.js';

/** Every subject of the sessions catalog (libs/contracts/src/catalog/sessions.ts), each answered by one feature's handlers.ts. */
export const sessionsHandlers = [
  ...textChatHandlers,
  ...publicSessionHandlers,
  ...conversationHandlers,
  ...linkSessionHandlers,
  ...endingHandlers,
  ...outcomeHandlers,
  ...escalationHandlers,
  ...teamHandlers,
  ...transcriptHandlers,
  ...privacyHandlers,
  ...uploadHandlers,
  ...feedbackHandlers,
  ...toolCallHandlers,
  ...knowledgeHandlers,
  ...traceHandlers,
];

export interface SessionsDeps {
  bus: PlatformBus;
  db: Kysely<DB>;
  /** The pool behind `db`: the per-turn statements run as prepared statements on it. */
  pool: pg.Pool;
  logger: Logger;
  options: SessionServiceOptions;
  /** The conversations' live event log; undefined: visitors' turns are not streamed. */
  live?: LiveEventLog | undefined;
  /** Which operators have the inbox open; undefined: nobody is ever there (waiting escalations are noticed at once). */
  presence?: OperatorPresence | undefined;
  /** Mails escalation notices; undefined: they are only logged. */
  mailer?: NoticeMailer | undefined;
  /** The console's origin, for the inbox address in operators' mails. */
  consoleBaseUrl?: string | undefined;
  /** Where visitors' files are kept: erasure and retention delete them with their rows; undefined: only the rows go. */
  uploads?: UploadStore | undefined;
  /** How often waiting escalations are checked for notices (0: never by itself; tests run passes). Default 5 s. */
  noticeIntervalMs?: number;
  /** How often assignments are checked for their timeout and the queues placed again (0: never by itself; tests run sweeps). Default 1 s. */
  assignmentSweepMs?: number;
  /** What time it is for routing: business hours and assignment timeouts (a test's clock; default the system's). */
  clock?: () => Date;
  /** Where the service's own metrics go (the process's /metrics); undefined: not counted. */
  registry?: Registry | undefined;
  /**
   * Agent versions' configs: one cache per process, so a platform running every service in one
   * process shares it with the runner (createAgentRunner's `agentVersions`); undefined: the
   * service keeps its own.
   */
  agentVersions?: AgentVersions | undefined;
  /** When and how the events kept with their commit are relayed (tests; EventOutbox's defaults otherwise). */
  eventOutbox?: EventOutboxOptions | undefined;
}

/** Agent versions a sessions process keeps (each a parsed config; a version never changes, so only memory bounds them). */
const AGENT_VERSIONS_KEPT = 1_000;

/**
 * The sessions service: owner of conversations (Text Chat API and public links), answering its
 * catalog's subjects from each feature folder's handlers.ts. Every write to a conversation goes
 * through the one store, everything told afterwards through the one announcer (both in store/);
 * a conversation's turns, its escalations, outcomes and ends are the turn engine's systems
 * (turns/engine.ts), built here from one resources object.
 */
export function createSessionsService(deps: SessionsDeps) {
  const { bus, db, logger } = deps;
  const escalationOptions = deps.options.escalations ?? { notifyAfterSeconds: 120 };
  const store = new ConversationStore(db, deps.pool, deps.registry && commitMetrics(deps.registry));
  const conversations = new ConversationRepository(db, deps.pool);
  const escalationRepository = new EscalationRepository(db);
  const linkSessionsRepository = new LinkSessionsRepository(db);
  const linkUsage = new LinkUsageRepository(db);
  const privacyRepository = new PrivacyRepository(db);
  const feedback = new FeedbackRepository(db);
  const sentiments = new ConversationSentimentRepository(db);
  const eventFates = deps.registry
    ? new Counter({
        name: 'parley_sessions_events_total',
        help: 'Events of committed changes by what became of them: published at once, kept for the relay (the event stream did not take them), relayed later, dropped',
        labelNames: ['fate'] as const,
        registers: [deps.registry],
      })
    : undefined;
  const outbox = new EventOutbox(db, bus, logger, deps.eventOutbox, eventFates);
  outbox.start();
  const announcer = new Announcer(bus, logger, deps.live, outbox);
  const versions = deps.agentVersions ?? new AgentVersions(bus, { max: AGENT_VERSIONS_KEPT });
  const uploads = new UploadsService(new UploadsRepository(db), conversations, logger, deps.uploads);
  const clock = deps.clock ?? (() => new Date());
  const teams = new TeamsService(db, bus, clock);
  const operators = new OperatorsRepository(db);
  const visibility = new VisibilityRepository(db);
  const routing = new EscalationRouting(db, deps.presence, teams, clock, logger, {
    assignmentTimeoutSeconds: escalationOptions.assignmentTimeoutSeconds ?? 60,
  });
  const budgets = new TokenBudgets(new TokenUsageRepository(db), bus, versions, announcer, logger);
  const localTurns = deps.registry
    ? new Counter({
        name: 'parley_sessions_turns_total',
        help: 'Workflow turns that ask no language model, run by the sessions service itself instead of a runner',
        labelNames: ['kind', 'status'] as const,
        registers: [deps.registry],
      })
    : undefined;
  const turnStarts = deps.registry
    ? new Counter({
        name: 'parley_sessions_turn_starts_total',
        help: 'Turn attempts by the conversation they started from: kept by this replica after its last commit, or read from the database',
        labelNames: ['source'] as const,
        registers: [deps.registry],
      })
    : undefined;
  const engine = createTurnEngine(
    { store, conversations, announcer, versions, bus, logger, clock },
    {
      resolutions: new ResolutionRepository(db),
      escalations: escalationRepository,
      inbox: { routing, teams, operators, visibility, presence: deps.presence },
      uploads,
      budgets,
      localTurns,
      turnStarts,
    },
    { ...deps.options, escalations: escalationOptions },
  );
  const { inbox: escalations, outcomes: resolutions, endings: ending } = engine.systems;
  const annotations = new AnnotationsRepository(db);
  const cleanup = new SessionCleanupService(store, linkSessionsRepository, ending, logger, deps.uploads, budgets);
  const parts: SessionsParts = {
    sessions: new SessionService(conversations, store, engine, bus, logger),
    publicSessions: new PublicSessionService(conversations, linkUsage, engine, bus, logger, uploads, feedback),
    userConversations: new UserConversationsService(new UserConversationsRepository(db), conversations, store, announcer, logger),
    linkSessions: new LinkSessionsService(linkSessionsRepository, store, ending),
    linkUsage,
    cleanup,
    escalations,
    conversationDetail: new ConversationDetailService(conversations, escalationRepository, uploads, feedback, sentiments, visibility, annotations),
    annotations: new AnnotationsService(annotations, escalationRepository, escalations, visibility, announcer, logger),
    conversationSearch: new ConversationSearchService(new ConversationSearchRepository(db)),
    visibility,
    conversations,
    privacy: new PrivacyService(privacyRepository, store, logger, deps.live, deps.uploads, budgets),
    privacyRepository,
    uploads,
    feedback: new FeedbackService(conversations, feedback, announcer, resolutions),
    sentiments,
    teams,
    operators,
    offlineCapture: new OfflineCapture({ store, conversations, escalations, escalationRepository, announcer, engine, bus, logger, mailer: deps.mailer }),
    transcripts: new TranscriptMail(new TranscriptRepository(db), conversations, bus, logger, deps.mailer),
    transcriptExport: new TranscriptExportRepository(db),
    resolutions,
    toolActivity: new ToolActivityRepository(db),
    knowledgeAnswers: new KnowledgeAnswersRepository(db),
    turnTraces: new TurnTracesRepository(db),
  };
  const notifier = new EscalationNotifier(escalationRepository, conversations, store, announcer, bus, logger, deps.presence, deps.mailer, {
    notifyAfterSeconds: escalationOptions.notifyAfterSeconds,
    consoleBaseUrl: deps.consoleBaseUrl,
    clock,
  });
  const noticeInterval = deps.noticeIntervalMs ?? 5_000;
  const notices = noticeInterval > 0 ? notifier.start(noticeInterval) : undefined;
  const sweepInterval = deps.assignmentSweepMs ?? 1_000;
  const sweeps = sweepInterval > 0 ? escalations.startSweeps(sweepInterval) : undefined;
  const subscriptions: Subscription[] = [
    ...serveCatalog(bus, sessionsCatalog.rpc, sessionsHandlers, parts),
    consumeLinkClosed(bus, cleanup),
    consumeSentiment(bus, sentiments, logger),
    consumeTranscripts(bus, parts.transcripts),
  ];
  return {
    service: parts.sessions,
    publicSessions: parts.publicSessions,
    escalations,
    /** The process's agent-version cache, for a runner in the same process (see SessionsDeps.agentVersions). */
    agentVersions: versions,
    notifier,
    /** The events kept with their commits (see EventOutbox): a test relays them when it says. */
    outbox,
    drain: async () => {
      notices?.stop();
      sweeps?.stop();
      await Promise.all(subscriptions.map((s) => s.drain()));
      await outbox.stop();
    },
  };
}
