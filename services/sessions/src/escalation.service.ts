import { randomUUID } from 'node:crypto';
import { AppError, type Attachment, type ConversationTarget, type EscalationCreated, type EscalationState, type EscalationSummary } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { Announcer } from './announcer.js';
import type { ConversationRepository, ConversationRow } from './conversation.repository.js';
import type { ConversationStore } from './conversation.store.js';
import { newEscalationId } from './escalation-id.js';
import type { EscalationRepository, EscalationRow, InboxRow } from './escalation.repository.js';
import { actorOf, type Operator } from './inbox-operator.js';

export interface EscalationOptions {
  /** Expected time for a person to take a waiting conversation when the tenant has no recent claims to go by. */
  notifyAfterSeconds: number;
}

const iso = (date: Date | null | undefined) => (date ? new Date(date).toISOString() : null);

/**
 * Escalation to a human: opening one from any way in, the inbox's actions, and what everybody
 * watching is told (through the Announcer) – the visitor (their conversation's live log: the
 * escalation's state, their place in the queue, the operator's messages and typing), the tenant's
 * operators (the inbox log: escalations and the messages of escalated conversations), and the
 * rest of the platform (the escalation.* events).
 */
export class EscalationService {
  constructor(
    private readonly repository: EscalationRepository,
    private readonly store: ConversationStore,
    private readonly conversations: ConversationRepository,
    private readonly announcer: Announcer,
    private readonly logger: Logger,
    private readonly options: EscalationOptions,
  ) {}

  async create(request: { target: ConversationTarget; reason: string; metadata?: Record<string, unknown> | undefined; source: 'visitor' | 'api' }): Promise<EscalationCreated> {
    const conversation = await this.conversationOf(request.target);
    if (conversation.status !== 'active') throw new AppError('gone', `this conversation has ended (${conversation.status})`, { details: { reason: conversation.status } });
    const opened = await this.store.openEscalation({
      id: newEscalationId(),
      conversation,
      reason: request.reason,
      metadata: request.metadata ?? {},
      source: request.source,
    });
    if (!opened) {
      const now = await this.conversationOf(request.target);
      if (now.status !== 'active') throw new AppError('gone', `this conversation has ended (${now.status})`, { details: { reason: now.status } });
      throw new AppError('conflict', 'this conversation is already with a person (or waiting for one)', { details: { escalation_id: now.escalation_id } });
    }
    const summary = await this.opened(opened.escalation, opened.conversation);
    const e = opened.escalation;
    return {
      escalation: {
        id: e.id,
        conversation_id: e.conversation_id,
        state: e.state,
        reason: e.reason,
        created_at: new Date(e.created_at).toISOString(),
        position: summary.position,
        estimated_wait_seconds: summary.estimated_wait_seconds,
      },
    };
  }

  /** After an escalation opened (any way in, a handoff node too): everyone watching is told. */
  async opened(escalation: EscalationRow, conversation: ConversationRow): Promise<EscalationSummary> {
    this.logger.info({ escalationId: escalation.id, conversationId: conversation.id, source: escalation.source }, 'conversation escalated');
    this.announcer.escalationChanged(escalation, conversation);
    // A new escalation joins the end of the queue: the places and waits of those before it do not
    // change, so only its own conversation is told (telling every waiting one made each escalation
    // cost as many appends as the queue was long).
    const positions = await this.queue(escalation.tenant_id);
    const summary = positions.get(escalation.id) ?? { id: escalation.id, state: escalation.state, position: null, estimated_wait_seconds: null };
    const item = await this.itemOf(escalation, conversation, summary.position);
    await Promise.all([
      this.announcer.toInbox(escalation.tenant_id, { event: 'escalation', data: item }),
      summary.position === null ? undefined : this.announcer.toConversation(conversation, { event: 'escalation', data: { ...summary, operator: null } }),
    ]);
    return summary;
  }

  /** Opens the escalation a handoff node asked for at the start of a conversation (a turn's handoff commits its own). */
  async openForStart(conversationId: string, reason: string): Promise<void> {
    const conversation = await this.conversations.findById(conversationId);
    if (!conversation) return;
    const opened = await this.store.openEscalation({ id: newEscalationId(), conversation, reason, metadata: {}, source: 'workflow' });
    if (opened) await this.opened(opened.escalation, opened.conversation);
  }

