import type { LlmPrices } from '@parley/config';
import {
  AppError,
  type Attachment,
  type LinkAccess,
  type MessageNotice,
  notApplied,
  outcomeOf,
  outcomeUnknown,
  type TurnOutcome,
  type VisitorOrigin,
} from '@parley/contracts';
import { timeOrderedUuid } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { Counter } from 'prom-client';
import { scopeOf, startScopeOf, type TokenBudgets } from '../budgets/token-budgets.js';
import type { ConversationEnding } from '../endings/conversation-ending.js';
import type { EscalationService } from '../escalations/escalation.service.js';
import { newEscalationId } from '../escalations/escalation-id.js';
import type { ResolutionService } from '../outcomes/resolution.service.js';
import { type Announcer, type ConversationEnd, IDLE, THINKING } from '../store/announcer.js';
import type { ConversationRepository, ConversationRow, ConversationVisitor, FoundConversation, HistoryMessage } from '../store/conversation.repository.js';
import type { ConversationStore, TurnWrite } from '../store/conversation.store.js';
import type { KeptEvent } from '../store/event-outbox.js';
import { rememberedVisitor } from '../store/remembered-visitor.js';
import { traceWrite } from '../traces/trace-write.js';
import type { StoredUpload } from '../uploads/uploads.repository.js';
import type { UploadsService } from '../uploads/uploads.service.js';
import type { Channel, ChannelMessage } from './channel.js';
import type { ContentGate, ContentSubject, Screened } from './content-gate.js';
import type { EngineResources } from './engine.js';
import { type HistoryCache, historyTagOf } from './history-cache.js';
import type { HistoryNeeds } from './history-needs.js';
import type { KeptConversations } from './kept-conversations.js';
import { gapOf, withCitations } from './knowledge-messages.js';
import { offersPerson } from './offer-person.js';
import { type SaidMessage, saidAndCalled, saidOnly } from './tool-messages.js';
import type { TurnRunner } from './turn-runner.js';

/** A turn computed from a state that another turn replaced is recomputed this many times at most. */
const MAX_COMMIT_ATTEMPTS = 5;
/** Ids offered to the runner for the replies it streams live; a turn says more than this rarely if ever. */
const STREAMED_REPLY_IDS = 4;
export interface TurnPathOptions {
  /** How many runners a turn is offered to before it fails with `unavailable`. */
  runnerAttempts: number;
  /** How long a turn may wait in the runners' queue for one to take it (default 60 s). */
  queueTimeoutMs?: number;
  /** Bytes of prompt history kept between turns (see HistoryCache); 0 keeps none. Default 64 MiB. */
  historyCacheBytes?: number;
  /** USD per million tokens by model (`LLM_PRICES`): each traced LLM call is priced at its commit; none: no call has a cost. */
  llmPrices?: LlmPrices | undefined;
}

/**
 * What the turn path works with besides the engine's resources (all built by createTurnEngine):
 * the systems a turn feeds, and its own parts.
 */
export interface TurnPathParts {
  /** The escalations a turn opens or feeds (the inbox system). */
  inbox: EscalationService;
  /** Conversations' outcomes: a turn reaching a node marked `resolves`, or ending. */
  outcomes: ResolutionService;
  /** Ends a visitor's session their message finds idle. */
  endings: ConversationEnding;
  /** Asks the runners for a turn, or runs one that asks no LLM here. */
  runner: TurnRunner;
  /** Content rules, applied to each message once. */
  content: ContentGate;
  /** Which agent versions read history or ask no LLM, and which version each session runs. */
  needs: HistoryNeeds;
  /** Prompt history kept between turns; undefined: none is kept. */
  histories: HistoryCache | undefined;
  /** The rows of conversations whose last turn this replica committed (see keptFor). */
  kept: KeptConversations;
  /** Visitors' files a message carries; without it, a message naming files is refused. */
  uploads?: UploadsService | undefined;
  /** Token budgets checked before the runner is asked (docs/management-api.md "Cost guards"); without it, none. */
  budgets?: TokenBudgets | undefined;
  /** Counts turn attempts by where their conversation came from: `kept` (KeptConversations) or `read`. */
  turnStarts?: Counter<'source'> | undefined;
  /** The prices each turn's LLM calls are costed at when it commits (docs/workflow.md "Traces"). */
  prices?: LlmPrices | undefined;
}

