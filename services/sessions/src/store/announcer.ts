import type { EventName, EventPayload, PlatformBus } from '@parley/bus';
import type { ContentHit } from '@parley/content-rules';
import type { Attachment, Citation, EscalationState, InboxEvent, LiveEvent, MessageNotice, PlatformCatalog, TokenUsage } from '@parley/contracts';
import { timeOrderedUuid } from '@parley/db';
import type { Logger } from '@parley/logger';
import { inboxLogKey, type LiveEventLog } from '@parley/stores';
import type { EscalationRow } from '../escalations/escalation.repository.js';
import type { ResolutionRow } from '../outcomes/resolution.repository.js';
import type { ConversationRow } from './conversation.repository.js';
import { type EventKeeper, type KeptEvent, keptEvent } from './event-outbox.js';
import { rememberedVisitor } from './remembered-visitor.js';

/** What `messages.stored` says of the conversation: whose it is, for memory and analytics. */
type StoredIn = Pick<ConversationRow, 'id' | 'tenant_id' | 'agent_id' | 'agent_version' | 'channel' | 'link_id' | 'visitor_email' | 'user_id' | 'user_realm'>;

/** A stored message as a visitor's stream shows it. */
export interface AnnouncedMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  attachments?: Attachment[] | undefined;
  /** An answer from knowledge: the passages it cited, shown as its sources (docs/workflow.md "Answers from knowledge in the transcript"). */
  citations?: Citation[] | undefined;
  /** The platform's own words: their code, which the pages translate (docs/public-chat-api.md "Notices"). */
  notice?: MessageNotice | undefined;
}

/** What `session.ended` says of the conversation. */
type EndedConversation = Pick<ConversationRow, 'id' | 'session_id' | 'tenant_id' | 'agent_id' | 'agent_version' | 'channel' | 'link_id' | 'created_at'>;

const ESCALATION_EVENT: Partial<Record<EscalationState, EventName<PlatformCatalog>>> = {
  waiting: 'events.escalation.created',
  assigned: 'events.escalation.assigned',
  claimed: 'events.escalation.claimed',
  released: 'events.escalation.released',
  closed: 'events.escalation.closed',
};

const CONTENT_EVENT = { block: 'content_blocked', redact: 'content_redacted', flag: 'content_flagged' } as const satisfies Record<ContentHit['action'], string>;

/** The agent at work on a turn, and done with it, as a watching visitor is told. */
export const THINKING: LiveEvent = { event: 'status', data: { state: 'thinking' } };
export const IDLE: LiveEvent = { event: 'status', data: { state: 'idle' } };

/** How a conversation ended, as `session.ended` and a watching visitor are told. */
export interface ConversationEnd {
  status: string;
  reason?: string | undefined;
  totalTurns: number;
  totalTransitions: number;
}

/**
 * What the sessions service tells the world once a change is stored, with one error policy:
 * - bus events (messages.stored, session.*, escalation.*) are published without waiting: the
 *   change is committed already. A commit's own events (`…Event` here) were written with it to
 *   event_outbox and are `release`d after it; any other event the stream does not take is written
 *   there then (EventKeeper), and relayed (docs/architecture.md "Events kept with their commit");
 * - live events (a visitor's conversation log, a tenant's inbox log) are awaited, so a stream
 *   sees them in the order they happened; a failed append is logged (debug) and swallowed, as a
 *   client that missed one reads the stored state again.
 */
export class Announcer {
  constructor(
    private readonly bus: PlatformBus,
    private readonly logger: Logger,
    /** The live event logs; undefined: nothing is streamed. */
    private readonly live: LiveEventLog | undefined,
    /** Where events wait for the stream; undefined (unit tests): one it does not take is logged. */
    private readonly keeper?: EventKeeper,
  ) {}

  /**
   * Whether the conversation has a live log: visitors' conversations (only they have a stream);
   * a Text Chat API turn does not pay for one.
   */
  watched(conversation: Pick<ConversationRow, 'channel'>): boolean {
    return this.live !== undefined && conversation.channel !== 'api';
  }

  /**
   * What a change stored outside a turn's commit (a message left offline): messages.stored, and
   * each message to a visitor watching.
   */
  async stored(conversation: StoredIn, messages: AnnouncedMessage[], responseMs?: number, usage?: TokenUsage): Promise<void> {
    const event = this.messagesStoredEvent(conversation, messages, responseMs, usage);
    if (event) this.publish(event);
    await this.storedLive(conversation, messages);
  }