  /** After a turn whose handoff node opened an escalation in the same commit. */
  async openedByTurn(escalationId: string): Promise<void> {
    const escalation = await this.repository.findById(escalationId);
    const conversation = escalation && (await this.conversations.findById(escalation.conversation_id));
    if (escalation && conversation) await this.opened(escalation, conversation);
  }

  /** Where a conversation's open escalation stands, for the reply to a message sent while it is open. */
  async summary(conversation: ConversationRow): Promise<EscalationSummary | undefined> {
    if (!conversation.escalation_id) return undefined;
    const escalation = await this.repository.findById(conversation.escalation_id);
    if (!escalation) return undefined;
    if (escalation.state !== 'waiting') return { id: escalation.id, state: escalation.state, position: null, estimated_wait_seconds: null };
    const queue = await this.queue(escalation.tenant_id);
    return queue.get(escalation.id) ?? { id: escalation.id, state: escalation.state, position: null, estimated_wait_seconds: null };
  }

  /** A visitor's message in an escalated conversation reaches the tenant's operators, with the files it carries. */
  async visitorMessage(conversation: ConversationRow, message: { id: string; content: string; createdAt: Date; attachments?: Attachment[] | undefined }): Promise<void> {
    if (!conversation.escalation_id) return;
    await this.announcer.toInbox(conversation.tenant_id, {
      event: 'message',
      data: {
        escalation_id: conversation.escalation_id,
        conversation_id: conversation.id,
        id: message.id,
        role: 'user',
        content: message.content,
        created_at: message.createdAt.toISOString(),
        ...(message.attachments?.length ? { attachments: message.attachments } : {}),
      },
    });
  }

  /** The conversation ended while escalated (see ConversationEnding): its escalation closes, as nobody is left to wait for a person. */
  async conversationEnded(conversation: ConversationRow): Promise<void> {
    if (!conversation.escalation_id) return;
    const closed = await this.store.closeEscalationOfEnded(conversation.escalation_id);
    if (closed) await this.changed(closed, conversation);
  }

  async visitorTyping(request: { linkId: string; credentialHash: string }): Promise<{ escalated: boolean }> {
    const found = await this.conversations.findByCredential(request.credentialHash);
    if (!found || found.conversation.link_id !== request.linkId) throw new AppError('unauthorized', 'unknown session', { details: { reason: 'unknown_session' } });
    const c = found.conversation;
    if (!c.escalation_id) return { escalated: false };
    await this.announcer.toInbox(c.tenant_id, { event: 'status', data: { state: 'typing', by: 'visitor', conversation_id: c.id, escalation_id: c.escalation_id } });
    return { escalated: true };
  }

  async list(target: ConversationTarget) {
    const conversation = await this.conversationOf(target);
    const rows = await this.repository.forConversation(conversation.id);
    return { escalations: rows.map(listedEscalation) };
  }

  async inbox(request: { tenantId: string; states: EscalationState[]; agentId?: string | undefined; limit: number }) {
    const [rows, queue] = await Promise.all([
      this.repository.inbox(request.tenantId, request.states, request.agentId, request.limit),
      this.queue(request.tenantId),
    ]);
    return { items: rows.map((row) => itemOfRow(row, queue.get(row.id)?.position ?? null)) };
  }

