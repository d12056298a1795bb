import type { PlatformBus } from '@parley/bus';
import type { Logger } from '@parley/logger';
import type { AgentVersions } from '@parley/workflow';
import type { Counter } from 'prom-client';
import type { TokenBudgets } from '../budgets/token-budgets.js';
import { ConversationEnding } from '../endings/conversation-ending.js';
import type { EscalationRepository } from '../escalations/escalation.repository.js';
import { type EscalationOptions, type EscalationRoutingParts, EscalationService } from '../escalations/escalation.service.js';
import type { ResolutionRepository } from '../outcomes/resolution.repository.js';
import { ResolutionService } from '../outcomes/resolution.service.js';
import type { Announcer } from '../store/announcer.js';
import type { ConversationRepository, ConversationRow } from '../store/conversation.repository.js';
import type { ConversationStore } from '../store/conversation.store.js';
import type { UploadsService } from '../uploads/uploads.service.js';
import type { Channel, ChannelMessage } from './channel.js';
import { ContentGate, type ContentSubject } from './content-gate.js';
import { HistoryCache } from './history-cache.js';
import { HistoryNeeds } from './history-needs.js';
import { KeptConversations } from './kept-conversations.js';
import { type ConversationStart, type SessionOpening, TurnPath, type TurnPathOptions } from './turn-path.js';
import { type LocalTurnsCounter, TurnRunner } from './turn-runner.js';

/** The history cache's default bound per sessions process (HISTORY_CACHE_MB). */
const DEFAULT_HISTORY_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * What every system of the turn engine works with – one object, built once by app.ts and handed
 * to each: the conversations' one store and their reads, what is told once a change is stored,
 * the process's one cache of agent versions, the bus, the log and the clock.
 */
export interface EngineResources {
  /** Every write to a conversation (store/conversation.store.ts). */
  store: ConversationStore;
  conversations: ConversationRepository;
  /** What is told once a change is stored (store/announcer.ts). */
  announcer: Announcer;
  /** Agent versions' configs, fetched once per process (the runner's cache is the same class). */
  versions: AgentVersions;
  bus: PlatformBus;
  logger: Logger;
  /** What time it is for routing: business hours and assignment timeouts (a test's clock, or the system's). */
  clock: () => Date;
}

/** How the engine runs: the turn path's options, and when a person is expected on an escalation. */
export type TurnEngineOptions = TurnPathOptions & { escalations: EscalationOptions };

/** What the systems are built from besides the resources: their own repositories and parts, and what other features share. */
export interface TurnEngineParts {
  /** Conversations' outcomes, as stored (the outcomes system's repository). */
  resolutions: ResolutionRepository;
  /** The inbox's escalations as stored. */
  escalations: EscalationRepository;
  /** The inbox's routing, teams, operators, presence and visibility. */
  inbox: Omit<EscalationRoutingParts, 'repository'>;
  /** Visitors' files a message carries; without it, a message naming files is refused. */
  uploads?: UploadsService | undefined;
  /** Token budgets checked before a turn asks the runner (docs/management-api.md "Cost guards"); without it, none. */
  budgets?: TokenBudgets | undefined;
  /** Counts the turns run here rather than on a runner (see TurnRunner). */
  localTurns?: LocalTurnsCounter | undefined;
  /** Counts turn attempts by where their conversation came from (see TurnPath). */
  turnStarts?: Counter<'source'> | undefined;
}

/** The engine's systems: each is built once, by createTurnEngine, from the resources and the systems it feeds. */
export interface TurnSystems {
  /** A conversation's turns: its start, and each message from any way in (turns/turn-path.ts). */
  turn: TurnPath;
  /** Escalations to a person: the hand-off a turn makes, and the operators' inbox (escalations/escalation.service.ts). */
  inbox: EscalationService;
  /** Conversations' outcomes (outcomes/resolution.service.ts). */
  outcomes: ResolutionService;
  /** Ends without a turn, announced like any end (endings/conversation-ending.ts). */
  endings: ConversationEnding;
  /** Content rules, for a message on the turn path (the turn applies them) and one left for later. */
  content: ContentGate;
}

/**
 * The turn engine: one facade over the systems a conversation's life runs through – the turn,
 * the inbox, outcomes and endings – which share one resources object (EngineResources) and are
 * all built here (createTurnEngine), so no system makes its own collaborators. Channels' services
 * (Text Chat API sessions, visitors' sessions, messages left offline) call the engine; the
 * features' handlers reach the inbox and outcomes through `systems`.
 */
export class TurnEngine {
  constructor(readonly systems: TurnSystems) {}

  /** Runs the workflow's start turn and stores the conversation with what it said (see TurnPath.start). */
  start(start: ConversationStart, key?: string) {
    return this.systems.turn.start(start, key);
  }

  /** A message that came in on `channel`, as one turn; `opening` when it opens its session (see TurnPath.message). */
  message<M extends ChannelMessage, R>(channel: Channel<M, R>, message: M, opening?: SessionOpening): Promise<R> {
    return this.systems.turn.message(channel, message, opening);
  }

  /** A conversation the store has ended without a turn (an end call, an idle timeout, its link closing). */
  ended(conversation: ConversationRow, status: string, reason?: string): Promise<void> {
    return this.systems.endings.ended(conversation, status, reason);
  }

  /** The content rules of a message that runs no turn (one left for later): the text to store, its hits counted at once. */
  screen(content: string, subject: ContentSubject): Promise<string> {
    return this.systems.content.screen(content, subject);
  }
}

/** Builds the engine: every system once, each handed the resources and the systems it feeds. */
export function createTurnEngine(resources: EngineResources, parts: TurnEngineParts, options: TurnEngineOptions): TurnEngine {
  const { bus, logger, announcer, versions } = resources;
  const outcomes = new ResolutionService(resources, parts.resolutions);
  const inbox = new EscalationService(resources, { repository: parts.escalations, ...parts.inbox }, options.escalations);
  const endings = new ConversationEnding(resources, { inbox, outcomes });
  const content = new ContentGate(bus, announcer, versions, logger);
  const needs = new HistoryNeeds(versions, logger);
  const historyBytes = options.historyCacheBytes ?? DEFAULT_HISTORY_CACHE_BYTES;
  const turn = new TurnPath(resources, {
    inbox,
    outcomes,
    endings,
    content,
    needs,
    runner: new TurnRunner(bus, logger, needs, options.runnerAttempts, options.queueTimeoutMs, parts.localTurns),
    histories: historyBytes > 0 ? new HistoryCache(historyBytes) : undefined,
    kept: new KeptConversations(),
    uploads: parts.uploads,
    budgets: parts.budgets,
    turnStarts: parts.turnStarts,
    prices: options.llmPrices,
  });
  return new TurnEngine({ turn, inbox, outcomes, endings, content });
}
