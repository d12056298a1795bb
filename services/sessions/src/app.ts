import type { HandlerContext, PlatformBus, Subscription } from '@parley/bus';
import type { DB } from '@parley/db';
import { type Logger, withLogContext } from '@parley/logger';
import type { LiveEventLog } from '@parley/stores';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { ConversationRepository } from './conversation.repository.js';
import { lookUpMessages } from './message-lookup.js';
import { consumeLinkClosed } from './link-closed.consumer.js';
import { PublicSessionService } from './public-session.service.js';
import { SessionCleanupRepository } from './session-cleanup.repository.js';
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
  const turns = new TurnPath(repository, deps.bus, deps.logger, deps.options, deps.live);
  const service = new SessionService(repository, turns, deps.bus, deps.logger);
  const publicSessions = new PublicSessionService(repository, turns, deps.bus, deps.logger);
  const cleanup = new SessionCleanupService(new SessionCleanupRepository(deps.db), turns, deps.logger);
  const { bus } = deps;
  const subscriptions: Subscription[] = [
    bus.serve('sessions.create', (req, ctx) => withProgress(ctx, () => service.create(req))),
    bus.serve('sessions.send', (req, ctx) =>
      withLogContext({ sessionId: req.sessionId }, () => withProgress(ctx, () => service.send(req.sessionId, req.content, req.idempotencyKey))),
    ),
    bus.serve('sessions.status', (req) => withLogContext({ sessionId: req.sessionId }, () => service.status(req.sessionId))),
    bus.serve('sessions.end', (req) => withLogContext({ sessionId: req.sessionId }, () => service.end(req.sessionId))),
    // Text Chat API sessions by SESSION_TIMEOUT_SECONDS, link sessions by their own timeout.
    bus.serve('sessions.abandonIdle', async (req) => ({ abandoned: (await service.abandonIdle(req.idleSeconds)) + (await cleanup.abandonIdleLinks()) })),
    bus.serve('sessions.activeLinks', () => cleanup.activeLinks()),
    bus.serve('sessions.endForLinks', async (req) => ({ ended: await cleanup.endForLinks(req.linkIds, req.reason) })),
    bus.serve('sessions.purgeEnded', (req) => cleanup.purgeEnded(req.olderThanDays, req.limit)),
    consumeLinkClosed(bus, cleanup),
    bus.serve('sessions.publicSend', (req, ctx) =>
      withLogContext({ linkId: req.link.linkId }, () => withProgress(ctx, () => publicSessions.send(req))),
    ),
    bus.serve('sessions.publicStart', (req, ctx) =>
      withLogContext({ linkId: req.link.linkId }, () => withProgress(ctx, () => publicSessions.start(req))),
    ),
    bus.serve('sessions.publicSession', (req) => withLogContext({ linkId: req.linkId }, () => publicSessions.session(req))),
    bus.serve('sessions.publicHistory', (req) => withLogContext({ linkId: req.linkId }, () => publicSessions.history(req))),
    bus.serve('sessions.messages', lookUpMessages(repository)),
  ];
  return {
    service,
    publicSessions,
    drain: async () => {
      await Promise.all(subscriptions.map((s) => s.drain()));
    },
  };
}
