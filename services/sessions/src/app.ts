import type { HandlerContext, PlatformBus, Subscription } from '@parley/bus';
import type { DB } from '@parley/db';
import { type Logger, withLogContext } from '@parley/logger';
import type { LiveEventLog, OperatorPresence } from '@parley/stores';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { Announcer } from './announcer.js';
import { ConversationEnding } from './conversation-ending.js';
import { ConversationRepository } from './conversation.repository.js';
import { ConversationStore } from './conversation.store.js';
import { EscalationRepository } from './escalation.repository.js';
import { EscalationNotifier } from './escalation-notifier.js';
import { EscalationService } from './escalation.service.js';
import type { NoticeMailer } from './notice-mailer.js';
import { LinkUsageRepository } from './link-usage.repository.js';
import { LinkSessionsRepository } from './link-sessions.repository.js';
import { LinkSessionsService } from './link-sessions.service.js';
import { lookUpMessages } from './message-lookup.js';
import { consumeLinkClosed } from './link-closed.consumer.js';
import { PrivacyRepository } from './privacy.repository.js';
import { PrivacyService } from './privacy.service.js';
import { PublicSessionService } from './public-session.service.js';
import { UserConversationsRepository } from './user-conversations.repository.js';
import { UserConversationsService } from './user-conversations.service.js';
import { SessionCleanupService } from './session-cleanup.service.js';
import { SessionService, type SessionServiceOptions } from './session.service.js';
import { TurnPath } from './turn-path.js';

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
  /** How often waiting escalations are checked for notices (0: never by itself; tests run passes). Default 5 s. */
  noticeIntervalMs?: number;
}

/** How often a turn in progress tells the gateway this replica is still working on it. */
const PROGRESS_INTERVAL_MS = 1_000;

/**
 * Runs a long handler while beating progress, so a caller waiting on a replica that died
 * (idleTimeoutMs in the catalog) gives up in seconds instead of waiting out an LLM-sized timeout.
 */
async function withProgress<T>(ctx: HandlerContext, work: () => Promise<T>): Promise<T> {
  const beat = setInterval(() => ctx.progress(), PROGRESS_INTERVAL_MS);
  try {
    return await work();
  } finally {
    clearInterval(beat);
  }
}