/**
 * A message that opens its session (a visitor's first on a link): whose content rules it meets –
 * the agent version the new session will run, and its link's – and how the session opens, which
 * happens only once the rules let the message in, so a blocked message opens none.
 */
export interface SessionOpening {
  subject: ContentSubject;
  /** Claims the session, runs its start turn and stores it (see PublicSessionService.open). */
  open(): Promise<void>;
}

type StoredTurnMessage = TurnWrite['messages'][number];

/** A turn's `thinking` … `idle` on the conversation's live log (see withStatus). */
interface LiveStatus {
  /** `thinking` appended (or given up on). */
  thinking: Promise<void>;
  /** Set once the idle status went out with the turn's committed words. */
  idleSaid: boolean;
}

const asHistory = (message: SaidMessage): HistoryMessage => ({ role: message.role, content: message.content });

/** Words of the platform's own (a spent budget's default words) carry their code, which the pages translate (docs/public-chat-api.md "Notices"). */
const withNotice = (messages: StoredTurnMessage[], notice: MessageNotice | undefined): StoredTurnMessage[] =>
  notice === undefined ? messages : messages.map((m) => (m.role === 'assistant' ? { ...m, notice } : m));

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
  /** A visitor's link: its token budgets and the words said once they are spent. */
  link?: LinkAccess | undefined;
  /** A Text Chat API session's `offer_person` (docs/escalation.md "Offering a person"). */
  offerPerson?: string | undefined;
}

/** What a committed turn stored, for what follows it. */
interface CommittedTurn {
  history: HistoryMessage[] | null;
  /** The runner keeping `history` under the turn's tag (runner.turn `keptBy`). */
  keptBy?: { runner: string; tag: string };
  messages: StoredTurnMessage[];
  /** The files the visitor's message carries, shown with it to those watching. */
  attachments: Attachment[];
  messageCount: number;
  escalation: { id: string; reason: string } | null;
  outcome: TurnOutcome;
  /** What its commit wrote to event_outbox, to publish now. */
  events: KeptEvent[];
  /** How it ended the conversation, if it did. */
  ended: ConversationEnd | undefined;
}

/**
 * The turn system of the engine (createTurnEngine): the one path every channel's turns take. A
 * message's content rules are applied once, here; the runner is asked (see TurnRunner), the
 * outcome is committed by one statement guarded by state_version, and what was stored is
 * announced. A turn that asks an LLM starts from the conversation as the database has it now, so
 * a runner (and its LLM) is asked once per turn; only two messages racing on the same
 * conversation make the later one recompute. A turn that asks none may start from the row this
 * replica's last commit returned (see KeptConversations): stale, it costs a recompute of pure
 * work, never a call.
 */
export class TurnPath {
  private readonly store: ConversationStore;
  private readonly conversations: ConversationRepository;
  private readonly announcer: Announcer;
  private readonly logger: Logger;
  private readonly inbox: EscalationService;
  private readonly outcomes: ResolutionService;
  private readonly endings: ConversationEnding;
  private readonly needs: HistoryNeeds;
  private readonly histories: HistoryCache | undefined;
  private readonly kept: KeptConversations;
  private readonly turnStarts: Counter<'source'> | undefined;
  private readonly runner: TurnRunner;
  private readonly uploads: UploadsService | undefined;
  private readonly content: ContentGate;
  private readonly budgets: TokenBudgets | undefined;
  private readonly prices: LlmPrices;

