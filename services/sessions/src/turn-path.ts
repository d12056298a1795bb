import { randomUUID } from 'node:crypto';
import type { PlatformBus, RequestOptions, RpcRequest } from '@parley/bus';
import {
  AppError,
  catalog,
  type EscalationSummary,
  notApplied,
  outcomeUnknown,
  type PlatformCatalog,
  type TurnOutcome,
  type VisitorOrigin,
} from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { Announcer } from './announcer.js';
import type {
  ConversationRepository,
  ConversationRow,
  ConversationVisitor,
  FoundConversation,
  HistoryMessage,
  HistoryRead,
} from './conversation.repository.js';
import type { ConversationStore, TurnWrite } from './conversation.store.js';
import { newEscalationId } from './escalation-id.js';
import { HistoryCache } from './history-cache.js';
import { HistoryNeeds } from './history-needs.js';
import { rememberedVisitor } from './remembered-visitor.js';

/** A turn computed from a state that another turn replaced is recomputed this many times at most. */
const MAX_COMMIT_ATTEMPTS = 5;
/** Ids offered to the runner for the replies it streams live; a turn says more than this rarely if ever. */
const STREAMED_REPLY_IDS = 4;
/** The history cache's default bound per sessions process (HISTORY_CACHE_MB). */
const DEFAULT_HISTORY_CACHE_BYTES = 64 * 1024 * 1024;

export interface TurnPathOptions {
  /** How many runners a turn is offered to before it fails with `unavailable`. */
  runnerAttempts: number;
  /** How long a turn may wait in the runners' queue for one to take it (default 60 s). */
  queueTimeoutMs?: number;
  /** Bytes of prompt history kept between turns (see HistoryCache); 0 keeps none. Default 64 MiB. */
  historyCacheBytes?: number;
}

/** Bus failures that mean "no runner finished this": safe to offer the turn to another runner. */
function runnerLost(error: unknown): boolean {
  if (!(error instanceof AppError) || error.code !== 'unavailable') return false;
  const reason = (error.details as { reason?: string } | undefined)?.reason;
  // A failed LLM is the turn's own failure; a full queue or one that kept the turn too long
  // already had every runner's chance: trying again at once would only add to the queue. A turn
  // lost from the queue (`queue_lost`: a NATS restart emptied it) is offered again, as no runner has it.
  return reason !== 'llm' && reason !== 'queue_full' && reason !== 'queue_timeout';
}

type StoredTurnMessage = TurnWrite['messages'][number];

const asHistory = (message: StoredTurnMessage): HistoryMessage => ({ role: message.role, content: message.content });

/** What starting a conversation takes: the agent version it runs and, for a visitor, their link. */
export interface ConversationStart {
  conversationId: string;
  sessionId: string;
  tenantId: string;
  agentId: string;
  version: number;
  isActiveVersion: boolean;
  metadata: Record<string, unknown>;
  visitor?: ConversationVisitor | undefined;
  /** Whose conversation: the Text Chat API's `metadata.user_id`, or a visitor's verified user (signed visitor identity). */
  userId?: string | undefined;
  /** The identity realm a visitor's user was verified in: a signed user is the pair (realm, id). */
  userRealm?: string | undefined;
  /** Where a public visitor came from (country, daily visitor hash), for analytics. */
  origin?: VisitorOrigin | undefined;
  /** Variables the conversation starts with (a personalised link's recipient), before the workflow's first node. */
  initialData?: Record<string, string> | undefined;
}


/** One visitor message through the turn path; the channel decides how the conversation is found, admitted and answered. */
export interface MessageTurn<R> {
  /** Remembers which agent version the conversation runs (see HistoryNeeds) and its history (HistoryCache), e.g. its session id. */
  key: string;
  find(withHistory: HistoryRead): Promise<FoundConversation | undefined>;
  /** No conversation under the key. */
  missing(): AppError;
  /** Refuses (throws) or admits the conversation as read; a value returned is answered without a turn. */
  admit(found: FoundConversation): Promise<R | undefined>;
  content: string;
  idempotencyKey: string | null;
  /** The answer of a turn, computed before its commit (a retried request replays it). */
  respond(conversation: ConversationRow, outcome: TurnOutcome, turn: { turnNumber: number; userMessageId: string; escalationId: string | null }): R;
  /** The answer when the conversation is with a person: the message was stored for them, no turn ran. */
  escalated(conversation: ConversationRow, escalation: EscalationSummary | undefined, message: { userMessageId: string }): R;
}