  async act(request: { tenantId: string; escalationId: string; operator: Operator; action: 'claim' | 'release' | 'close' | 'typing' }) {
    const { tenantId, escalationId, operator } = request;
    if (request.action === 'typing') return this.typing(tenantId, escalationId, operator);
    if (request.action === 'claim') {
      const claimed = await this.repository.claim(tenantId, escalationId, operator);
      if (!claimed) throw await this.refusal(tenantId, escalationId, 'claim');
      const conversation = await this.conversations.findById(claimed.conversation_id);
      if (conversation) await this.changed(claimed, conversation);
      return { item: await this.itemOfConversation(claimed, conversation) };
    }
    const finished = await this.store.finishEscalation(tenantId, escalationId, operator, request.action === 'release' ? 'released' : 'closed');
    if (!finished) throw await this.refusal(tenantId, escalationId, request.action);
    const conversation = finished.conversation ?? (await this.conversations.findById(finished.escalation.conversation_id));
    if (conversation) {
      await this.changed(finished.escalation, conversation);
      // Closing ended the conversation: whoever watches it is told, as of any end.
      if (request.action === 'close' && finished.conversation?.status === 'completed') {
        await this.announcer.sessionEnded(conversation, {
          status: 'completed',
          reason: 'closed',
          totalTurns: conversation.total_turns,
          totalTransitions: conversation.total_transitions,
        });
      }
    }
    return { item: await this.itemOfConversation(finished.escalation, conversation) };
  }

  async reply(request: { tenantId: string; escalationId: string; operator: Operator; content: string }) {
    const messageId = randomUUID();
    const stored = await this.store.addOperatorMessage(request.tenantId, request.escalationId, request.operator, messageId, request.content);
    if (!stored) throw await this.refusal(request.tenantId, request.escalationId, 'reply');
    const conversation = await this.conversations.findById(stored.conversation_id);
    if (conversation) {
      const message = { id: messageId, role: 'operator' as const, content: request.content, operator_name: request.operator.name };
      await this.announcer.toConversation(conversation, { event: 'message', data: message });
      await this.announcer.toConversation(conversation, { event: 'status', data: { state: 'idle', by: 'operator' } });
      await this.announcer.toInbox(conversation.tenant_id, {
        event: 'message',
        data: { ...message, escalation_id: request.escalationId, conversation_id: conversation.id, created_at: new Date(stored.created_at).toISOString() },
      });
      this.announcer.messagesStored(conversation, [{ id: messageId, role: 'operator' }]);
    }
    return { message_id: messageId, created_at: new Date(stored.created_at).toISOString() };
  }

  private async typing(tenantId: string, escalationId: string, operator: Operator) {
    const escalation = await this.repository.find(tenantId, escalationId);
    if (!escalation) throw new AppError('not_found', 'escalation not found');
    const conversation = await this.conversations.findById(escalation.conversation_id);
    if (escalation.state !== 'claimed' || escalation.operator_key_id !== actorOf(operator)) throw await this.refusal(tenantId, escalationId, 'type');
    if (conversation) await this.announcer.toConversation(conversation, { event: 'status', data: { state: 'typing', by: 'operator', operator_name: operator.name } });
    return { item: await this.itemOfConversation(escalation, conversation) };
  }

  /** A change of state: the visitor, the inbox, the queue behind it and the platform are told. */
  private async changed(escalation: EscalationRow, conversation: ConversationRow): Promise<void> {
    this.logger.info({ escalationId: escalation.id, state: escalation.state }, 'escalation changed');
    this.announcer.escalationChanged(escalation, conversation);
    const operatorRef = escalation.operator_name ? { name: escalation.operator_name } : null;
    await this.announcer.toConversation(conversation, {
      event: 'escalation',
      data: { id: escalation.id, state: escalation.state, position: null, estimated_wait_seconds: null, operator: operatorRef },
    });
    await this.announcer.toInbox(escalation.tenant_id, { event: 'escalation', data: await this.itemOf(escalation, conversation, null) });
    await this.broadcastQueue(escalation.tenant_id);
  }

  /** Every waiting visitor of the tenant is told their place in the queue and the expected wait. */
  private async broadcastQueue(tenantId: string): Promise<Map<string, EscalationSummary>> {
    const queue = await this.queue(tenantId);
    const waiting = await this.repository.waiting(tenantId);
    const conversationOf = new Map(waiting.map((e) => [e.id, e.conversation_id]));
    await this.announcer.toWaiting(
      [...queue].flatMap(([id, summary]) => {
        const conversationId = conversationOf.get(id);
        return conversationId ? [{ conversationId, event: { event: 'escalation' as const, data: { ...summary, operator: null } } }] : [];
      }),
    );
    return queue;
  }