  constructor(resources: EngineResources, parts: TurnPathParts) {
    this.store = resources.store;
    this.conversations = resources.conversations;
    this.announcer = resources.announcer;
    this.logger = resources.logger;
    this.inbox = parts.inbox;
    this.outcomes = parts.outcomes;
    this.endings = parts.endings;
    this.needs = parts.needs;
    this.histories = parts.histories;
    this.kept = parts.kept;
    this.turnStarts = parts.turnStarts;
    this.runner = parts.runner;
    this.uploads = parts.uploads;
    this.content = parts.content;
    this.budgets = parts.budgets;
    this.prices = parts.prices ?? {};
  }

  /** Runs the workflow's start turn and stores the conversation with what it said; `key` as historyKeyOf names it. */
  async start(start: ConversationStart, key = start.sessionId): Promise<{ outcome: TurnOutcome; createdAt: Date }> {
    // Past a token budget the opening turn is not run (docs/management-api.md "Cost guards").
    const budgetScope = startScopeOf(start);
    const refusal = (await this.spendsTokens(start)) ? await this.budgets?.beforeStart(start, budgetScope) : undefined;
    const outcome =
      refusal?.outcome ??
      (await this.runner.run({
        agentId: start.agentId,
        version: start.version,
        conversationId: start.conversationId,
        sessionId: start.sessionId,
        state: null,
        message: null,
        history: [],
        // One start per conversation: its key names it alone, however often it is offered (docs/workflow.md "Tools").
        turnKey: `${start.conversationId}:start`,
        tenantId: start.tenantId,
        ...(Object.keys(start.metadata).length > 0 ? { metadata: start.metadata } : {}),
        ...(start.initialData && Object.keys(start.initialData).length > 0 ? { initialData: start.initialData } : {}),
        ...(await this.runner.memoryFor(start, {
          email: start.visitor?.email ?? null,
          userId: start.visitor ? (start.userId ?? null) : null,
          userRealm: start.visitor ? (start.userRealm ?? null) : null,
        })),
      }));
    const messages = withCitations(
      saidAndCalled(outcome, () => timeOrderedUuid()),
      outcome.knowledge,
    );
    const said = saidOnly(messages);
    const createdAt = new Date();
    const conversation = {
      id: start.conversationId,
      session_id: start.sessionId,
      tenant_id: start.tenantId,
      agent_id: start.agentId,
      agent_version: start.version,
      channel: start.visitor?.channel ?? 'api',
      link_id: start.visitor?.linkId ?? null,
      visitor_email: start.visitor?.email ?? null,
      user_id: start.userId ?? null,
      user_realm: start.userRealm ?? null,
      created_at: createdAt,
    } satisfies Partial<ConversationRow>;
    // Written with the conversation (docs/architecture.md "Events kept with their commit"); ended by its own start turn, analytics needs the end as much as the start.
    const ended = outcome.status === 'active' ? undefined : { status: outcome.status, totalTurns: 0, totalTransitions: outcome.transitions.length };
    const events = [
      this.announcer.messagesStoredEvent(conversation, said, undefined, outcome.usage),
      this.announcer.sessionCreatedEvent({
        conversationId: start.conversationId,
        sessionId: start.sessionId,
        tenantId: start.tenantId,
        agentId: start.agentId,
        agentVersion: start.version,
        status: outcome.status,
        linkId: start.visitor?.linkId ?? null,
        ...(start.origin ? { origin: start.origin } : {}),
        verified: Boolean(start.visitor?.email || (start.visitor && start.userId)),
      }),
      ...(ended ? [this.announcer.sessionEndedEvent(conversation, ended)] : []),
    ].filter((event) => event !== undefined);
    const { tags } = await this.store.create({
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
      offerPerson: start.offerPerson ?? null,
      createdAt,
      events,
      trace: traceWrite(outcome, this.prices),
    });
    this.needs.remember(key, { agentId: start.agentId, version: start.version });
    if (this.histories && (await this.needs.forVersion(start))) {
      this.histories.extend(key, start.conversationId, [], said.map(asHistory), tags);
    }
    this.announcer.release(events);
    await this.announcer.storedLive(conversation, said);
    // A silent start is no refusal of its own: the visitor's next message is (docs/management-api.md "Cost guards").
    await this.budgets?.afterStart(budgetScope, outcome.usage);
    // A handoff node says its line first, then hands over – live clients see them in that order.
    if (outcome.handoff && outcome.status === 'active') await this.inbox.openForStart(start.conversationId, outcome.handoff.reason);
    if (outcome.resolves) await this.outcomes.reachedResolvingNode(start.conversationId);
    if (ended) {
      await this.announcer.endedLive(conversation, ended);
      await this.outcomes.ended(start.conversationId);
    }
    return { outcome, createdAt };
  }