/** What the turn path needs of escalations: a handoff opened by a turn, and a visitor's message while one is open. */
export interface EscalationHooks {
  openForStart(conversationId: string, reason: string): Promise<void>;
  openedByTurn(escalationId: string): Promise<void>;
  summary(conversation: ConversationRow): Promise<EscalationSummary | undefined>;
  visitorMessage(conversation: ConversationRow, message: { id: string; content: string; createdAt: Date }): Promise<void>;
  /** The conversation ended while escalated: its escalation closes. */
  conversationEnded(conversation: ConversationRow): Promise<void>;
}

/**
 * The one path every channel's turns take: the runner is asked (runner.turn, retried on another
 * runner when one dies), the outcome is committed by one statement guarded by state_version, and
 * what was stored is announced (see Announcer). Every
 * turn starts from the conversation as the database has it now – no replica keeps a copy that
 * another could have moved on – so a runner (and its LLM) is asked once per turn; only two
 * messages racing on the same conversation make the later one recompute.
 */
export class TurnPath {
  private readonly historyNeeds: HistoryNeeds;
  private readonly histories: HistoryCache | undefined;
  private readonly turnRequestOptions: RequestOptions;
  /** Set once the escalation service exists (it ends conversations through this path). */
  escalations: EscalationHooks | undefined;

  constructor(
    private readonly repository: ConversationRepository,
    private readonly store: ConversationStore,
    private readonly bus: PlatformBus,
    private readonly logger: Logger,
    private readonly options: TurnPathOptions,
    private readonly announcer: Announcer,
  ) {
    this.historyNeeds = new HistoryNeeds(bus, logger);
    const cacheBytes = options.historyCacheBytes ?? DEFAULT_HISTORY_CACHE_BYTES;
    this.histories = cacheBytes > 0 ? new HistoryCache(cacheBytes) : undefined;
    this.turnRequestOptions = options.queueTimeoutMs === undefined ? {} : { queueTimeoutMs: options.queueTimeoutMs };
  }

  /** Runs the workflow's start turn and stores the conversation with what it said. */
  async start(start: ConversationStart, key = start.sessionId): Promise<{ outcome: TurnOutcome; createdAt: Date }> {
    const outcome = await this.runTurn({
      agentId: start.agentId,
      version: start.version,
      conversationId: start.conversationId,
      sessionId: start.sessionId,
      state: null,
      message: null,
      history: [],
      ...(start.initialData && Object.keys(start.initialData).length > 0 ? { initialData: start.initialData } : {}),
      ...(await this.memoryFor(start, {
        email: start.visitor?.email ?? null,
        userId: start.visitor ? (start.userId ?? null) : null,
        userRealm: start.visitor ? (start.userRealm ?? null) : null,
      })),
    });
    const messages = outcome.said.map((s) => ({ id: randomUUID(), role: 'assistant' as const, content: s.text, nodeId: s.nodeId }));
    const { createdAt, tags } = await this.store.create({
      id: start.conversationId,
      sessionId: start.sessionId,
      tenantId: start.tenantId,
      agentId: start.agentId,
      agentVersion: start.version,
      isActiveVersion: start.isActiveVersion,
      status: outcome.status,
      nodeId: outcome.state.nodeId,
      nodeName: outcome.nodeName,
      collectedData: outcome.state.collectedData,
      metadata: start.metadata,
      messages,
      transitions: outcome.transitions,
      visitor: start.visitor,
      userId: start.userId ?? null,
      userRealm: start.userRealm ?? null,
    });
    this.historyNeeds.remember(key, { agentId: start.agentId, version: start.version });
    if (this.histories && (await this.historyNeeds.forVersion(start))) {
      this.histories.extend(key, start.conversationId, [], messages.map(asHistory), tags);
    }
    const conversation = {
      id: start.conversationId,
      session_id: start.sessionId,
      tenant_id: start.tenantId,
      agent_id: start.agentId,
      channel: start.visitor?.channel ?? 'api',
      link_id: start.visitor?.linkId ?? null,
      visitor_email: start.visitor?.email ?? null,
      user_id: start.userId ?? null,
      user_realm: start.userRealm ?? null,
      created_at: createdAt,
    } satisfies Partial<ConversationRow>;
    await this.announcer.stored(conversation, messages);
    // A handoff node says its line first, then hands over – live clients see them in that order.
    if (outcome.handoff && outcome.status === 'active') await this.escalations?.openForStart(start.conversationId, outcome.handoff.reason);
    this.announcer.sessionCreated({
      conversationId: start.conversationId,
      sessionId: start.sessionId,
      tenantId: start.tenantId,
      agentId: start.agentId,
      status: outcome.status,
      linkId: start.visitor?.linkId ?? null,
      ...(start.origin ? { origin: start.origin } : {}),
      verified: Boolean(start.visitor?.email || (start.visitor && start.userId)),
    });
    // Ended by its own start turn: analytics needs the end as much as the start.
    if (outcome.status !== 'active') {
      await this.announcer.sessionEnded(conversation, { status: outcome.status, totalTurns: 0, totalTransitions: outcome.transitions.length });
    }
    return { outcome, createdAt };
  }