  /** Positions (1-based, oldest first) and expected waits of the tenant's waiting escalations. */
  private async queue(tenantId: string): Promise<Map<string, EscalationSummary>> {
    const [waiting, average] = await Promise.all([this.repository.waiting(tenantId), this.repository.averageWaitSeconds(tenantId)]);
    // With no recent claims to go by, the platform's own expectation: a person answers within the notice time.
    const perPlace = average ?? this.options.notifyAfterSeconds;
    return new Map(
      waiting.map((e, index) => [e.id, { id: e.id, state: 'waiting' as const, position: index + 1, estimated_wait_seconds: Math.max(1, Math.round(perPlace * (index + 1))) }]),
    );
  }

  /** Why an action on an escalation was refused, said precisely. */
  private async refusal(tenantId: string, escalationId: string, action: string): Promise<AppError> {
    const escalation = await this.repository.find(tenantId, escalationId);
    if (!escalation) return new AppError('not_found', 'escalation not found');
    if (escalation.state === 'claimed') {
      return new AppError('conflict', `${escalation.operator_name ?? 'another operator'} has claimed this conversation`, {
        details: { state: escalation.state, operator: escalation.operator_name },
      });
    }
    if (escalation.state === 'waiting') return new AppError('conflict', `claim the conversation before you ${action} in it`, { details: { state: escalation.state } });
    return new AppError('conflict', `this escalation is already ${escalation.state}`, { details: { state: escalation.state } });
  }

  private async conversationOf(target: ConversationTarget): Promise<ConversationRow> {
    if ('sessionId' in target) {
      const found = await this.conversations.find(target.sessionId);
      if (!found) throw new AppError('not_found', 'session not found');
      return found.conversation;
    }
    const found = await this.conversations.findByCredential(target.credentialHash);
    if (!found || found.conversation.link_id !== target.linkId) throw new AppError('unauthorized', 'unknown session', { details: { reason: 'unknown_session' } });
    return found.conversation;
  }

  private async itemOf(escalation: EscalationRow, conversation: ConversationRow, position: number | null) {
    const [last] = await this.conversations.lastMessages(conversation.id, 1);
    return itemOfRow({ ...escalation, channel: conversation.channel, link_id: conversation.link_id, last_message: last?.content ?? null, last_message_at: last?.created_at ?? null }, position);
  }

  private async itemOfConversation(escalation: EscalationRow, conversation: ConversationRow | undefined) {
    if (!conversation) return itemOfRow({ ...escalation, channel: 'api', link_id: null, last_message: null, last_message_at: null }, null);
    const position = escalation.state === 'waiting' ? ((await this.queue(escalation.tenant_id)).get(escalation.id)?.position ?? null) : null;
    return this.itemOf(escalation, conversation, position);
  }
}

/** An escalation as a conversation's list of them shows it. */
export function listedEscalation(row: EscalationRow) {
  return {
    id: row.id,
    reason: row.reason,
    state: row.state,
    created_at: new Date(row.created_at).toISOString(),
    claimed_at: iso(row.claimed_at),
    closed_at: iso(row.closed_at),
    operator: row.operator_name ? { name: row.operator_name } : null,
  };
}

/** An escalation as the inbox shows it (offline-capture.ts shows one whose visitor left an email). */
export function itemOfRow(row: InboxRow & { team_name?: string | null }, position: number | null) {
  return {
    escalation_id: row.id,
    conversation_id: row.conversation_id,
    agent_id: row.agent_id,
    channel: row.channel,
    reason: row.reason,
    state: row.state,
    waiting_since: new Date(row.created_at).toISOString(),
    claimed_at: iso(row.claimed_at),
    operator: row.operator_name ? { name: row.operator_name } : null,
    operator_member_id: row.operator_key_id?.startsWith('mem_') ? row.operator_key_id : null,
    team: row.team_id ? { id: row.team_id, name: row.team_name ?? row.team_id } : null,
    assigned_at: iso(row.assigned_at),
    offline: row.offline_email !== null,
    last_message: row.last_message,
    last_message_at: iso(row.last_message_at),
    position: row.state === 'waiting' ? position : null,
  };
}