  /**
   * Each message one commit stored to a visitor watching – with the files it carries and the
   * sources an answer cited, as history shows them, so the visitor's other tabs show them without
   * reloading. `then`: events that follow them in the same append (the idle status closing a turn).
   */
  async storedLive(conversation: Pick<ConversationRow, 'id' | 'channel'>, messages: AnnouncedMessage[], then: LiveEvent[] = []): Promise<void> {
    if (!this.watched(conversation) || messages.length === 0) return;
    // Appended together, in this order, at one instant: one round trip for the commit's messages.
    const events = messages.map(
      ({ id, role, content, attachments, citations, notice }): LiveEvent => ({
        event: 'message',
        data: {
          id,
          role,
          content,
          ...(attachments?.length ? { attachments } : {}),
          ...(citations === undefined ? {} : { citations }),
          ...(notice === undefined ? {} : { notice }),
        },
      }),
    );
    await this.appendAll(conversation.id, [...events, ...then], { conversationId: conversation.id });
  }

  /** `messages.stored` for what one commit stored in a conversation: memory and analytics count from it (one event a commit); none for no message. */
  messagesStoredEvent(
    conversation: StoredIn,
    messages: { id: string; role: 'user' | 'assistant' | 'operator' | 'system' }[],
    responseMs?: number,
    /** The LLM tokens the turn spent (analytics' tokens). */
    usage?: TokenUsage,
  ): KeptEvent | undefined {
    if (messages.length === 0) return undefined;
    const { userId, userRealm } = rememberedVisitor(conversation);
    return keptEvent(
      'events.message.stored',
      {
        conversationId: conversation.id,
        tenantId: conversation.tenant_id,
        agentId: conversation.agent_id,
        agentVersion: conversation.agent_version,
        linkId: conversation.link_id,
        email: conversation.visitor_email,
        userId,
        userRealm,
        messages: messages.map((message) => ({ messageId: message.id, role: message.role })),
        ...(responseMs === undefined ? {} : { responseMs }),
        ...(usage === undefined ? {} : { usage }),
        at: new Date().toISOString(),
      },
      conversation.id,
    );
  }

  /** A message stored by a change that keeps no events of its own (an operator's): messages.stored. */
  messagesStored(conversation: StoredIn, messages: { id: string; role: 'user' | 'assistant' | 'operator' | 'system' }[]): void {
    const event = this.messagesStoredEvent(conversation, messages);
    if (event) this.publish(event);
  }

  /**
   * A commit's own events, written with it: published now, and their rows deleted once the stream
   * has them; one it does not take stays for the relay.
   */
  release(events: readonly KeptEvent[]): void {
    for (const event of events) {
      this.bus.publish(event.name, event.payload as never).then(
        () => this.keeper?.delivered([event.id]),
        (error: unknown) => {
          this.keeper?.undelivered([event.id]);
          this.logger.warn({ err: error, event: event.name }, 'an event was not published; it is kept for the relay');
        },
      );
    }
  }

  /** A refusal the sessions service decided (a spent token budget), for analytics and webhooks like the gateway's. */
  securityEvent(kind: EventPayload<PlatformCatalog, 'events.security.refused'>['kind'], tenantId: string, linkId: string | null): void {
    this.publish(keptEvent('events.security.refused', { id: timeOrderedUuid(), kind, tenantId, linkId, at: new Date().toISOString() }, null));
  }

  sessionCreatedEvent(event: Omit<EventPayload<PlatformCatalog, 'events.session.created'>, 'at'>): KeptEvent {
    return keptEvent('events.session.created', { ...event, at: new Date().toISOString() }, event.conversationId);
  }

  /** `session.ended`: the conversation ended (by a turn, a call, a timeout, its link closing), with the reason (its status unless said). */
  sessionEndedEvent(conversation: EndedConversation, end: ConversationEnd): KeptEvent {
    const reason = end.reason ?? end.status;
    return keptEvent(
      'events.session.ended',
      {
        conversationId: conversation.id,
        sessionId: conversation.session_id,
        tenantId: conversation.tenant_id,
        agentId: conversation.agent_id,
        agentVersion: conversation.agent_version,
        status: end.status,
        at: new Date().toISOString(),
        totalTurns: end.totalTurns,
        totalTransitions: end.totalTransitions,
        linkId: conversation.link_id,
        startedAt: conversation.created_at.toISOString(),
        ...(reason === end.status ? {} : { reason }),
      },
      conversation.id,
    );
  }

  /** The conversation ended by a change that keeps no events of its own: session.ended for analytics, and the end to a visitor watching. */
  async sessionEnded(conversation: EndedConversation, end: ConversationEnd): Promise<void> {
    this.publish(this.sessionEndedEvent(conversation, end));
    await this.endedLive(conversation, end);
  }

  /** `session_ended` with the reason (its status unless said), to a visitor watching. */
  async endedLive(conversation: Pick<ConversationRow, 'id' | 'channel'>, end: Pick<ConversationEnd, 'status' | 'reason'>): Promise<void> {
    await this.toConversation(conversation, { event: 'session_ended', data: { reason: end.reason ?? end.status } });
  }