  /**
   * Runs a visitor's message as one turn, recomputing it when another request moved the
   * conversation on. A failure says what it did (docs/api.md "When a message fails"):
   * `details.outcome` "unknown" once the commit was sent, "not_applied" before.
   */
  async message<R>(turn: MessageTurn<R>): Promise<R> {
    try {
      return await this.runMessage(turn);
    } catch (error) {
      throw notApplied(error);
    }
  }

  private async runMessage<R>(turn: MessageTurn<R>): Promise<R> {
    const userMessageId = randomUUID();
    for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
      const found = await this.read(turn);
      if (!found) throw turn.missing();
      const replay = await turn.admit(found);
      if (replay !== undefined) {
        // The same Idempotency-Key with another message is a client's mistake, not a retry.
        if (typeof found.priorContent === 'string' && found.priorContent !== turn.content) {
          throw new AppError('conflict', 'this Idempotency-Key was used for another message of this session', { details: { reason: 'idempotency_key_reused' } });
        }
        return replay;
      }
      const conversation = found.conversation;
      if (conversation.escalation_id !== null) {
        // With a person: the runner is not asked; the message is stored for them.
        const stored = await this.storeForPerson(turn, conversation, userMessageId);
        if (stored !== undefined) return stored;
        continue;
      }
      const committed = await this.withStatus(conversation, () => this.attempt(turn, conversation, found, userMessageId));
      if (committed !== undefined) return committed;
      // Another request on this conversation got in first (a message, an end, the idle sweep): start from what it left.
      this.logger.debug({ conversationId: conversation.id, attempt }, 'conversation moved on during the turn: recomputing');
    }
    throw new AppError('conflict', 'the session is busy with other messages; retry');
  }

  /** A visitor's message while the conversation is escalated; undefined when it moved on meanwhile (read again). */
  private async storeForPerson<R>(turn: MessageTurn<R>, conversation: ConversationRow, userMessageId: string): Promise<R | undefined> {
    try {
      // The answer is made before the message is stored, so a retry with the same key gets this one.
      const response = turn.escalated(conversation, await this.escalations?.summary(conversation), { userMessageId });
      const replay = turn.idempotencyKey === null ? undefined : { idempotencyKey: turn.idempotencyKey, response };
      const createdAt = await this.store.storeEscalatedMessage(conversation, userMessageId, turn.content, replay);
      if (!createdAt) return undefined;
      await this.announcer.stored(conversation, [{ id: userMessageId, role: 'user', content: turn.content }]);
      await this.escalations?.visitorMessage(conversation, { id: userMessageId, content: turn.content, createdAt });
      return response;
    } catch (error) {
      throw this.mayHaveCommitted(conversation, error);
    }
  }

  /** Tells whoever watches the conversation that it ended without a turn (an end call, a timeout). */
  async ended(conversation: ConversationRow, status: string, reason = status): Promise<void> {
    await this.announcer.sessionEnded(conversation, { status, reason, totalTurns: conversation.total_turns, totalTransitions: conversation.total_transitions });
    // Ended another way (its link closed, the owner ended it): nobody is left to wait for a person.
    if (conversation.escalation_id) await this.escalations?.conversationEnded(conversation);
  }

  private async attempt<R>(turn: MessageTurn<R>, conversation: ConversationRow, found: FoundConversation, userMessageId: string): Promise<R | undefined> {
    const [history, memory] = await Promise.all([
      found.history ?? this.historyFor(turn.key, conversation),
      this.memoryFor({ agentId: conversation.agent_id, version: conversation.agent_version }, rememberedVisitor(conversation)),
    ]);
    // The response time analytics reports: from the visitor's message to its answer stored.
    const turnStarted = performance.now();
    const replyMessageIds = this.announcer.watched(conversation) ? Array.from({ length: STREAMED_REPLY_IDS }, () => randomUUID()) : undefined;
    let outcome: TurnOutcome;
    try {
      outcome = await this.runTurn({
        ...(replyMessageIds ? { replyMessageIds } : {}),
        agentId: conversation.agent_id,
        version: conversation.agent_version,
        conversationId: conversation.id,
        sessionId: conversation.session_id,
        state: { nodeId: conversation.current_node_id, collectedData: conversation.collected_data, visitTurns: conversation.visit_turns },
        message: turn.content,
        history: history ?? [],
        ...memory,
      });
    } catch (error) {
      await this.store.storeFailedMessage(conversation.id, userMessageId, turn.content);
      throw error;
    }
    const turnNumber = conversation.total_turns + 1;
    // A handoff node was entered: the escalation opens in the same statement as the turn.
    const escalation = outcome.handoff && outcome.status === 'active' ? { id: newEscalationId(), reason: outcome.handoff.reason } : null;
    const response = turn.respond(conversation, outcome, { turnNumber, userMessageId, escalationId: escalation?.id ?? null });
    const messages: StoredTurnMessage[] = [
      { id: userMessageId, role: 'user', content: turn.content, nodeId: conversation.current_node_id },
      // A reply streamed live is stored under the id its deltas carried, so the client can match them.
      ...outcome.said.map((s) => ({ id: s.messageId ?? randomUUID(), role: 'assistant' as const, content: s.text, nodeId: s.nodeId })),
    ];
    let committed: { messageCount: number } | undefined;
    try {
      committed = await this.commit(conversation, outcome, { turnNumber, messages, userMessageId, idempotencyKey: turn.idempotencyKey, response, escalation });
    } catch (error) {
      throw this.mayHaveCommitted(conversation, error);
    }
    if (!committed) return undefined;
    try {
      await this.afterCommit(turn, conversation, { history, messages, committed, turnStarted, escalation, outcome, turnNumber });
    } catch (error) {
      throw this.mayHaveCommitted(conversation, error);
    }
    return response;
  }

  /** The commit was sent and its answer lost (or what follows it failed): the client cannot know, and is told so. */
  private mayHaveCommitted(conversation: ConversationRow, error: unknown): AppError {
    this.logger.warn({ err: error, conversationId: conversation.id }, 'a turn failed once its commit was sent: its outcome is unknown to the client');
    return outcomeUnknown(error);
  }

  /** What a committed turn tells: the history kept, the stored messages announced, an escalation or an end. */
  private async afterCommit<R>(
    turn: MessageTurn<R>,
    conversation: ConversationRow,
    done: {
      history: HistoryMessage[] | null;
      messages: StoredTurnMessage[];
      committed: { messageCount: number };
      turnStarted: number;
      escalation: { id: string; reason: string } | null;
      outcome: TurnOutcome;
      turnNumber: number;
    },
  ): Promise<void> {
    const { history, messages, committed, turnStarted, escalation, outcome, turnNumber } = done;
    if (history !== null) {
      // What the next turn's prompt sees: this one's history and what it stored (all of it is history).
      this.histories?.extend(turn.key, conversation.id, history, messages.map(asHistory), {
        stateVersion: conversation.state_version + 1,
        messageCount: committed.messageCount,
      });
    }
    await this.announcer.stored(conversation, messages, Math.round(performance.now() - turnStarted));
    if (escalation) await this.escalations?.openedByTurn(escalation.id);
    if (outcome.status !== 'active') {
      await this.announcer.sessionEnded(conversation, {
        status: outcome.status,
        totalTurns: turnNumber,
        totalTransitions: conversation.total_transitions + outcome.transitions.length,
      });
    }
  }

  /**
   * The conversation as it is now; once the agent version is known to read history, the history
   * comes in the same statement – unless the copy this replica kept is still the stored one.
   */
  private async read(turn: MessageTurn<unknown>) {
    const known = this.historyNeeds.versionOf(turn.key);
    if (known === undefined || !(await this.historyNeeds.forVersion(known))) return turn.find(false);
    const kept = this.histories?.tags(turn.key);
    return turn.find(kept ? { unless: kept } : true);
  }

  /**
   * For a conversation read without its history: the kept copy when it is current, else the
   * stored one if its agent version needs it at all; null when it does not.
   */
  private async historyFor(key: string, conversation: ConversationRow): Promise<HistoryMessage[] | null> {
    const ref = { agentId: conversation.agent_id, version: conversation.agent_version };
    this.historyNeeds.remember(key, ref);
    if (!(await this.historyNeeds.forVersion(ref))) return null;
    return this.histories?.current(key, conversation) ?? this.repository.history(conversation.id);
  }

  /**
   * What the agent remembers about a verified or signed-in visitor, asked only when the agent
   * version has a prompt node to tell it to. A memory service slow or down costs the turn its
   * memory, not the turn.
   */
  private async memoryFor(
    ref: { agentId: string; version: number },
    visitor: { email: string | null; userId: string | null; userRealm: string | null },
  ): Promise<{ memory?: string }> {
    // A user id without its realm names nobody (see visitorKeyOf).
    const user = visitor.userId && visitor.userRealm ? { userId: visitor.userId, userRealm: visitor.userRealm } : undefined;
    if ((!visitor.email && !user) || !(await this.historyNeeds.forVersion(ref))) return {};
    try {
      const who = user ?? { email: visitor.email as string };
      const { summary } = await this.bus.request('memory.get', { agentId: ref.agentId, ...who });
      return summary === null ? {} : { memory: summary };
    } catch (error) {
      this.logger.debug({ err: error, agentId: ref.agentId }, 'turn goes on without the visitor memory');
      return {};
    }
  }

  private async commit(
    conversation: ConversationRow,
    outcome: TurnOutcome,
    turn: {
      turnNumber: number;
      messages: StoredTurnMessage[];
      userMessageId: string;
      idempotencyKey: string | null;
      response: unknown;
      escalation: { id: string; reason: string } | null;
    },
  ): Promise<{ messageCount: number } | undefined> {
    const result = await this.store.commitTurn({
      conversationId: conversation.id,
      expectedStateVersion: conversation.state_version,
      turnNumber: turn.turnNumber,
      nodeId: outcome.state.nodeId,
      nodeName: outcome.nodeName,
      visitTurns: outcome.state.visitTurns,
      collectedData: outcome.state.collectedData,
      status: outcome.status,
      messages: turn.messages,
      transitions: outcome.transitions,
      extracted: outcome.extractedVariables,
      idempotencyKey: turn.idempotencyKey,
      userMessageId: turn.userMessageId,
      response: turn.response,
      escalation: turn.escalation,
    });
    return result.committed ? { messageCount: result.messageCount } : undefined;
  }

  /** Offers the turn to runners until one finishes it; a runner that dies mid-turn costs one attempt. */
  private async runTurn(request: RpcRequest<PlatformCatalog, 'runner.turn'>): Promise<TurnOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.bus.request('runner.turn', request, this.turnRequestOptions);
      } catch (error) {
        if (!runnerLost(error) || attempt >= this.options.runnerAttempts) throw error;
        this.logger.warn({ sessionId: request.sessionId, attempt, err: error }, 'runner lost the turn: offering it to another');
        const { backoffMs } = catalog.rpc['runner.turn'].retry;
        await new Promise((resolve) => setTimeout(resolve, backoffMs[Math.min(attempt, backoffMs.length) - 1]));
      }
    }
  }

  /** A visitor watching the conversation sees the agent thinking, then idle again however the turn ends. */
  private async withStatus<T>(conversation: ConversationRow, work: () => Promise<T>): Promise<T> {
    await this.announcer.toConversation(conversation, { event: 'status', data: { state: 'thinking' } });
    try {
      return await work();
    } finally {
      await this.announcer.toConversation(conversation, { event: 'status', data: { state: 'idle' } });
    }
  }
}