  /**
   * Runs a message that came in on `channel` as one turn, recomputing it when another request
   * moved the conversation on; `opening` when the message opens its session. A failure says what
   * it did (docs/text-chat-api.md "When a message fails"): `details.outcome` "unknown" once the commit was
   * sent, "not_applied" before.
   */
  async message<M extends ChannelMessage, R>(channel: Channel<M, R>, message: M, opening?: SessionOpening): Promise<R> {
    try {
      return await this.runMessage(channel, message, opening);
    } catch (error) {
      throw notApplied(error);
    }
  }

  private async runMessage<M extends ChannelMessage, R>(channel: Channel<M, R>, message: M, opening: SessionOpening | undefined): Promise<R> {
    const userMessageId = timeOrderedUuid();
    try {
      return await this.runTurns(channel, message, userMessageId, opening);
    } catch (error) {
      // A message that was not stored gives back the files it claimed, for the visitor's next try.
      if (channel.attachments(message) !== undefined && outcomeOf(error) !== 'unknown') {
        await this.uploads?.release(userMessageId).catch((release: unknown) => this.logger.warn({ err: release }, 'files of a failed message not given back'));
      }
      throw error;
    }
  }

  private async runTurns<M extends ChannelMessage, R>(channel: Channel<M, R>, sent: M, userMessageId: string, opening: SessionOpening | undefined): Promise<R> {
    const key = channel.historyKey(sent);
    // The message's content rules (docs/public-chat-api.md "Content rules"), applied here and only here, once
    // per message however often its turn is recomputed, before anything is stored or a runner asked.
    let screened: Screened | undefined;
    const screen = async (subject: ContentSubject): Promise<Screened> => (screened ??= await this.content.check(sent.content, subject));
    // Whether the message turned out to be a retry of one let in before (its hits were counted then).
    let retried = false;
    try {
      // A message that opens its session meets the rules of the version the session will run
      // before it opens: a blocked one opens none (no session counted, nothing stored).
      if (opening) {
        await screen(opening.subject);
        await opening.open();
      }
      for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
        const kept = await this.keptFor(channel, sent, key);
        const found = kept ?? (await this.read(channel, sent, key));
        if (!found) throw channel.missing();
        this.turnStarts?.inc({ source: kept ? 'kept' : 'read' });
        const admission = channel.admit(sent, found);
        if (admission && 'idle' in admission) {
          await this.endIdle(found.conversation);
          throw admission.idle;
        }
        if (admission) {
          retried = true;
          // The same Idempotency-Key with another message is a client's mistake, not a retry.
          if (
            typeof found.priorContent === 'string' &&
            !(await this.content.sameMessage(found.priorContent, sent.content, contentSubject(channel, sent, found.conversation)))
          ) {
            throw new AppError('conflict', 'this Idempotency-Key was used for another message of this session', {
              details: { reason: 'idempotency_key_reused' },
            });
          }
          return admission.replay;
        }
        const conversation = found.conversation;
        // A blocked message is refused here, a redacted one goes on redacted.
        const request: M = { ...sent, content: (await screen(contentSubject(channel, sent, conversation))).text };
        const attachments = await this.claimAttachments(channel, request, conversation, userMessageId);
        // What the message brings to the collected data (a visitor's page context) is stored with it, turn or not.
        const collected = channel.collected(request, conversation.collected_data);
        if (conversation.escalation_id !== null) {
          // With a person: the runner is not asked; the message is stored for them.
          const stored = await this.storeForPerson(channel, request, conversation, userMessageId, shownFiles(attachments), collected);
          if (stored !== undefined) return stored;
          continue;
        }
        // The turn's key (docs/workflow.md "Tools"): the message's id, the same on every runner the turn
        // is offered to. Computed again from a conversation that moved on, it is another computation –
        // its calls may differ – so it gets a key of its own, and no answer of the first is taken for its.
        const turnKey = attempt === 1 ? userMessageId : `${userMessageId}:${attempt}`;
        const committed = await this.withStatus(conversation, (status) =>
          this.attempt(channel, request, key, found, { userMessageId, turnKey }, attachments, kept !== undefined, collected, status),
        );
        if (committed !== undefined) return committed;
        // Another request on this conversation got in first (a message, an end, the idle sweep): start from what it left.
        this.logger.debug({ conversationId: conversation.id, attempt }, 'conversation moved on during the turn: recomputing');
      }
      throw new AppError('conflict', 'the session is busy with other messages; retry');
    } finally {
      // A message started from a kept row is screened before its commit can tell it is a retry (see keptFor).
      if (screened && !retried) this.content.count(screened);
    }
  }

  /** A visitor's session idle past its link's timeout, seen by their message: it ends (unless it moved on meanwhile). */
  private async endIdle(conversation: ConversationRow): Promise<void> {
    const abandoned = await this.store.abandon(conversation.id, conversation.state_version);
    if (abandoned) await this.endings.ended(abandoned, 'abandoned', 'timeout');
  }

  /** A message while the conversation is escalated; undefined when it moved on meanwhile (read again). */
  private async storeForPerson<M extends ChannelMessage, R>(
    channel: Channel<M, R>,
    request: M,
    conversation: ConversationRow,
    userMessageId: string,
    attachments: Attachment[],
    /** The conversation's collected data with what the message brought; undefined: unchanged. */
    collected: Record<string, string> | undefined,
  ): Promise<R | undefined> {
    try {
      // The answer is made before the message is stored, so a retry with the same key gets this one.
      const response = channel.replyWhileEscalated(request, conversation, await this.inbox.summary(conversation), userMessageId);
      const replay = request.idempotencyKey === null ? undefined : { idempotencyKey: request.idempotencyKey, response };
      const stored = this.announcer.messagesStoredEvent(conversation, [{ id: userMessageId, role: 'user' }]);
      const events = stored ? [stored] : [];
      const createdAt = await this.store.storeEscalatedMessage(conversation, userMessageId, request.content, events, replay, collected);
      if (!createdAt) return undefined;
      this.announcer.release(events);
      await this.announcer.storedLive(conversation, [{ id: userMessageId, role: 'user', content: request.content, attachments }]);
      await this.inbox.visitorMessage(conversation, { id: userMessageId, content: request.content, createdAt, attachments });
      return response;
    } catch (error) {
      throw this.mayHaveCommitted(conversation, error);
    }
  }

  /** The files a visitor's message carries, claimed for it (again, harmlessly, when its turn is recomputed). */
  private async claimAttachments<M extends ChannelMessage>(
    channel: Channel<M, unknown>,
    request: M,
    conversation: ConversationRow,
    userMessageId: string,
  ): Promise<StoredUpload[]> {
    const files = channel.attachments(request);
    if (files === undefined) return [];
    if (!this.uploads) throw new AppError('unavailable', 'files cannot be attached here', { details: { reason: 'uploads_unavailable' } });
    return this.uploads.claim(conversation.id, files, userMessageId);
  }

  private async attempt<M extends ChannelMessage, R>(
    channel: Channel<M, R>,
    request: M,
    key: string,
    found: FoundConversation,
    ids: { userMessageId: string; turnKey: string },
    attachments: StoredUpload[],
    fromKept: boolean,
    /** The collected data the turn starts from, when the message brought some (see Channel.collected); else the conversation's. */
    collected: Record<string, string> | undefined,
    status: LiveStatus,
  ): Promise<R | undefined> {
    const { userMessageId, turnKey } = ids;
    const conversation = found.conversation;
    const link = channel.link(request);
    // Past a token budget the runner is not asked: a visitor is answered in the link's words, the Text Chat API refused (docs/management-api.md "Cost guards").
    const budgetScope = scopeOf(conversation, link);
    // A version that asks no LLM spends no tokens, and its conversation's row is kept for its next turn (see keptFor).
    const asksNoLlm = await this.asksNoLlm({ agentId: conversation.agent_id, version: conversation.agent_version });
    const refusal = this.budgets && !asksNoLlm ? await this.budgets.beforeTurn(budgetScope, conversation) : undefined;
    const collectedData = collected ?? conversation.collected_data;
    const [history, memory] = await Promise.all([
      found.history ?? this.historyFor(key, conversation),
      this.runner.memoryFor({ agentId: conversation.agent_id, version: conversation.agent_version }, rememberedVisitor(conversation)),
    ]);
    // The history named as it stands, and the runner keeping it as the last turn left it – known
    // only while this replica's copy is current (handOff checks the row's tags, as current does).
    const historyTag = historyTagOf(conversation);
    const handOff = history === null ? undefined : this.histories?.handOff(key, conversation);
    // The response time analytics reports: from the visitor's message to its answer stored.
    const turnStarted = performance.now();
    const replyMessageIds = this.announcer.watched(conversation) ? Array.from({ length: STREAMED_REPLY_IDS }, () => timeOrderedUuid()) : undefined;
    // A runner appends the reply's words to the live log itself, over a connection of its own: they
    // follow `thinking` only if it is in before the runner is asked.
    if (!asksNoLlm) await status.thinking;
    let outcome: TurnOutcome;
    try {
      outcome =
        // Answered by a spent budget, the conversation stays where it was, with what the message brought.
        (refusal && { ...refusal.outcome, state: { ...refusal.outcome.state, collectedData } }) ??
        (await this.runner.run(
          {
            ...(replyMessageIds ? { replyMessageIds } : {}),
            agentId: conversation.agent_id,
            version: conversation.agent_version,
            conversationId: conversation.id,
            sessionId: conversation.session_id,
            state: { nodeId: conversation.current_node_id, collectedData, visitTurns: conversation.visit_turns },
            message: request.content,
            history: history ?? [],
            ...(history === null ? {} : { historyTag }),
            turnKey,
            tenantId: conversation.tenant_id,
            ...(Object.keys(conversation.metadata).length > 0 ? { metadata: conversation.metadata } : {}),
            ...memory,
            ...(attachments.length > 0 ? { attachments } : {}),
          },
          handOff,
        ));
    } catch (error) {
      this.kept.forget(key);
      await this.store.storeFailedMessage(conversation.id, userMessageId, request.content);
      throw error;
    }
    const turnNumber = conversation.total_turns + 1;
    // A handoff node was entered: the escalation opens in the same statement as the turn.
    const escalation = outcome.handoff && outcome.status === 'active' ? { id: newEscalationId(), reason: outcome.handoff.reason } : null;
    const offerPerson = offersPerson(link ? link.offerPerson : conversation.offer_person, conversation.unanswered_turns, outcome);
    const response = channel.reply(request, conversation, outcome, {
      turnNumber,
      userMessageId,
      escalationId: escalation?.id ?? null,
      offerPerson,
      budgetExhausted: refusal !== undefined,
      notice: refusal?.notice,
    });
    const messages: StoredTurnMessage[] = [
      { id: userMessageId, role: 'user', content: request.content, nodeId: conversation.current_node_id },
      // A reply streamed live is stored under the id its deltas carried, so the client can match them.
      ...withNotice(
        withCitations(
          saidAndCalled(outcome, (s) => s.messageId ?? timeOrderedUuid()),
          outcome.knowledge,
        ),
        refusal?.notice,
      ),
    ];
    // The turn's events, written with its commit (docs/architecture.md "Events kept with their commit").
    const ended =
      outcome.status === 'active'
        ? undefined
        : { status: outcome.status, totalTurns: turnNumber, totalTransitions: conversation.total_transitions + outcome.transitions.length };
    const events = [
      this.announcer.messagesStoredEvent(conversation, saidOnly(messages), Math.round(performance.now() - turnStarted), outcome.usage),
      ...(ended ? [this.announcer.sessionEndedEvent(conversation, ended)] : []),
    ].filter((event) => event !== undefined);
    try {
      const committed = await this.store.commitTurn({
        conversationId: conversation.id,
        expectedStateVersion: conversation.state_version,
        keptUpdatedAt: fromKept ? conversation.updated_at : null,
        turnNumber,
        nodeId: outcome.state.nodeId,
        nodeName: outcome.nodeName,
        visitTurns: outcome.state.visitTurns,
        collectedData: outcome.state.collectedData,
        status: outcome.status,
        messages,
        transitions: outcome.transitions,
        extracted: outcome.extractedVariables,
        idempotencyKey: request.idempotencyKey,
        userMessageId,
        response,
        escalation,
        unanswered: outcome.unanswered === true,
        tokens: this.budgets?.tokenRows(budgetScope, outcome.usage) ?? [],
        events,
        gap: gapOf(outcome),
        trace: traceWrite(outcome, this.prices),
      });
      // Refused, the conversation moved on meanwhile: the next attempt starts from where it stands.
      if (asksNoLlm) this.kept.afterCommit(key, conversation, committed);
      else this.kept.forget(key);
      if (!committed.committed) return undefined;
      if (refusal) this.budgets?.refused(budgetScope);
      await this.afterCommit(key, conversation, status, {
        history,
        ...(outcome.keptBy ? { keptBy: { runner: outcome.keptBy, tag: historyTag } } : {}),
        messages,
        attachments: shownFiles(attachments),
        messageCount: committed.row.message_count,
        escalation,
        outcome,
        events,
        ended,
      });
    } catch (error) {
      // Whether it committed is unknown: the next turn reads the conversation.
      this.kept.forget(key);
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
  private async afterCommit(key: string, conversation: ConversationRow, status: LiveStatus, turn: CommittedTurn): Promise<void> {
    const { history, attachments, escalation, outcome, events, ended } = turn;
    // Its tool calls are for the conversation's owners: neither the prompt nor a visitor sees them.
    const said = saidOnly(turn.messages);
    if (history !== null) {
      // What the next turn's prompt sees: this one's history and what it said.
      this.histories?.extend(
        key,
        conversation.id,
        history,
        said.map(asHistory),
        { stateVersion: conversation.state_version + 1, messageCount: turn.messageCount },
        turn.keptBy,
      );
    }
    this.announcer.release(events);
    // A turn that neither hands over nor ends is over once its words are out: its idle status goes
    // in the same append. One that does says idle after what it opened or ended (withStatus).
    const closes = escalation === null && ended === undefined && said.length > 0;
    // The visitor's message is the turn's first.
    await this.announcer.storedLive(
      conversation,
      said.map((message, i) => (i === 0 ? { ...message, attachments } : message)),
      closes ? [IDLE] : [],
    );
    if (closes) status.idleSaid = true;
    if (escalation) await this.inbox.openedByTurn(escalation.id);
    if (outcome.resolves) await this.outcomes.reachedResolvingNode(conversation.id);
    if (ended) {
      await this.announcer.endedLive(conversation, ended);
      await this.outcomes.ended(conversation.id);
    }
  }

  /**
   * The kept row as the start of a turn (see KeptConversations): only for an agent version that
   * asks no LLM, and only when the row lets the message straight in. Otherwise the row is
   * forgotten and the turn reads the store.
   *
   * A message with an Idempotency-Key may be a retry of one already committed. Its turn is then
   * computed for nothing (no LLM, so nothing is asked twice), and its commit is refused – the
   * key's unique index, or the guard when another replica committed it – so the next attempt reads
   * the store and answers the first result. Its content rules ran again meanwhile, but their hits
   * are counted only for a new message (runTurns). One carrying files reads the store first, as
   * claiming the files is not undone by a refused commit.
   */
  private async keptFor<M extends ChannelMessage>(channel: Channel<M, unknown>, request: M, key: string): Promise<FoundConversation | undefined> {
    const claimsFiles = channel.attachments(request) !== undefined;
    const row = request.idempotencyKey === null || !claimsFiles ? this.kept.get(key) : undefined;
    if (!row) return undefined;
    const found: FoundConversation = { conversation: row, priorResponse: null, priorContent: null, history: null };
    try {
      const local = row.escalation_id === null && channel.admit(request, found) === undefined;
      if (local && (await this.asksNoLlm({ agentId: row.agent_id, version: row.agent_version }))) return found;
    } catch {
      // A refusal is the stored row's to give.
    }
    this.kept.forget(key);
    return undefined;
  }

  /**
   * The conversation as it is now; once the agent version is known to read history, the history
   * comes in the same statement – unless the copy this replica kept is still the stored one.
   */
  private async read<M extends ChannelMessage>(channel: Channel<M, unknown>, request: M, key: string): Promise<FoundConversation | undefined> {
    const known = this.needs.versionOf(key);
    if (known === undefined || !(await this.needs.forVersion(known))) return channel.find(this.conversations, request, false);
    const kept = this.histories?.tags(key);
    return channel.find(this.conversations, request, kept ? { unless: kept } : true);
  }

  /**
   * For a conversation read without its history: the kept copy when it is current, else the
   * stored one if its agent version needs it at all; null when it does not.
   */
  private async historyFor(key: string, conversation: ConversationRow): Promise<HistoryMessage[] | null> {
    const ref = { agentId: conversation.agent_id, version: conversation.agent_version };
    this.needs.remember(key, ref);
    if (!(await this.needs.forVersion(ref))) return null;
    return this.histories?.current(key, conversation) ?? this.conversations.history(conversation.id);
  }

  /**
   * Whether the budgets apply to a turn of this agent version: they cap what turns spend on the
   * LLM, and a version that never asks one spends nothing (docs/management-api.md "Cost guards"), so its turns
   * are not checked – nor answered with a spent budget's words.
   */
  private async spendsTokens(ref: { agentId: string; version: number }): Promise<boolean> {
    return this.budgets !== undefined && !(await this.asksNoLlm(ref));
  }

  /** Whether the agent version never asks an LLM (see callsLlm): its turns are pure work. */
  private async asksNoLlm(ref: { agentId: string; version: number }): Promise<boolean> {
    return (await this.needs.withoutLlm(ref)) !== null;
  }

  /**
   * A visitor watching the conversation sees the agent thinking, then idle again however the turn
   * ends. A turn run here does not wait for `thinking` to be appended: this process's appends reach
   * the live log in the order they are made (one Redis connection), so what the turn appends next
   * still follows it, and the round trip is spent beside the turn's work instead of before it.
   */
  private async withStatus<T>(conversation: ConversationRow, work: (status: LiveStatus) => Promise<T>): Promise<T> {
    const status: LiveStatus = { thinking: this.announcer.toConversation(conversation, THINKING), idleSaid: false };
    try {
      return await work(status);
    } finally {
      await status.thinking;
      if (!status.idleSaid) await this.announcer.toConversation(conversation, IDLE);
    }
  }
}

/** Whose message it is, for the content rules: a visitor's link (its own rules) or the Text Chat API (the agent's). */
function contentSubject<M extends ChannelMessage>(channel: Channel<M, unknown>, request: M, conversation: ConversationRow): ContentSubject {
  return {
    tenantId: conversation.tenant_id,
    linkId: conversation.link_id,
    agentId: conversation.agent_id,
    version: conversation.agent_version,
    own: channel.link(request)?.contentRules ?? null,
  };
}

/** What those watching are shown of a message's files: never their key in the upload store. */
function shownFiles(files: StoredUpload[]): Attachment[] {
  return files.map(({ id, name, type, bytes }) => ({ id, name, type, bytes }));
}