/** The sessions service: owner of conversations (Text Chat API and public links), answering on the bus. */
export function createSessionsService(deps: SessionsDeps) {
  const repository = new ConversationRepository(deps.db, deps.pool);
  const store = new ConversationStore(deps.db, deps.pool);
  const linkUsage = new LinkUsageRepository(deps.db);
  const linkSessionsRepository = new LinkSessionsRepository(deps.db);
  const announcer = new Announcer(deps.bus, deps.logger, deps.live);
  const escalationOptions = deps.options.escalations ?? { notifyAfterSeconds: 120 };
  const escalations = new EscalationService(new EscalationRepository(deps.db), store, repository, announcer, deps.logger, escalationOptions);
  const ending = new ConversationEnding(announcer, escalations);
  const turns = new TurnPath({ store, conversations: repository, announcer, escalations, ending, bus: deps.bus, logger: deps.logger }, deps.options);
  const service = new SessionService(repository, store, turns, ending, deps.bus, deps.logger);
  const publicSessions = new PublicSessionService(repository, linkUsage, turns, deps.bus, deps.logger);
  const cleanup = new SessionCleanupService(store, linkSessionsRepository, ending, deps.logger);
  const notifier = new EscalationNotifier(new EscalationRepository(deps.db), repository, store, announcer, deps.bus, deps.logger, deps.presence, deps.mailer, {
    notifyAfterSeconds: escalationOptions.notifyAfterSeconds,
    consoleBaseUrl: deps.consoleBaseUrl,
  });
  const noticeInterval = deps.noticeIntervalMs ?? 5_000;
  const notices = noticeInterval > 0 ? notifier.start(noticeInterval) : undefined;
  const linkSessions = new LinkSessionsService(linkSessionsRepository, store, ending);
  const userConversations = new UserConversationsService(new UserConversationsRepository(deps.db), repository, store, announcer, deps.logger);
  const privacyRepository = new PrivacyRepository(deps.db);
  const privacy = new PrivacyService(privacyRepository, store, deps.logger, deps.live);
  const { bus } = deps;
  const subscriptions: Subscription[] = [
    bus.serve('sessions.create', (req, ctx) => withProgress(ctx, () => service.create(req))),
    bus.serve('sessions.send', (req, ctx) =>
      withLogContext({ sessionId: req.sessionId }, () => withProgress(ctx, () => service.send(req.sessionId, req.content, req.idempotencyKey, req.owner))),
    ),
    bus.serve('sessions.link-usage', async (req) => ({ usage: await linkUsage.usage(req.tenantId, req.linkIds) })),
    bus.serve('sessions.link-sessions', (req) => linkSessions.list(req.tenantId, req.linkId, req.status, req.limit)),
    bus.serve('sessions.end-link-session', (req) => linkSessions.end(req.tenantId, req.linkId, req.conversationId)),
    bus.serve('sessions.tenant', (req) => withLogContext({ sessionId: req.sessionId }, () => service.tenantOf(req.sessionId))),
    bus.serve('sessions.status', (req) => withLogContext({ sessionId: req.sessionId }, () => service.status(req.sessionId))),
    bus.serve('sessions.end', (req) => withLogContext({ sessionId: req.sessionId }, () => service.end(req.sessionId))),
    // Text Chat API sessions by SESSION_TIMEOUT_SECONDS, link sessions by their own timeout.
    bus.serve('sessions.abandon-idle', async (req) => ({ abandoned: (await service.abandonIdle(req.idleSeconds)) + (await cleanup.abandonIdleLinks()) })),
    bus.serve('sessions.active-links', () => cleanup.activeLinks()),
    bus.serve('sessions.end-for-links', async (req) => ({ ended: await cleanup.endForLinks(req.linkIds, req.reason) })),
    bus.serve('sessions.purge-ended', (req) => cleanup.purgeEnded(req.olderThanDays, req.limit, req.links ?? [])),
    bus.serve('sessions.privacy.conversations', (req) => privacy.conversations(req)),
    bus.serve('sessions.privacy.conversation-ids', (req) => privacy.conversationIds(req)),
    bus.serve('sessions.privacy.inbox-events', (req) => privacy.inboxEvents(req.tenantId, req.conversationIds)),
    bus.serve('sessions.privacy.messages', async (req) => ({ messages: await privacyRepository.messages(req.tenantId, req.conversationId, req.after, req.limit) })),
    bus.serve('sessions.privacy.transitions', async (req) => ({
      transitions: await privacyRepository.transitions(req.tenantId, req.conversationId, req.after, req.limit),
    })),
    bus.serve('sessions.privacy.erase-visitor', (req) => privacy.eraseVisitor(req.tenantId, req.visitor, req.linkIds)),
    bus.serve('sessions.privacy.erase-session', (req) => withLogContext({ linkId: req.linkId }, () => privacy.eraseSession(req.linkId, req.credentialHash))),
    consumeLinkClosed(bus, cleanup),
    bus.serve('sessions.public-send', (req, ctx) =>
      withLogContext({ linkId: req.link.linkId }, () => withProgress(ctx, () => publicSessions.send(req))),
    ),
    bus.serve('sessions.public-start', (req, ctx) =>
      withLogContext({ linkId: req.link.linkId }, () => withProgress(ctx, () => publicSessions.start(req))),
    ),
    bus.serve('sessions.public-session', (req) => withLogContext({ linkId: req.linkId }, () => publicSessions.session(req))),
    bus.serve('sessions.public-history', (req) => withLogContext({ linkId: req.linkId }, () => publicSessions.history(req))),
    bus.serve('sessions.public-conversations', (req) => withLogContext({ linkId: req.link.linkId }, () => userConversations.forVisitor(req))),
    bus.serve('sessions.public-resume', (req) => withLogContext({ linkId: req.link.linkId }, () => userConversations.resume(req))),
    bus.serve('sessions.user-conversations', (req) => userConversations.forUser(req)),
    bus.serve('sessions.messages', lookUpMessages(repository)),
    bus.serve('sessions.escalations.create', (req) => escalations.create(req)),
    bus.serve('sessions.escalations.list', (req) => escalations.list(req.target)),
    bus.serve('sessions.inbox.list', (req) => escalations.inbox(req)),
    bus.serve('sessions.inbox.act', (req) => withLogContext({ escalationId: req.escalationId }, () => escalations.act(req))),
    bus.serve('sessions.inbox.reply', (req) => withLogContext({ escalationId: req.escalationId }, () => escalations.reply(req))),
    bus.serve('sessions.conversations.get', (req) => escalations.conversation(req.tenantId, req.conversationId)),
    bus.serve('sessions.visitor-typing', (req) => escalations.visitorTyping(req)),
  ];
  return {
    service,
    publicSessions,
    escalations,
    notifier,
    drain: async () => {
      notices?.stop();
      await Promise.all(subscriptions.map((s) => s.drain()));
    },
  };
}