  /** An escalation's change of state, for the rest of the platform (webhooks, analytics, audit). */
  escalationChanged(escalation: EscalationRow, conversation: Pick<ConversationRow, 'channel' | 'link_id' | 'agent_version'>): void {
    const event = ESCALATION_EVENT[escalation.state];
    if (!event) return;
    // The admin key has no id of its own (see actorOf).
    const actorId = escalation.operator_key_id === 'admin' ? null : escalation.operator_key_id;
    const payload = {
      eventId: timeOrderedUuid(),
      escalationId: escalation.id,
      tenantId: escalation.tenant_id,
      conversationId: escalation.conversation_id,
      agentId: escalation.agent_id,
      agentVersion: conversation.agent_version,
      agentName: null,
      channel: conversation.channel,
      linkId: conversation.link_id,
      state: escalation.state,
      reason: escalation.reason,
      operator: escalation.operator_name ? { name: escalation.operator_name, actorId } : null,
      at: new Date().toISOString(),
    };
    this.publish(keptEvent(event, payload as EventPayload<PlatformCatalog, typeof event>, escalation.conversation_id));
  }

  /** A visitor's thumb or score, stored (analytics and webhooks count it; see FeedbackService). */
  feedbackReceived(event: EventPayload<PlatformCatalog, 'events.feedback.received'>): void {
    this.publish(keptEvent('events.feedback.received', event, event.conversationId));
  }

  /** A conversation resolved (`resolved`) or its `ended` resolution taken back (docs/management-api.md "Outcomes"). */
  resolution(row: ResolutionRow, resolved: boolean): void {
    this.publish(
      keptEvent(
        'events.conversation.resolved',
        {
          eventId: timeOrderedUuid(),
          conversationId: row.id,
          tenantId: row.tenant_id,
          agentId: row.agent_id,
          agentVersion: row.agent_version,
          linkId: row.link_id,
          channel: row.channel,
          reason: row.resolution,
          resolved,
          resolvedAt: row.resolved_at.toISOString(),
          at: new Date().toISOString(),
        },
        row.id,
      ),
    );
  }

  /**
   * A content rule's hits on a message (docs/public-chat-api.md "Content rules"): one security event per rule
   * that hit, counted by analytics and sent to webhooks as `security.alert`; never the text.
   */
  contentHits(subject: { tenantId: string; linkId: string | null }, hits: readonly ContentHit[]): void {
    for (const hit of hits) {
      const payload = {
        id: timeOrderedUuid(),
        kind: CONTENT_EVENT[hit.action],
        tenantId: subject.tenantId,
        linkId: subject.linkId,
        at: new Date().toISOString(),
      };
      this.publish(keptEvent('events.security.refused', payload, null));
    }
  }

  /** To a visitor watching the conversation (see watched). */
  async toConversation(conversation: Pick<ConversationRow, 'id' | 'channel'>, event: LiveEvent): Promise<void> {
    if (this.watched(conversation)) await this.append(conversation.id, event, { conversationId: conversation.id });
  }

  /** To the conversations waiting in a tenant's queue, by id, all at once (each has a log of its own). */
  async toWaiting(conversations: { conversationId: string; event: LiveEvent }[]): Promise<void> {
    await Promise.all(conversations.map(({ conversationId, event }) => this.append(conversationId, event, { conversationId })));
  }

  /** To the tenant's operators, on their inbox log. */
  async toInbox(tenantId: string, event: InboxEvent): Promise<void> {
    await this.append(inboxLogKey(tenantId), event, { tenantId });
  }

  /**
   * An idle `status` in the conversation's log, as a mark a stream can start after; its id, or
   * null without live events (or when it could not be appended): the client reads from the start.
   */
  async mark(conversationId: string): Promise<string | null> {
    return (await this.append(conversationId, IDLE, { conversationId })) ?? null;
  }

  /** An event of a change that kept none of its own: published; one the stream does not take is kept for the relay (EventKeeper). */
  private publish(event: KeptEvent): void {
    this.bus.publish(event.name, event.payload as never).catch(async (error: unknown) => {
      try {
        if (!this.keeper) throw error;
        await this.keeper.keep(event);
        this.logger.warn({ err: error, event: event.name }, 'an event was not published; it is kept for the relay');
      } catch (failure) {
        this.logger.error({ err: failure, event: event.name }, 'an event was not published and could not be kept');
      }
    });
  }

  private async append(key: string, event: LiveEvent | InboxEvent, context: Record<string, string>): Promise<string | undefined> {
    return (await this.appendAll(key, [event], context))?.[0];
  }

  /** Appended in order at one instant; a failure is logged (debug) and swallowed: the ids, or undefined. */
  private async appendAll(key: string, events: readonly (LiveEvent | InboxEvent)[], context: Record<string, string>): Promise<string[] | undefined> {
    if (!this.live) return undefined;
    try {
      return await this.live.appendAll(key, events);
    } catch (error) {
      this.logger.debug({ err: error, ...context, event: events[0]?.event }, 'could not append a live event');
      return undefined;
    }
  }
}
